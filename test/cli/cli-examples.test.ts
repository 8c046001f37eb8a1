// Every document in examples/ still gives its figures: `perfdoc check --format json examples`
// against headline metrics computed by hand from each file (the sums are in the comments here
// and in the files), not a snapshot of the current output. A new example needs its figures here.
import * as assert from 'node:assert/strict';
import { JsonReport, REPO_ROOT, checkJson } from '../fixtures/cli';

type Metrics = Record<string, unknown>;
type Fanout = { name: string; calls: number; tailProbability: number; exceedsBudgetProbability: number };

/** A LatencyBudget's figures (spec §3, §9); tailExposure = 1 − 0.95^D at the default p95. */
const budget = (
  [totalMs, targetMs, headroomMs, bufferMs, timeoutMs, worstCaseMs]: (number | null)[],
  tailExposure: number | null,
  fanout: Fanout[] = [],
): Metrics => ({ totalMs, targetMs, headroomMs, bufferMs, timeoutMs, worstCaseMs, fanout, tailExposure });
/** 1 − 0.99^2 = 0.0199, 1 − 0.95^2 = 0.0975 */
const twoCalls = (name: string): Fanout => ({
  name,
  calls: 2,
  tailProbability: 0.0199,
  exceedsBudgetProbability: 0.0975,
});
// 1 − 0.95^D for D = 1…4: 0.05, 0.0975, 0.142625, 0.18549375
const [D1, D2, D3, D4] = [0.05, 0.0975, 0.1426, 0.1855];

/** A CapacityModel's Little's-law figures (spec §4: peakRps × latency, × p95Latency; peakRps × safetyFactor). */
const capacity = (inFlight: number | null, inFlightP95: number | null, requiredRps: number): Metrics => ({
  inFlight,
  inFlightP95,
  requiredRps,
});
/** What each alarm of the Case API observability plans must be set above (spec §12, thresholds at 80%). */
const CASE_API_ALARMS = [
  ['Lambda concurrency (request authorizer)', '800'], // 1,000 × 80%
  ['API Gateway account throttle', '8000'], // 10,000 × 80%
  ['aurora.connections', '400'], // 500 × 80%
  ['cache.connections', '52000'], // 65,000 × 80%
  ['case-events.oldestMessageAge', '10m'], // the queue's drainTime
];
const LOAD_TEST_RULES = 'examples/rules/loadtest-rules.perf.yaml';

/** `path name` → the figures its document must give, and how to read them out of its metrics. */
const EXPECTED: Record<string, Metrics> = {
  // 40 + 30 + 40 + 80 + 20 + 220 + 40 + 30 = 500 of 500; worst 220 + 220 + 50 + 1,050; D = 3
  'examples/search-api.perf.yaml Search case API': budget([500, 500, 0, 30, 2000, 1540], D3),
  // 50 + 30 + 40 + 20 + max(200, 60) + 80 + 40 + 60 = 520 of 600; worst 50 + 30 + 220 + 50 + max(450, 3 × 150 + 50)
  // + 80 + 40 + 60 = 1,030; D = 4 (session, permissions cache, Aurora, DynamoDB); 3 seconds = 3,000 ms
  'examples/timeline.perf.yaml GET /cases/{caseId}/timeline': budget([520, 600, 80, 60, 3000, 1030], D4, [
    twoCalls('Timeline fan-out'),
  ]),
  // 390 of 500 ("1,200 ms", "2 seconds"); worst 40 + 30 + 220 + 30 + (2 × 300 + 30) + 80 + 40 + 50 = 1,120; D = 4
  'examples/design-doc.md Case search v2 (LatencyBudget)': budget([390, 500, 110, 50, 2000, 1120], D4, [
    twoCalls('Search and permissions'),
  ]),
  // 800 × 0.12 s = 96, 800 × 0.5 s = 400, 800 × 1.5 = 1,200
  'examples/design-doc.md Case search v2 (CapacityModel)': capacity(96, 400, 1200),
  // 2,000 × 0.15 s = 300, × 0.45 s = 900, × 1.5 = 3,000; case-events ceil(100,000 / (600 × 50)) = 4
  'examples/case-api-capacity.perf.yaml Case API': { ...capacity(300, 900, 3000), workersNeeded: { 'case-events': 4 } },
  // 400 × 0.025 s = 10, no p95, 400 × 1.5 = 600; with 400/s arriving (§10.4) ceil((2,000,000 / 1,800 + 400) / 40) = 38
  'examples/queue-drain.perf.yaml Orders backlog drain': { ...capacity(10, null, 600), workersNeeded: { orders: 38 } },
  // 2,000 × 0.12 s = 240, × 0.4 s = 800, × 1.5 = 3,000; the API Gateway throttle 5,000 / 2,000 = 2.5× first (§10.6)
  'examples/demand-flow.perf.yaml Case API demand flow': {
    ...capacity(240, 800, 3000),
    breakingPoint: { name: 'API Gateway throttle', kind: 'quota', multiple: 2.5, rps: 5000 },
  },
  // 1,000 × 0.15 s = 150, × 0.45 s = 450, × 1.5 = 1,500; api 20 × 200 / 1,000 = 4× before the quota (6.67×) and pool (8×)
  'examples/aurora-10x.perf.yaml Search API under a slow Aurora': {
    ...capacity(150, 450, 1500),
    breakingPoint: { name: 'api', kind: 'tier', multiple: 4, rps: 4000 },
  },
  'examples/case-search-loadtest.perf.yaml Case search': {
    testTypes: ['smoke', 'baseline', 'load', 'stress', 'spike', 'soak', 'failover', 'backlog-drain'],
  },
  'examples/load-test-criteria.perf.yaml Case search, the §13.3 criteria': { testTypes: ['load'] },
  'examples/case-api-observability.perf.yaml Case API': { alarms: CASE_API_ALARMS },
  // rules/: 1,000 rps × 0.1 s = 100 in flight, × 1.5 = 1,500 unless said otherwise
  'examples/rules/capacity-rules.perf.yaml CM001: tier too small': capacity(100, null, 1500),
  'examples/rules/capacity-rules.perf.yaml CM002: no failover capacity': capacity(100, null, 1200), // × 1.2
  'examples/rules/capacity-rules.perf.yaml CM003: connection pools exceed the database': capacity(100, null, 1500),
  'examples/rules/capacity-rules.perf.yaml CM004: too few workers to drain the backlog': {
    ...capacity(100, null, 1500),
    workersNeeded: { reindex: 4 }, // ceil(500,000 / (3,600 × 40)) = 4
  },
  'examples/rules/capacity-rules.perf.yaml CM005: quotas below the concurrency and rate': capacity(100, 300, 1500),
  'examples/rules/capacity-rules.perf.yaml CM006: running hot at peak': capacity(100, null, 1000), // × 1
  'examples/rules/capacity-rules.perf.yaml CM007: scaling without cooldown or max': capacity(100, null, 1500),
  'examples/rules/capacity-rules.perf.yaml CM008: no safety factor': capacity(100, null, 1000), // default 1
  'examples/rules/capacity-rules.perf.yaml CM003: an unbounded caller, a pool close to its limit': capacity(
    100,
    null,
    1500,
  ),
  // 400 × 0.025 s = 10, × 1.5 = 600; orders ceil((100,000 / 3,600 + 400) / 40) = 11; refunds: poison forever;
  // returns ceil(1,000,000 / (1,800 × 20)) = 28
  'examples/rules/capacity-rules.perf.yaml CM004: arrivals, poison messages, a consumer too small': {
    ...capacity(10, null, 600),
    workersNeeded: { orders: 11, refunds: null, returns: 28 },
  },
  'examples/rules/capacity-rules.perf.yaml CM005: quotas with appliesTo, adjustable: false': capacity(100, null, 1500),
  'examples/rules/capacity-rules.perf.yaml CM009: pool smaller than in-flight calls': capacity(100, null, 1500),
  'examples/rules/capacity-rules.perf.yaml CM010: scale-out slower than the ramp': capacity(100, null, 1500),
  'examples/rules/capacity-rules.perf.yaml CM011 and CM012: the wrong metric, a target above the headroom': capacity(
    100,
    null,
    1500,
  ),
  // 50 + 0 (the misspelt budget) + 50; 0 + 0 (40 and 40 msec are PD003) + 50
  'examples/rules/common-rules.perf.yaml PD002: schema violation': budget([100, 300, 200, 50, 1000, 100], null),
  'examples/rules/common-rules.perf.yaml PD003: quantities without a known unit': budget(
    [50, 300, 250, 50, 2000, 50],
    null,
  ),
  // latencyFrom does not resolve: no latency, so nothing in flight
  'examples/rules/common-rules.perf.yaml PD004: reference to a missing file': capacity(null, null, 1500),
  'examples/rules/common-rules.perf.yaml PD004: reference to a document of the wrong kind': { testTypes: ['load'] },
  'examples/rules/common-rules.perf.yaml PD005: missing apiVersion': {},
  'examples/rules/common-rules.perf.yaml PD005: unknown kind': {},
  // 600 rps × 100 ms = 60 in flight; 600 × 1.5 = 900 rps required.
  'examples/rules/common-rules.perf.yaml PD007: suppression without a reason': capacity(60, null, 900),
  // 60 + 200 + 120 + 20 = 400 of 300; worst 60 + 200 + 250 + 20
  'examples/rules/latency-rules.perf.yaml LB001: segments overrun the target': budget(
    [400, 300, -100, 20, 1000, 530],
    D1,
  ),
  'examples/rules/latency-rules.perf.yaml LB002: no room for variance': budget([295, 300, 5, 0, 1000, 295], null),
  'examples/rules/latency-rules.perf.yaml LB003: no p99 target': budget([250, 300, 50, 50, 1000, 250], null),
  'examples/rules/latency-rules.perf.yaml LB004: no request timeout': budget([250, 300, 50, 50, null, 250], null),
  // the profile lookup has no timeout: unbounded
  'examples/rules/latency-rules.perf.yaml LB005: dependency without timeout': budget(
    [250, 300, 50, 40, 1000, null],
    D1,
  ),
  // worst 50 + 3 × 100 + (2 × 50 + 10) + 100 + 40 = 600
  'examples/rules/latency-rules.perf.yaml LB006: retries without backoff and jitter': budget(
    [250, 300, 50, 40, 1000, 600],
    D2,
  ),
  'examples/rules/latency-rules.perf.yaml LB007: timeouts x retries overrun the request timeout': budget(
    [300, 400, 100, 50, 1000, 1450],
    D1,
  ),
  // worst 50 + 100 (its timeout) + 80 + 30
  'examples/rules/latency-rules.perf.yaml LB008: timeout below budget': budget([280, 300, 20, 30, 1000, 260], D1),
  'examples/rules/latency-rules.perf.yaml LB009: targets not ascending': budget([250, 500, 250, 50, 1000, 250], null),
  // 50 + 100 + 250 + 50 (the async replication is not counted); worst 50 + 100 + 500 + 50
  'examples/rules/latency-rules.perf.yaml LB010: synchronous cross-region call': budget(
    [450, 600, 150, 50, 2000, 700],
    D1,
  ),
  // 50 + 100 + max(120, 150) + 50; worst 50 + 100 + max(300, 300) + 50
  'examples/rules/latency-rules.perf.yaml LB010: segments in two regions, no home region': budget(
    [350, 600, 250, 50, 2000, 500],
    D2,
    [twoCalls('Checks')],
  ),
  // 50 + max(60, 80, 40, 20) + 100 + 50; worst 50 + 200 + 100 + 50; 1 − 0.99^4, 1 − 0.95^4
  'examples/rules/latency-rules.perf.yaml LB011: fan-out tail': budget([280, 400, 120, 50, 1000, 400], D4, [
    { name: 'Enrichment fan-out', calls: 4, tailProbability: 0.0394, exceedsBudgetProbability: 0.1855 },
  ]),
  // 40 + 120 + 80 + 40 = 280 of 300; worst 40 + 120 + (2 × 200 + 20) + 40
  'examples/rules/loadtest-budget.perf.yaml Checkout API': budget([280, 300, 20, 40, 1000, 620], D1),
  // latencyFrom (§9 correction): the budget's p50 100 ms, 1,500 × 0.1 s = 150; its 280 ms p95 path, × 0.28 s = 420
  'examples/rules/loadtest-capacity.perf.yaml Checkout API': capacity(150, 420, 2250),
  [`${LOAD_TEST_RULES} LT001: test types missing`]: { testTypes: ['smoke', 'load'] },
  [`${LOAD_TEST_RULES} LT002: tests without measurable criteria`]: { testTypes: ['load', 'soak', 'spike'] },
  [`${LOAD_TEST_RULES} LT003: load test below peak`]: { testTypes: ['load'] },
  [`${LOAD_TEST_RULES} LT004: criteria looser than the budget`]: { testTypes: ['load'] },
  [`${LOAD_TEST_RULES} LT005: no cold-cache test`]: { testTypes: ['load', 'soak'] },
  [`${LOAD_TEST_RULES} LT006: request mix not 100%`]: { testTypes: ['load'] },
  [`${LOAD_TEST_RULES} LT007: test shapes that cannot teach`]: {
    testTypes: ['load', 'stress', 'spike', 'soak', 'failover'],
  },
  [`${LOAD_TEST_RULES} LT008: criteria the design already fails`]: { testTypes: ['load'] },
  [`${LOAD_TEST_RULES} LT009: results break the criteria`]: { testTypes: ['load'] },
  [`${LOAD_TEST_RULES} LT010: measured latency far from the design`]: { testTypes: ['baseline'] },
  'examples/rules/observability-rules.perf.yaml OB001: tiers without the golden signals': { alarms: CASE_API_ALARMS },
  'examples/rules/observability-rules.perf.yaml OB002: constrained resources without alarms': {
    alarms: CASE_API_ALARMS,
  },
  'examples/rules/observability-rules.perf.yaml OB003: an alarm without a runbook': { alarms: CASE_API_ALARMS },
  'examples/rules/observability-rules.perf.yaml OB004: traces, logs and dashboards incomplete': {
    alarms: CASE_API_ALARMS,
  },
  'examples/rules/syntax-error.perf.yaml Healthy document before the error': budget(
    [250, 300, 50, 50, 1000, 250],
    null,
  ),
  // the target's flow mapping is unclosed, the first segment is still read
  'examples/rules/syntax-error.perf.yaml PD001: YAML syntax error': budget([50, 300, 250, 0, 1000, 50], null),
};

type Doc = JsonReport['files'][number]['documents'][number];

/** The figures of `expected`'s shape read out of a document's metrics. */
function figuresOf(d: Doc, expected: Metrics): Metrics {
  const m = d.metrics;
  const out: Metrics = {};
  for (const key of Object.keys(expected)) {
    if (key === 'workersNeeded') {
      const queues = m.queues as Record<string, { workersNeeded: number }>;
      out[key] = Object.fromEntries(Object.keys(expected[key] as object).map(q => [q, queues[q]?.workersNeeded]));
    } else if (key === 'alarms') {
      const alarms = m.requiredAlarms as { metric: string; above: string }[];
      out[key] = alarms.map(a => [a.metric, a.above]);
    } else out[key] = m[key];
  }
  return out;
}

describe('cli: every example gives its figures', () => {
  let documents: { key: string; d: Doc }[] = [];
  before(() => {
    const { report } = checkJson(['examples'], REPO_ROOT);
    documents = report.files.flatMap(f =>
      f.documents.map(d => {
        const sameName = f.documents.filter(o => o.name === d.name).length > 1;
        return { key: `${f.path} ${d.name}${sameName ? ` (${d.kind})` : ''}`, d };
      }),
    );
  });

  it('has hand-computed figures for every document of examples/, and every one of them is there', () => {
    assert.deepEqual(documents.map(x => x.key).sort(), Object.keys(EXPECTED).sort());
  });

  for (const key of Object.keys(EXPECTED)) {
    it(key, () => {
      const found = documents.find(x => x.key === key);
      assert.ok(found, `${key} is not in the report`);
      assert.deepEqual(figuresOf(found.d, EXPECTED[key]), EXPECTED[key]);
    });
  }
});
