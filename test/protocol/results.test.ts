// A plan's results file changing on disk re-checks the open plan (spec §11: LT009 from the
// run a test names): the editor reports the file with workspace/didChangeWatchedFiles and
// the server publishes the plan's diagnostics again. Each step waits on that publish.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PublishedDiagnostics, fileUri, freshServerPerTest } from '../helpers/lspClient';

/** A k6 handleSummary data JSON with the figures the criteria read (grafana/k6 `metrics[name].values`). */
const k6Run = (p95: number) =>
  JSON.stringify({
    state: { testRunDurationMs: 600000 },
    metrics: {
      http_reqs: { type: 'counter', values: { count: 1200000, rate: 2000 } },
      http_req_duration: { type: 'trend', values: { med: 150, 'p(95)': p95, 'p(99)': 1000 } },
      http_req_failed: { type: 'rate', values: { rate: 0.0005 } },
    },
  });

const PLAN = [
  'apiVersion: perfdoc/v1',
  'kind: LoadTestPlan',
  'name: Case search',
  'tests:',
  '  - type: load',
  '    rps: 2000',
  '    criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }',
  '    results: ./runs/peak.json',
  '',
].join('\n');

describe('protocol: results files', () => {
  const ws = freshServerPerTest('perfdoc-proto-results-');

  it('writing the results file brings LT009, a passing run takes it away, deleting it is PD004', async () => {
    const plan = path.join(ws.dir, 'plan.perf.yaml');
    const results = path.join(ws.dir, 'runs', 'peak.json');
    const uri = fileUri(plan);
    const codes = (p: PublishedDiagnostics) => p.diagnostics.map(d => d.code);
    const opened = await ws.client.open(plan, PLAN);
    assert.ok(codes(opened).includes('PD004'), 'no results file yet');
    assert.ok(!codes(opened).includes('LT009'));

    /** Reports `type` for the results file and waits for the next publish of the plan matching `test`. */
    const reported = (type: 1 | 2 | 3, test: (p: PublishedDiagnostics) => boolean) => {
      const from = ws.client.published.length;
      const next = ws.client.waitForDiagnostics(uri, p => ws.client.published.indexOf(p) >= from && test(p));
      void ws.client.conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: fileUri(results), type }],
      });
      return next;
    };

    fs.mkdirSync(path.dirname(results));
    fs.writeFileSync(results, k6Run(640));
    const failing = await reported(1, p => codes(p).includes('LT009'));
    assert.deepEqual(
      failing.diagnostics.filter(d => d.code === 'LT009').map(d => [d.message, d.range.start.line]),
      [
        [
          'measured p95 640 ms breaks the criterion p95 ≤ 500 ms (metrics.http_req_duration.values["p(95)"] in ./runs/peak.json)',
          6,
        ],
      ],
    );
    assert.ok(!codes(failing).includes('PD004'));

    fs.writeFileSync(results, k6Run(470));
    const passing = await reported(2, p => !codes(p).includes('LT009'));
    assert.ok(!codes(passing).includes('PD004'), JSON.stringify(passing.diagnostics));

    fs.rmSync(results);
    const deleted = await reported(3, p => codes(p).includes('PD004'));
    assert.match(
      String(deleted.diagnostics.find(d => d.code === 'PD004')?.message),
      /^results: cannot read runs\/peak\.json/,
    );
  });
});
