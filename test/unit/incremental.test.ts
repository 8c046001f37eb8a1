// Property: the incremental parse the server uses always equals a from-scratch parse and
// analysis, whatever edits came before. Fixed seed in CI; PERFDOC_FC_RUNS=2000 locally for longer.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeFile, parseFile } from '../../server/src/core/analyze';
import { IncrementalParser } from '../../server/src/core/incremental';

const RUNS = Number(process.env.PERFDOC_FC_RUNS ?? 25);
const SEED = Number(process.env.PERFDOC_FC_SEED ?? 20261128);

function budget(n: number): string {
  const lines = [
    'apiVersion: perfdoc/v1',
    'kind: LatencyBudget',
    'name: Search case API',
    'target:',
    '  p95: 500ms',
    '  p99: 1200ms',
    '  timeout: 2s',
    'segments:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  - name: segment-${i}  # step ${i}`,
      `    budget: ${10 + (i % 90)}ms`,
      `    dependency: svc-${i % 7}`,
      `    timeout: ${30 + (i % 90)}ms`,
      `    retries: ${i % 3}`,
    );
  }
  lines.push('budgetPercentile: p95', '');
  return lines.join('\n');
}

const SNIPPETS = [
  '',
  '\n',
  ' ',
  '  - name: x\n    budget: 5ms\n',
  '---\n',
  '&a ',
  '*a',
  'budget: 40',
  ': ',
  '- ',
  '#',
  '"',
  "'",
  '{',
  '}',
  '[',
  '\t',
  '\r\n',
  'segments:\n',
  'kind: CapacityModel\n',
  '%YAML 1.2\n',
];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.nat({ max: 40 }),
  ins: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 12 })),
});

function apply(text: string, e: { at: number; del: number; ins: string }): string {
  const i = Math.floor(e.at * text.length);
  return text.slice(0, i) + e.ins + text.slice(i + e.del);
}

function summary(path: string, text: string, parsed?: ReturnType<typeof parseFile>) {
  const a = analyzeFile(path, text, {}, parsed && { parse: () => parsed });
  return a.documents.map(d => ({
    kind: d.kind,
    name: d.name,
    start: d.start,
    end: d.end,
    metrics: d.metrics,
    findings: d.findings,
  }));
}

describe('incremental parse equals a from-scratch analysis', () => {
  for (const [label, path, base] of [
    ['large budget (split into sequence items)', 'big.perf.yaml', budget(200)],
    ['multi-document file', 'multi.perf.yaml', budget(3) + '---\n' + budget(2)],
    [
      'markdown design doc',
      'design.md',
      '# Design\n\n```yaml\n' + budget(4) + '```\n\ntext\n\n```perfdoc\n' + budget(2) + '```\n',
    ],
  ] as const) {
    it(label, function () {
      this.timeout(180_000); // a property run re-parses from scratch after every edit
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), edits => {
          const parser = new IncrementalParser();
          let text = base;
          parser.parse(path, text);
          for (const e of edits) {
            text = apply(text, e);
            const inc = parser.parse(path, text);
            assert.deepEqual(inc, parseFile(path, text));
            assert.deepEqual(summary(path, text, inc), summary(path, text));
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  it('a document whose last value is empty ends where the full parse ends it (before the newline)', () => {
    // yaml ends the document before the newline of a trailing empty value; the split parse said text.length.
    const segments = Array.from({ length: 40 }, (_, i) => `  - name: segment-${i}\n    budget: 10ms\n`).join('');
    const text = `apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: S\nsegments:\n${segments}    owner: \n`;
    const [full] = parseFile('/w/big.perf.yaml', text)[0].docs;
    assert.equal(full.end, text.length - 1);
    assert.deepEqual(new IncrementalParser().parse('/w/big.perf.yaml', text), parseFile('/w/big.perf.yaml', text));
  });

  it('re-parses only the edited item of a large sequence', () => {
    const parser = new IncrementalParser();
    const text = budget(200);
    parser.parse('big.perf.yaml', text);
    assert.equal(parser.stats.reused, 0);
    const i = text.indexOf('budget: 15ms');
    parser.parse('big.perf.yaml', text.slice(0, i) + 'budget: 16ms' + text.slice(i + 12));
    // The header and trailer keys are reused too; of the 200 items only the edited one is parsed.
    assert.equal(parser.stats.reused, 201);
    assert.equal(parser.stats.parsed, 1);
  });
});
