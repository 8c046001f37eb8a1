// The measured-figures chart of a LoadTestPlan test with results (charts/results.ts): its
// model reads the core's figures and verdicts, and the preview/report sections draw it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentSection } from '../../server/src/charts/html';
import { renderResultsCharts, resultsCharts } from '../../server/src/charts/results';
import { LESSON_SEGMENTS, MemoryHost, analyze, latencyBudget, onlyDocument, perfdoc } from '../fixtures/documents';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/results');

const file = analyze(
  perfdoc(
    'LoadTestPlan',
    'budget: ./search.perf.yaml',
    'tests:',
    '  - { type: load, rps: 2000, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }, results: ./run.json }',
  ),
  '/work/plan.perf.yaml',
  {
    references: new MemoryHost({
      '/work/search.perf.yaml': latencyBudget(LESSON_SEGMENTS),
      '/work/run.json': fs.readFileSync(path.join(FIXTURES, 'k6-summary-export.json'), 'utf8'),
    }),
  },
);

describe('charts: measured figures against criteria and budget', () => {
  const doc = onlyDocument(file);
  assert.ok(doc.kind === 'LoadTestPlan');
  const [chart] = resultsCharts(file, doc.loadTest);

  it('rows p50/p95/p99: measured, the criterion, the budget target and whether LT009 broke it', () => {
    assert.deepEqual(
      chart.rows.map(r => [r.key, r.measured, r.criterion, r.target, r.failed]),
      [
        ['p50', 171.3, null, 150, false],
        ['p95', 540.6, 500, 500, true],
        ['p99', null, 1200, 1200, false],
      ],
    );
    assert.deepEqual(chart.errorRate, { measured: 280 / 36000, criterion: 0.001, failed: true });
    assert.deepEqual(chart.rps, { measured: 1200, planned: 2000, failed: true });
  });

  it('the SVG labels each bar with its figures; the document section includes it', () => {
    const [figure] = renderResultsCharts([chart]);
    assert.match(figure.title, /^Measured: test "load" \(k6 --summary-export JSON\)$/);
    assert.match(figure.svg, /p95: measured 540\.6 ms, criterion ≤ 500 ms \(broken: LT009\), budget target 500 ms/);
    assert.match(figure.svg, /p99: not measured, criterion ≤ 1\.2 s/);
    assert.match(figure.svg, /errorRate 0\.78% \(criterion ≤ 0\.1%\) · 1,200 rps of 2,000 planned/);
    assert.ok(documentSection(file, doc).html.includes('Measured: test &quot;load&quot;'));
  });
});
