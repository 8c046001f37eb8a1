// LoadTestPlan v1.1 (spec §11): test names, the §13.2 inputs, LT006-LT008 firing and not
// firing, and a test's results judged against its criteria and the design (LT009, LT010,
// PD004 for a file that cannot be read). Figures worked by hand:
// - connections into db at max scale: 21 api units × 10 = 210 of maxConnections 500 = 42%;
// - orders drains its 100,000 backlog with 5 workers × 50/s in 100,000 / 250 = 400 s;
// - the shortest scale-out time is the api policy's warmup, 180 s.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LESSON_SEGMENTS,
  MemoryHost,
  analyze,
  assertCodes,
  assertNo,
  capacityModel,
  expectFinding,
  findingsOf,
  latencyBudget,
  onlyDocument,
  perfdoc,
} from '../fixtures/documents';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/results');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const MODEL = capacityModel(
  '{ peakRps: 2000, latency: 150ms, p95Latency: 450ms }',
  '{ safetyFactor: 1.5, maxUtilization: 70% }',
  'tiers:',
  '  - { name: api, unitRps: 300, units: { min: 6, max: 21 }, zones: 3, connectionsPerUnit: 10, dependsOn: [db] }',
  '  - { name: db, maxConnections: 500 }',
  'queues:',
  '  - { name: orders, backlog: 100000, ratePerWorker: 50/s, workers: 5, drainTime: 10m }',
  'scaling:',
  '  - { tier: api, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s, warmup: 180s }',
  'scenarios:',
  '  - { name: One AZ removed, zoneLost: true }',
);
/**
 * §10.6 by hand: the api tier saturates at 21 × 300 = 6,300 rps (3.15× peak); its pool into
 * db, 21 units × 10 = 210 connections, holds 2,000 rps × 50 ms = 100 calls in flight at
 * peak, so it fills at 210 / 100 = 2.1× peak = 4,200 rps: the breaking point. (In MODEL the
 * edge has no latency, so no pool figure: the api tier at 6,300 rps breaks first.)
 */
const POOL_FIRST = capacityModel(
  '{ peakRps: 2000, latency: 150ms, p95Latency: 450ms }',
  '{ safetyFactor: 1.5, maxUtilization: 70% }',
  'tiers:',
  '  - { name: api, unitRps: 300, units: { min: 6, max: 21 }, zones: 3, connectionsPerUnit: 10, dependsOn: [{ tier: db, latency: 50ms }] }',
  '  - { name: db, maxConnections: 500 }',
);
/** A model without tiers: nothing is traffic-bound, so there is no breaking point, only the peak. */
const PEAK_ONLY = capacityModel('{ peakRps: 2000, latency: 150ms, p95Latency: 450ms }', null);

const host = (files: Record<string, string> = {}) =>
  new MemoryHost({
    '/work/search.perf.yaml': latencyBudget(LESSON_SEGMENTS),
    '/work/model.perf.yaml': MODEL,
    '/work/peak.perf.yaml': PEAK_ONLY,
    '/work/pool.perf.yaml': POOL_FIRST,
    ...files,
  });

const CRITERIA = 'criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }';
const plan = (
  capacity: string | null,
  tests: string[],
  files: Record<string, string> = {},
  settings = DEFAULT_SETTINGS,
) =>
  analyze(
    perfdoc(
      'LoadTestPlan',
      'budget: ./search.perf.yaml',
      ...(capacity ? [`capacity: ${capacity}`] : []),
      'tests:',
      ...tests,
    ),
    '/work/plan.perf.yaml',
    { references: host(files), settings },
  );
/** Only the rules under test: LT001/LT002/LT005 fire on any partial plan. */
const codes = (file: ReturnType<typeof plan>) =>
  onlyDocument(file)
    .findings.map(f => f.code)
    .filter(c => !['LT001', 'LT005'].includes(c));

describe('core LoadTestPlan v1.1: names and inputs (spec §11)', () => {
  it('default names: the type, then type-2…, skipping names already taken', () => {
    const file = plan(null, [
      '  - { type: load, name: load-2 }',
      '  - { type: load }',
      '  - { type: load }',
      '  - { type: soak }',
    ]);
    const doc = onlyDocument(file);
    assert.deepEqual(doc.kind === 'LoadTestPlan' && doc.loadTest.model.tests.map(t => t.name), [
      'load-2',
      'load',
      'load-3',
      'soak',
    ]);
  });

  it('a name used twice is PD002 on the second', () => {
    const file = plan(null, ['  - { type: load, name: Peak }', '  - { type: stress, name: Peak }']);
    expectFinding(file, 'PD002', {
      severity: 'error',
      message: 'test name "Peak" is used by an earlier test: names must be unique in the plan',
      at: 'Peak',
      occurrence: 1,
    });
  });

  it('§13.3 good example, verbatim, is expressible: no schema finding', () => {
    const file = plan(null, [
      '  - type: load',
      '    rps: 2000',
      '    duration: 30m',
      '    writeRatio: 20%',
      '    cache: warm',
      '    mix: { search: 80%, update: 20% }',
      '    thinkTime: 3s',
      '    data: { volume: 40M cases, tenants: 1200, distribution: Zipf }',
      '    rollback: Stop at 1% 5xx for 2 minutes',
      '    costLimit: $250',
      '    criteria:',
      '      p95: 500ms',
      '      p99: 1200ms',
      '      errorRate: 0.1%',
      '      window: 5m',
      '      resources:',
      '        db.cpu: 65%',
      '        db.connections: 60%',
      '        orders.oldestMessageAge: 120s',
      '        lambda.throttles: 0',
      '        dynamodb.throttles: 0',
      '        alarms.critical: 0',
    ]);
    assert.deepEqual(codes(file), []);
    const doc = onlyDocument(file);
    assert.ok(doc.kind === 'LoadTestPlan');
    const t = doc.loadTest.model.tests[0];
    assert.deepEqual(
      t.resources.map(r => [r.subject, r.metric, r.unit, r.limit.value]),
      [
        ['db', 'cpu', 'ratio', 0.65],
        ['db', 'connections', 'ratio', 0.6],
        ['orders', 'oldestMessageAge', 'duration', 120_000],
        ['lambda', 'throttles', 'count', 0],
        ['dynamodb', 'throttles', 'count', 0],
        ['alarms', 'critical', 'count', 0],
      ],
    );
    assert.equal(t.criteria.window?.value, 300_000);
  });

  it('inject takes the §13.4 names only; a resource limit without its unit is PD003', () => {
    const file = plan(null, [
      '  - type: failover',
      '    inject: [zone-lost, meteor-strike]',
      '    criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1%, resources: { orders.oldestMessageAge: 120 } }',
    ]);
    assert.deepEqual(codes(file).sort(), ['PD002', 'PD003']);
  });
});

describe('core LoadTestPlan v1.1 rules LT006-LT008', () => {
  describe('LT006 request mix', () => {
    it('fires when the shares sum to 90%', () => {
      const file = plan(null, [`  - { type: load, mix: { search: 60%, view: 30% }, ${CRITERIA} }`]);
      expectFinding(file, 'LT006', {
        severity: 'error',
        message:
          'request mix shares sum to 90%, not 100%: the mix must describe all of the test\'s traffic (§13.2 "request mix")',
        at: 'mix',
      });
    });
    it('does not fire at 100.05% (within ±0.1%) nor for fractions 0.7 + 0.2 + 0.1', () => {
      assertNo(plan(null, [`  - { type: load, mix: { search: 70%, view: 30.05% }, ${CRITERIA} }`]), 'LT006');
      assertNo(plan(null, [`  - { type: load, mix: { a: 0.7, b: 0.2, c: 0.1 }, ${CRITERIA} }`]), 'LT006');
    });
    it('fires at 100.2%', () =>
      assert.equal(
        findingsOf(plan(null, [`  - { type: load, mix: { a: 70%, b: 30.2% }, ${CRITERIA} }`]), 'LT006').length,
        1,
      ));
  });

  describe('LT007 test shape', () => {
    it('stress at the peak (no breaking point in the model) fires on its rps; above the peak does not', () => {
      const file = plan('./peak.perf.yaml', [`  - { type: stress, rps: 2000, ${CRITERIA} }`]);
      expectFinding(file, 'LT007', {
        severity: 'warning',
        message:
          "stress test at 2,000 rps does not exceed the model's 2,000 rps peak: a stress test finds the breaking point (§13.1)",
        at: '2000',
        occurrence: 0,
      });
      assertNo(plan('./peak.perf.yaml', [`  - { type: stress, rps: 2001, ${CRITERIA} }`]), 'LT007');
      assertNo(plan(null, [`  - { type: stress, rps: 10, ${CRITERIA} }`]), 'LT007');
    });

    it("stress below the model's breaking point fires although above its peak: the api → db pool at 4,200 rps, not the tier's 6,300", () => {
      const file = plan('./pool.perf.yaml', [`  - { type: stress, rps: 4000, ${CRITERIA} }`]);
      const f = expectFinding(file, 'LT007', {
        severity: 'warning',
        message:
          "stress test at 4,000 rps does not exceed the model's breaking point (api → db pool at 4,200 rps): a stress test finds the breaking point (§13.1)",
        at: '4000',
      });
      assert.equal(f.data?.limitRps, 4200);
      assert.equal(
        findingsOf(plan('./pool.perf.yaml', [`  - { type: stress, rps: 4200, ${CRITERIA} }`]), 'LT007').length,
        1,
      );
      assertNo(plan('./pool.perf.yaml', [`  - { type: stress, rps: 4201, ${CRITERIA} }`]), 'LT007');
    });

    it('stress at the api tier saturation (6,300 rps) fires when the tier breaks first; above it does not', () => {
      expectFinding(plan('./model.perf.yaml', [`  - { type: stress, rps: 6300, ${CRITERIA} }`]), 'LT007', {
        severity: 'warning',
        message:
          "stress test at 6,300 rps does not exceed the model's breaking point (api tier at 6,300 rps): a stress test finds the breaking point (§13.1)",
      });
      assertNo(plan('./model.perf.yaml', [`  - { type: stress, rps: 6301, ${CRITERIA} }`]), 'LT007');
    });

    it("spike ramping longer than the model's shortest scale-out time (180 s warmup) fires; 2 min does not", () => {
      const file = plan('./model.perf.yaml', [`  - { type: spike, rps: 2000, rampUp: 5m, ${CRITERIA} }`]);
      expectFinding(file, 'LT007', {
        severity: 'warning',
        message:
          "spike test ramps over 5 min, longer than the model's shortest scale-out time of 3 min: autoscaling catches up and the burst is never felt (§13.1, §8.5)",
        at: '5m',
      });
      assertNo(plan('./model.perf.yaml', [`  - { type: spike, rps: 2000, rampUp: 2m, ${CRITERIA} }`]), 'LT007');
    });

    it('spike without a scale-out time: 1 min is the limit', () => {
      expectFinding(plan(null, [`  - { type: spike, rampUp: 2m, ${CRITERIA} }`]), 'LT007', {
        severity: 'warning',
        message:
          'spike test ramps over 2 min, longer than 1 min: autoscaling catches up and the burst is never felt (§13.1, §8.5)',
      });
      assertNo(plan(null, [`  - { type: spike, rampUp: 60s, ${CRITERIA} }`]), 'LT007');
    });

    it('soak shorter than soakMinDuration (2 h by default, from the settings) fires on its duration', () => {
      expectFinding(plan(null, [`  - { type: soak, duration: 10m, ${CRITERIA} }`]), 'LT007', {
        severity: 'warning',
        message:
          'soak test of 10 min is shorter than 2 h: leaks, pool exhaustion and log growth show only over hours (§13.1)',
        at: '10m',
      });
      assertNo(plan(null, [`  - { type: soak, duration: 2h, ${CRITERIA} }`]), 'LT007');
      const relaxed = { ...DEFAULT_SETTINGS, soakMinDurationMs: 5 * 60_000 };
      assertNo(plan(null, [`  - { type: soak, duration: 10m, ${CRITERIA} }`], {}, relaxed), 'LT007');
    });

    it('failover injecting nothing, and failover below the peak, fire; inject or a known scenario do not', () => {
      const bare = plan('./model.perf.yaml', [`  - { type: failover, rps: 1000, ${CRITERIA} }`]);
      assert.deepEqual(
        findingsOf(bare, 'LT007').map(f => f.message),
        [
          'failover test injects nothing: name the failure (inject: zone-lost, db-failover…) or a scenario of the capacity model (§13.4)',
          "failover test at 1,000 rps is below the model's 2,000 rps peak: a failure that only holds off-peak proves nothing (§13.4)",
        ],
      );
      assertNo(
        plan('./model.perf.yaml', [`  - { type: failover, rps: 2000, inject: [db-failover], ${CRITERIA} }`]),
        'LT007',
      );
      const scenario = plan('./model.perf.yaml', [
        `  - { type: failover, rps: 2000, scenario: One AZ removed, ${CRITERIA} }`,
      ]);
      assert.deepEqual(codes(scenario), []);
    });

    it('an unknown scenario is PD004 on its value', () =>
      expectFinding(
        plan('./model.perf.yaml', [`  - { type: failover, rps: 2000, scenario: Meteor, ${CRITERIA} }`]),
        'PD004',
        {
          severity: 'error',
          message: 'scenario: the capacity model "Test" has no scenario "Meteor" (found: One AZ removed)',
          at: 'Meteor',
        },
      ));
  });

  describe('LT008 criteria the design fails on paper', () => {
    const resources = (r: string) =>
      plan('./model.perf.yaml', [
        `  - { type: load, rps: 2000, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1%, resources: { ${r} } } }`,
      ]);
    it('db.connections 40% is below the 42% (210 of 500) the model opens at max scale', () =>
      expectFinding(resources('db.connections: 40%'), 'LT008', {
        severity: 'warning',
        message:
          'db.connections ≤ 40% cannot hold: the model opens 210 connections into "db" at max scale, 42% of its 500 maxConnections (§10.1)',
        at: '40%',
        data: { connections: 210, maxConnections: 500 },
      }));
    it('orders.oldestMessageAge 120 s is below its 400 s drain time', () =>
      expectFinding(resources('orders.oldestMessageAge: 120s'), 'LT008', {
        severity: 'warning',
        message:
          'orders.oldestMessageAge ≤ 2 min cannot hold: queue "orders" takes 6.67 min to drain its backlog with the declared workers (§8.4)',
        at: '120s',
      }));
    it('does not fire at 60% of connections, a 10 min age, or for things the model does not have', () =>
      assertNo(
        resources('db.connections: 60%, orders.oldestMessageAge: 10m, cache.connections: 1%, lambda.throttles: 0'),
        'LT008',
      ));
  });
});

describe('core LoadTestPlan v1.1: results (LT009, LT010, PD004)', () => {
  const withResults = (
    file: string,
    text: string,
    test = `type: load, rps: 2000, ${CRITERIA}`,
    capacity = './model.perf.yaml',
  ) => plan(capacity, [`  - { ${test}, results: ./${file} }`], { [`/work/${file}`]: text });

  it('a passing k6 run: measured figures as metrics, no LT009 or LT010', () => {
    const file = withResults('run.json', fixture('k6-handle-summary.json'));
    assert.deepEqual(codes(file), []);
    const measured = onlyDocument(file).metrics.measured as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(measured), ['load']);
    assert.equal(measured.load.format, 'k6-handle-summary');
    assert.equal(measured.load.p95, 462.7);
    assert.equal(measured.load.p99, 1104.9);
    assert.equal(measured.load.errorRate, 0.0007);
  });

  it('LT009 errors on the broken criteria, naming the measured value and where it came from; warning below 90% of the rps', () => {
    const file = withResults('run.json', fixture('k6-summary-export.json'));
    const lt009 = findingsOf(file, 'LT009');
    assert.deepEqual(
      lt009.map(f => [f.severity, f.message]),
      [
        [
          'warning',
          "measured 1,200 rps is below 90% of the test's 2,000 rps (metrics.http_reqs.rate in ./run.json): the run did not reach its load, its latencies do not prove the design",
        ],
        [
          'error',
          'measured p95 540.6 ms breaks the criterion p95 ≤ 500 ms (metrics.http_req_duration["p(95)"] in ./run.json)',
        ],
        [
          'error',
          'measured errorRate 0.78% breaks the criterion errorRate ≤ 0.1% (metrics.http_req_failed.value in ./run.json)',
        ],
      ],
    );
    assert.equal(file.text.slice(lt009[1].start, lt009[1].end), '500ms');
  });

  it("LT010 when measured p95 is more than 20% from the model's p95Latency (540.6 vs 450 ms: +20.1%), with the update for the quick fix", () => {
    const file = withResults('run.json', fixture('k6-summary-export.json'));
    const f = expectFinding(file, 'LT010', {
      severity: 'information',
      message:
        'measured p95 540.6 ms differs from the capacity model\'s p95Latency of 450 ms (+20.1%; metrics.http_req_duration["p(95)"] in ./run.json): revisit the design with the real figure (§5.1 rule 6)',
      at: './run.json',
    });
    assert.deepEqual(f.data?.update, { document: 'capacity', field: 'p95Latency', valueMs: 540.6 });
  });

  it('LT009 per request name of the mix; not for names outside it', () => {
    const test = `type: load, rps: 2000, mix: { search: 90%, update: 10% }, criteria: { p95: 480ms, p99: 1200ms, errorRate: 0.1% }`;
    const file = withResults('run.json', fixture('k6-handle-summary.json'), test);
    assert.deepEqual(
      findingsOf(file, 'LT009').map(f => f.message),
      [
        'measured p95 of "search" 488.1 ms breaks the criterion p95 ≤ 480 ms (metrics["http_req_duration{name:search}"].values["p(95)"] in ./run.json)',
      ],
    );
  });

  it('Locust: a criterion within its rounding says so', () => {
    const test = `type: load, rps: 80, criteria: { p95: 500ms, p99: 268ms, errorRate: 1% }`;
    const file = withResults('run_stats.csv', fixture('locust-2.12.1_stats.csv'), test, './peak.perf.yaml');
    assert.deepEqual(
      findingsOf(file, 'LT009').map(f => f.message),
      [
        'measured p99 270 ms breaks the criterion p99 ≤ 268 ms (line 4, column "99%" in ./run_stats.csv); within Locust\'s rounding (±5 ms), the true value may lie on either side',
      ],
    );
  });

  it('PD004 on the results value for a missing, unrecognised or truncated file', () => {
    const missing = plan(null, [`  - { type: load, ${CRITERIA}, results: ./none.json }`]);
    expectFinding(missing, 'PD004', {
      severity: 'error',
      message: 'results: cannot read none.json: no such file or directory',
      at: './none.json',
    });
    const garbage = withResults('x.csv', 'a,b\n1,2\n');
    assert.match(single(garbage, 'PD004'), /^results: unrecognised results file/);
    const truncated = withResults('t.json', fixture('k6-handle-summary.json').slice(0, 300));
    assert.match(single(truncated, 'PD004'), /^results: results file is not valid JSON/);
    const url = plan(null, [`  - { type: load, ${CRITERIA}, results: "https://example.com/r.json" }`]);
    assert.match(single(url, 'PD004'), /not a relative file path/);
  });

  it('without a host that reads files, results are not followed (no finding)', () => {
    const file = analyze(perfdoc('LoadTestPlan', 'tests:', `  - { type: load, ${CRITERIA}, results: ./r.json }`));
    assertCodes(file, ['LT001', 'LT005']);
  });
});

function single(file: ReturnType<typeof plan>, code: string): string {
  const f = findingsOf(file, code);
  assert.equal(f.length, 1, `${code}: ${f.map(x => x.message).join('; ')}`);
  return f[0].message;
}
