// Which parts of a file perfdoc reads (spec §1): file flavors, and Markdown fences whose info
// string is yaml or perfdoc, with diagnostics at their place inside the .md.
import * as assert from 'node:assert/strict';
import { fileFlavor, markdownFences, yamlBlocks } from '../../server/src/core/sources';
import { LESSON_SEGMENTS, analyze, assertAt, latencyBudget, lines, onlyDocument, single } from '../fixtures/documents';

const OVER_BUDGET = latencyBudget(['- { name: edge, budget: 600ms }']).trimEnd();
const K8S = lines('apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'spec: { maxReplicas: 10 }').trimEnd();
const fence = (info: string, body: string, marker = '```') => [`${marker}${info}`, body, marker];
const design = (...blocks: string[][]) =>
  lines('# Case search v2', '', 'Prose before the fences.', '', ...blocks.flatMap(b => [...b, '']));

describe('core sources (spec §1)', () => {
  it('tells *.perf.yaml, other YAML, Markdown and other files apart, case-insensitively', () => {
    assert.deepEqual(
      [
        'a.perf.yaml',
        'a.perf.yml',
        'A.PERF.YAML',
        'a.yaml',
        'a.yml',
        'a.md',
        'a.markdown',
        'a.json',
        'perf.yaml.txt',
      ].map(fileFlavor),
      ['perf-yaml', 'perf-yaml', 'perf-yaml', 'yaml', 'yaml', 'markdown', 'markdown', 'other', 'other'],
    );
  });

  it('reads nothing from a file that is neither YAML nor Markdown', () => {
    assert.deepEqual(yamlBlocks('notes.txt', OVER_BUDGET), []);
    assert.equal(analyze(OVER_BUDGET, '/work/notes.txt').documents.length, 0);
  });

  describe('Markdown fences', () => {
    it('yaml, yml and perfdoc fences with ``` or ~~~ are read; js and plain fences are not', () => {
      const md = design(
        fence('yaml', 'a: 1'),
        fence('yml', 'b: 2'),
        fence('perfdoc', 'c: 3', '~~~'),
        fence('js', 'const d = 4;'),
        fence('', 'e: 5'),
        fence('yaml title="x"', 'f: 6'),
      );
      const blocks = markdownFences(md);
      assert.deepEqual(
        blocks.map(b => [b.fence, b.text]),
        [
          ['yaml', 'a: 1\n'],
          ['yml', 'b: 2\n'],
          ['perfdoc', 'c: 3\n'],
          ['yaml', 'f: 6\n'],
        ],
      );
      for (const b of blocks)
        assert.equal(md.slice(b.start, b.start + b.text.length), b.text, 'offsets are absolute in the .md');
    });

    it('a fence closes only with its own character and at least its length; indented up to three spaces', () => {
      const md = lines(
        '````yaml',
        'a: |',
        '  ```',
        '  ~~~',
        '````',
        '   ```yaml',
        '   b: 1',
        '   ```',
        '    ```yaml',
        '    c: 1',
        '    ```',
      );
      assert.deepEqual(
        markdownFences(md).map(b => b.text),
        ['a: |\n  ```\n  ~~~\n', '   b: 1\n'],
      );
    });

    it('an unclosed fence runs to the end of the file', () => {
      const md = lines('# Draft', '```perfdoc', 'a: 1', 'b: 2');
      assert.deepEqual(
        markdownFences(md).map(b => b.text),
        ['a: 1\nb: 2\n'],
      );
    });

    it('analyzes a yaml fence holding a perfdoc document, with diagnostics at their line inside the .md', () => {
      const md = design(fence('yaml', OVER_BUDGET));
      const file = analyze(md, '/work/design.md');
      const doc = onlyDocument(file);
      assert.equal(doc.fence, 'yaml');
      const f = single(file, 'LB001');
      assert.deepEqual(file.lines.positionAt(f.start), { line: 9, character: 0 });
      assertAt(file, f, 'segments');
    });

    it('analyzes every perfdoc fence of a design doc and leaves the others alone', () => {
      const md = design(
        fence('yaml', K8S),
        fence('js', OVER_BUDGET),
        fence('perfdoc', latencyBudget(LESSON_SEGMENTS).trimEnd(), '~~~'),
        fence('yaml', OVER_BUDGET),
      );
      const file = analyze(md, '/work/design.md');
      assert.deepEqual(
        file.documents.map(d => [d.fence, d.kind, d.metrics.totalMs]),
        [
          ['perfdoc', 'LatencyBudget', 500],
          ['yaml', 'LatencyBudget', 600],
        ],
      );
      assertAt(file, single(file, 'LB001'), 'segments', 'segments', 2);
    });

    it('a perfdoc fence is always perfdoc: without apiVersion it is PD005; a yaml fence without it is silent', () => {
      const claimed = analyze(design(fence('perfdoc', 'kind: LatencyBudget')), '/work/design.md');
      assertAt(claimed, single(claimed, 'PD005'), 'kind', 'k');
      assert.equal(analyze(design(fence('yaml', 'kind: LatencyBudget')), '/work/design.md').documents.length, 0);
    });

    it('an unclosed perfdoc fence at the end of a doc being typed is still analyzed', () => {
      const md = lines('# Draft', '```perfdoc', OVER_BUDGET);
      const file = analyze(md, '/work/draft.md');
      assertAt(file, single(file, 'LB001'), 'segments');
    });

    it('a syntax error in a fence lands inside the fence, and the next fence is still analyzed', () => {
      const md = design(
        fence('yaml', 'apiVersion: perfdoc/v1\nkind: LatencyBudget\nsegments: [\n'),
        fence('yaml', OVER_BUDGET),
      );
      const file = analyze(md, '/work/design.md');
      const pd001 = single(file, 'PD001');
      const closing = md.indexOf('```', md.indexOf('segments: ['));
      assert.ok(pd001.start > md.indexOf('segments: [') && pd001.start <= closing, 'within the first fence');
      assert.equal(single(file, 'LB001').code, 'LB001');
    });
  });
});
