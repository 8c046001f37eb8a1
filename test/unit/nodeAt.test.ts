import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/core/analyze';
import { containing, elementsIn, locate, nodeAt, startingWithin } from '../../server/src/service/nodeAt';
import { parseYaml } from '../../server/src/core/yamlTree';

const budget = [
  'apiVersion: perfdoc/v1',
  'kind: LatencyBudget',
  'name: Search',
  'target: { p95: 500ms, timeout: 2s }',
  'segments:',
  '  - name: edge',
  '    budget: 40ms',
  '  - name: fan-out',
  '    parallel:',
  '      - { name: profile, budget: 60ms }',
  '      - { name: history, budget: 80ms }',
  '',
].join('\n');

describe('nodeAt', () => {
  it('gives the key path down to the innermost node, and whether the offset is on a key', () => {
    const file = analyzeFile('/w/s.perf.yaml', budget);
    const at = (needle: string, delta = 0) => nodeAt(file, budget.indexOf(needle) + delta)!.location!;
    assert.deepEqual(at('budget: 40ms').path, ['segments', 0, 'budget']);
    assert.equal(at('budget: 40ms').onKey, true);
    assert.equal(at('40ms', 2).onKey, false);
    assert.equal(at('40ms', 4).node.type, 'scalar', 'the end of a value still belongs to it');
    assert.deepEqual(at('history').path, ['segments', 1, 'parallel', 1, 'name']);
    assert.deepEqual(at('timeout').path, ['target', 'timeout']);
    assert.deepEqual(at('- name: edge').path, ['segments', 0], 'the dash is on the item');
  });

  it('finds the fence of a Markdown design doc, and nothing in its prose', () => {
    const md = `# Design\n\nSome prose.\n\n\`\`\`yaml\n${budget}\`\`\`\n\nMore prose.\n`;
    const file = analyzeFile('/w/design.md', md);
    const hit = nodeAt(file, md.indexOf('80ms'))!;
    assert.equal(hit.document.kind, 'LatencyBudget');
    assert.deepEqual(hit.location!.path, ['segments', 1, 'parallel', 1, 'budget']);
    assert.equal(nodeAt(file, md.indexOf('prose')), null);
  });

  it('stops at an alias value instead of descending into its anchor', () => {
    const text = 'a: &x { p95: 1ms }\nb: *x\n';
    const root = parseYaml(text)[0].root!;
    const loc = locate(root, text.indexOf('*x') + 1);
    assert.deepEqual(loc.path, ['b']);
    assert.equal(loc.node.type, 'map', 'the innermost node containing the offset is the root');
  });

  it('lists the elements of a range and the overlapping spans at an offset', () => {
    const spans = Array.from({ length: 1000 }, (_, i) => ({ start: i * 10, end: i * 10 + 5 }));
    assert.deepEqual(
      elementsIn(spans, 26, 47, s => s).map(s => s.start),
      [30, 40],
    );
    assert.deepEqual(
      elementsIn(spans, 25, 47, s => s).map(s => s.start),
      [20, 30, 40],
      'ends are inclusive',
    );
    const findings = [
      { start: 0, end: 100 },
      { start: 5, end: 6 },
      { start: 50, end: 60 },
      { start: 70, end: 80 },
    ];
    assert.deepEqual(
      containing(findings, 55, s => s),
      [findings[0], findings[2]],
    );
    assert.deepEqual(
      containing(findings, 200, s => s),
      [],
    );
    assert.deepEqual(
      startingWithin(findings, 5, 70, s => s),
      findings.slice(1),
      'starts inside the span, however far they reach',
    );
  });
});
