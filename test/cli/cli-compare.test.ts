// `perfdoc compare` and `perfdoc export` (spec §14) through the real binary: exit statuses
// (0 passed, 1 a criterion failed, 2 usage or I/O), the three output formats, --test picking,
// and the export traps (one k6 thresholds key per metric; no Artillery maxErrorRate).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, perfdocCli } from '../fixtures/cli';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const compare = (...args: string[]) => perfdocCli(['compare', ...args], EXAMPLES);

describe('cli: perfdoc compare', () => {
  it('passes the §13.3 example run: exit 0, every check and its plan line in JSON', () => {
    const r = compare(
      'results/peak-warm.k6.json',
      '--plan',
      'load-test-criteria.perf.yaml',
      '--test',
      'Peak, warm cache',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.passed, true);
    assert.equal(report.format, 'k6-handle-summary');
    assert.equal(report.measured.p95, 462.7);
    assert.equal(report.measured.requests.search.p95, 488.1);
    const p95 = report.checks.find((c: { criterion: string; request?: string }) => c.criterion === 'p95' && !c.request);
    assert.deepEqual(
      { status: p95.status, measured: p95.measured, limit: p95.limit, line: p95.line, source: p95.source },
      { status: 'pass', measured: 462.7, limit: 500, line: 20, source: 'metrics.http_req_duration.values["p(95)"]' },
    );
    assert.deepEqual(report.notResources, [
      'db.cpu',
      'db.connections',
      'orders.oldestMessageAge',
      'lambda.throttles',
      'dynamodb.throttles',
      'alarms.critical',
    ]);
  });

  it('exits 1 when a criterion fails; text names the measured value, the criterion and the source', () => {
    const r = compare(
      'rules/results/checkout-load.k6.json',
      '--plan',
      'rules/loadtest-rules.perf.yaml',
      '--test',
      'load',
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^FAILED: /);
    assert.match(
      r.stdout,
      /FAIL LT009 measured p95 341\.8 ms breaks the criterion p95 ≤ 300 ms \(metrics\.http_req_duration\.values\["p\(95\)"\] in rules\/results\/checkout-load\.k6\.json\)/,
    );
    assert.match(r.stdout, /k6 threshold http_req_duration p\(95\)<300: failed/);
  });

  it('markdown: a table for a pull-request comment', () => {
    const r = compare(
      'rules/results/checkout-load.k6.json',
      '--plan',
      'rules/loadtest-rules.perf.yaml',
      '--test',
      'load',
      '--format',
      'markdown',
    );
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^### perfdoc compare: ❌ failed/);
    assert.match(r.stdout, /\| ❌ \| LT009 \| p95 \| 341\.8 ms \| 300 ms \| loadtest-rules\.perf\.yaml:19 \|/);
  });

  it('usage errors exit 2: several tests and no --test, an unknown test, a missing or unrecognised results file', () => {
    const several = compare('results/peak-warm.k6.json', '--plan', 'load-test-criteria.perf.yaml');
    assert.equal(several.status, 2);
    assert.match(several.stderr, /has 2 tests \("Peak, warm cache", "Peak, cold cache"\): pick one with --test NAME/);
    const unknown = compare('results/peak-warm.k6.json', '--plan', 'load-test-criteria.perf.yaml', '--test', 'nope');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no test named "nope"/);
    assert.equal(
      compare('results/none.json', '--plan', 'load-test-criteria.perf.yaml', '--test', 'Peak, warm cache').status,
      2,
    );
    const garbage = compare('README.md', '--plan', 'load-test-criteria.perf.yaml', '--test', 'Peak, warm cache');
    assert.equal(garbage.status, 2);
    assert.match(garbage.stderr, /unrecognised results file/);
    assert.equal(compare('results/peak-warm.k6.json').status, 2);
  });

  it('criteria.window: a JTL run whose last 20 s break p95 fails the gate (exit 1) although the whole run meets it', () => {
    // 41 requests one a second, 100 ms but two of 900 ms (35 s, 38 s): whole run p95 = rank 39 of
    // 41 = 100 ms; the window 20 s–40 s holds 21 requests, p95 = rank 20 of 21 = 900 ms.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-window-'));
    try {
      const rows = Array.from(
        { length: 41 },
        (_, s) => `${1796155476000 + s * 1000},${s === 35 || s === 38 ? 900 : 100},search,200,OK,t1,text,true`,
      );
      fs.writeFileSync(
        path.join(dir, 'run.jtl'),
        ['timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success', ...rows, ''].join('\n'),
      );
      const plan = (window: string) =>
        [
          'apiVersion: perfdoc/v1',
          'kind: LoadTestPlan',
          'name: Window',
          'tests:',
          `  - { type: load, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1%${window} } }`,
          '',
        ].join('\n');
      fs.writeFileSync(path.join(dir, 'windowed.perf.yaml'), plan(', window: 20s'));
      fs.writeFileSync(path.join(dir, 'whole.perf.yaml'), plan(''));
      const windowed = perfdocCli(['compare', 'run.jtl', '--plan', 'windowed.perf.yaml'], dir);
      assert.equal(windowed.status, 1, windowed.stdout + windowed.stderr);
      assert.match(
        windowed.stdout,
        /FAIL LT009 measured p95 900 ms in one 20 s window breaks the criterion p95 ≤ 500 ms/,
      );
      assert.equal(perfdocCli(['compare', 'run.jtl', '--plan', 'whole.perf.yaml'], dir).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli: perfdoc export', () => {
  const exported = (tool: string) =>
    perfdocCli(['export', tool, 'load-test-criteria.perf.yaml', '--test', 'Peak, warm cache'], EXAMPLES);

  it("k6: an arrival-rate scenario at the rps, VUs by Little's law on the budget p95, merged thresholds with their lines", () => {
    const r = exported('k6');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /executor: 'constant-arrival-rate',\n {6}rate: 2000, \/\/ rps load-test-criteria\.perf\.yaml:14/,
    );
    // 2,000 rps × 0.5 s (search-api.perf.yaml p95 target) = 1,000 in flight, × 1.5 = 1,500.
    assert.match(r.stdout, /preAllocatedVUs: 1500,/);
    assert.match(
      r.stdout,
      /\/\/ p95 load-test-criteria\.perf\.yaml:20; p99 load-test-criteria\.perf\.yaml:21\n {4}"http_req_duration": \["p\(95\)<=500", "p\(99\)<=1200"\],/,
    );
    assert.match(r.stdout, /"http_req_failed": \["rate<=0\.001"\],/);
    assert.match(r.stdout, /"http_req_duration\{name:search\}": \["p\(95\)<=500", "p\(99\)<=1200"\],/);
    // k6 keeps only the last of repeated keys: none is repeated.
    assert.equal(r.stdout.match(/"http_req_duration":/g)?.length, 1);
  });

  it('artillery: phases at the rps, ensure thresholds, the error rate on request counters (never maxErrorRate)', () => {
    const r = exported('artillery');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /- name: hold # rps load-test-criteria\.perf\.yaml:14, duration load-test-criteria\.perf\.yaml:15\n {6}duration: 1800\n {6}arrivalRate: 2000/,
    );
    assert.match(r.stdout, /- "http\.response_time\.p95": 500 # p95 load-test-criteria\.perf\.yaml:20/);
    assert.match(
      r.stdout,
      /- expression: "\(http\.requests - http\.codes\.200\) \/ http\.requests <= 0\.001" # errorRate load-test-criteria\.perf\.yaml:22/,
    );
    assert.doesNotMatch(r.stdout, /maxErrorRate/);
  });

  it('usage errors exit 2', () => {
    assert.equal(perfdocCli(['export', 'gatling', 'load-test-criteria.perf.yaml'], EXAMPLES).status, 2);
    assert.equal(perfdocCli(['export', 'k6', 'load-test-criteria.perf.yaml'], EXAMPLES).status, 2);
  });
});
