// An independent check of FORMAT.md Part II (v1.1, §8-§14) through the real binary: small
// documents whose figures, codes, severities and places were computed by hand from the spec
// text (each case shows its arithmetic), compared with `perfdoc check --format json`. The
// hidden contract tests run unseen documents the same way, so these read only the JSON.
import * as assert from 'node:assert/strict';
import { JsonDiagnostic, JsonReport, Workspace } from '../fixtures/cli';
import { lines } from '../fixtures/documents';

type Doc = JsonReport['files'][number]['documents'][number];
type Figures = Record<string, unknown>;

/** Runs `perfdoc check --format json [args] file` over `files` and returns the exit status and the file's documents. */
function check(files: Record<string, string>, file: string, ...args: string[]): { status: number | null; docs: Doc[] } {
  const ws = new Workspace(files);
  try {
    const r = ws.json(...args, file);
    assert.equal(r.stderr, '', r.stderr);
    const f = r.report.files.find(x => x.path === file);
    assert.ok(f, `${file} is in the report`);
    return { status: r.status, docs: f.documents };
  } finally {
    ws.dispose();
  }
}

/** The one document of `file`. */
function only(files: Record<string, string>, file: string, ...args: string[]): Doc & { status: number | null } {
  const { status, docs } = check(files, file, ...args);
  assert.equal(docs.length, 1);
  return { ...docs[0], status };
}

/** `CODE severity line` for each diagnostic (zero-based line, as in the JSON), in report order. */
const found = (d: Doc): string[] => d.diagnostics.map(g => `${g.code} ${g.severity} ${g.range.start.line}`);

/** The value at a dotted path of the metrics (`tiers.api.rps`); a key may itself hold a dot-free name with spaces. */
function at(metrics: Figures, ...keys: string[]): unknown {
  let v: unknown = metrics;
  for (const k of keys) {
    assert.ok(v !== null && typeof v === 'object' && k in v, `metrics have ${keys.join('.')} (stuck at ${k})`);
    v = (v as Figures)[k];
  }
  return v;
}

/**
 * Each figure at its dotted path (`tiers.api.rps`) equals the hand-computed value: numbers within
 * the JSON's rounding (3 decimals; 4 for probabilities), anything else exactly.
 */
function figures(metrics: unknown, expected: Record<string, unknown>): void {
  for (const [path, want] of Object.entries(expected)) {
    const got = at(metrics as Figures, ...path.split('.'));
    if (typeof want === 'number' && typeof got === 'number')
      assert.ok(Math.abs(got - want) <= 0.0006, `${path}: expected ≈${want}, got ${got}`);
    else assert.deepEqual(got, want, path);
  }
}

function diag(d: Doc, code: string): JsonDiagnostic {
  const all = d.diagnostics.filter(g => g.code === code);
  assert.equal(all.length, 1, `one ${code} in ${JSON.stringify(found(d))}`);
  return all[0];
}

const model = (name: string, ...body: string[]) =>
  lines('apiVersion: perfdoc/v1', 'kind: CapacityModel', `name: ${name}`, ...body);
const budget = (name: string, ...body: string[]) =>
  lines('apiVersion: perfdoc/v1', 'kind: LatencyBudget', `name: ${name}`, ...body);

describe('cli: FORMAT.md Part II (v1.1) computed by hand', function () {
  this.timeout(30_000);

  describe('§8 quantities', () => {
    it('digit grouping and long unit names in durations; msec stays PD003', () => {
      const d = only(
        {
          'q.perf.yaml': budget(
            'Q',
            'target: { p50: 150ms, p95: "1,200 ms", p99: 1.5 seconds, timeout: 2 secs }',
            'segments:',
            '  - { name: a, budget: "1,000ms" }',
            '  - { name: b, budget: 100 milliseconds }',
            '  - { name: c, budget: 50000 microseconds }',
            '  - { name: d, budget: 10 msec }',
          ),
        },
        'q.perf.yaml',
      );
      // totalMs = 1,000 + 100 + 50 = 1,150 (the msec segment is PD003, not counted); target p95 "1,200 ms" = 1,200;
      // headroom 50 < 5% × 1,200 = 60 → LB002 warning (on `segments`, line 4, where its fix adds a Buffer); timeout 2,000.
      figures(d.metrics, {
        totalMs: 1150,
        targetMs: 1200,
        headroomMs: 50,
        timeoutMs: 2000,
      });
      assert.deepEqual(found(d), ['LB002 warning 4', 'PD003 error 8']);
      assert.match(diag(d, 'PD003').message, /msec/);
      assert.equal(d.status, 1);
    });

    it('grouped counts and rates, long rate units (msg/s, /minute, /hour, req/s, RPS, /sec)', () => {
      const d = only(
        {
          'r.perf.yaml': model(
            'R',
            'traffic: { peakRps: "2,000 rps", latency: 1 sec, p95Latency: "1,200 ms" }',
            'headroom: { safetyFactor: 1.5, maxUtilization: 70% }',
            'tiers:',
            '  - { name: api, unitRps: 300, units: { min: 4, max: 20 } }',
            'queues:',
            '  - { name: q1, backlog: "2,000,000", ratePerWorker: 40 msg/s, drainTime: 30 minutes, workers: 28 }',
            '  - { name: q2, backlog: 3600, ratePerWorker: 2400/minute, drainTime: 1 hr, workers: 1 }',
            '  - { name: q3, backlog: 3600, ratePerWorker: 3600/hour, drainTime: 1 hour, workers: 1 }',
            '  - { name: q4, backlog: 3600, ratePerWorker: 1 req/s, drainTime: 2 hours, workers: 1 }',
            '  - { name: q5, backlog: 3600, ratePerWorker: 1 RPS, drainTime: 60 mins, workers: 1 }',
            '  - { name: q6, backlog: 3600, ratePerWorker: 1/sec, drainTime: 3600 seconds, workers: 1 }',
            '  - { name: q7, backlog: 3600, ratePerWorker: 1 messages/s, drainTime: 60 minute, workers: 1 }',
          ),
        },
        'r.perf.yaml',
      );
      // inFlight = 2,000 × 1 s = 2,000; inFlightP95 = 2,000 × 1.2 s = 2,400; requiredRps = 2,000 × 1.5 = 3,000.
      figures(d.metrics, {
        inFlight: 2000,
        inFlightP95: 2400,
        requiredRps: 3000,
      });
      // q1: ceil(2,000,000 / (1,800 × 40)) = ceil(27.8) = 28; drain with 28: 2,000,000 / 1,120 = 1,785.714 s.
      figures(d.metrics, {
        'queues.q1.workersNeeded': 28,
        'queues.q1.drainTimeS': 1785.714,
      });
      // q2: 2,400/minute = 40/s → 3,600 / 40 = 90 s; the others are 1/s → 3,600 s.
      figures(d.metrics, {
        'queues.q2.drainTimeS': 90,
      });
      for (const q of ['q3', 'q4', 'q5', 'q6', 'q7']) figures(d.metrics, { [`queues.${q}.drainTimeS`]: 3600 });
      assert.deepEqual(found(d), []);
    });

    it('factor: 3x, x3 and ×3 multiply the same', () => {
      const d = only(
        {
          'f.perf.yaml': model(
            'F',
            'traffic: { peakRps: 100, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: api, unitRps: 1000, units: 10 }',
            'scenarios:',
            '  - { name: a, traffic: 3x }',
            '  - { name: b, traffic: x3 }',
            '  - { name: c, traffic: ×3 }',
          ),
        },
        'f.perf.yaml',
      );
      // peakRps 100 × 3 = 300; inFlight 300 × 0.1 s = 30.
      for (const s of ['a', 'b', 'c']) {
        figures(d.metrics.scenarios, { [`${s}.tiers.api.rps`]: 300, [`${s}.inFlight`]: 30 });
      }
    });
  });

  describe('§9 LatencyBudget', () => {
    const fan = (percentile: string) =>
      budget(
        'LB',
        'target: { p50: 150ms, p95: 500ms, p99: 1200ms, timeout: 2s, errorRate: 0.1% }',
        ...(percentile ? [`budgetPercentile: ${percentile}`] : []),
        'segments:',
        '  - { name: edge, budget: 40ms, owner: platform-team, region: us-east-1 }',
        '  - { name: auth, budget: 40ms, dependency: auth-svc, timeout: 100ms, retries: 1, backoff: 20ms, jitter: true, owner: identity }',
        '  - name: fan',
        '    parallel:',
        '      - { name: p1, budget: 60ms, dependency: p1-svc, timeout: 150ms, region: eu-west-1 }',
        '      - { name: p2, budget: 80ms, dependency: p2-svc, timeout: 150ms }',
        '      - { name: p3, budget: 80ms, dependency: p3-svc, timeout: 150ms }',
        '  - { name: audit, budget: 5ms, async: true, dependency: audit-svc, timeout: 50ms, region: ap-south-1 }',
        '  - { name: buf, budget: 30ms, buffer: true }',
      );

    it('owner is accepted; fan-out and tail exposure at p99 and at the default p95', () => {
      const p99 = only({ 'b.perf.yaml': fan('p99') }, 'b.perf.yaml');
      // totalMs = 40 + 40 + max(60, 80, 80) + 30 = 190; worstCase = 40 + (2 × 100 + 20) + 150 + 30 = 440.
      // N = 3 at p99: tail = exceeds = 1 − 0.99³ = 0.029701; D = auth, p1, p2, p3 = 4 → 1 − 0.99⁴ = 0.039404.
      figures(p99.metrics, {
        totalMs: 190,
        worstCaseMs: 440,
        'fanout.0.name': 'fan',
        'fanout.0.calls': 3,
        'fanout.0.tailProbability': 0.0297,
        'fanout.0.exceedsBudgetProbability': 0.0297,
        tailExposure: 0.0394,
      });
      // No region on the budget, synchronous segments in us-east-1 and eu-west-1 → LB010 once, on `segments` (line 5).
      // The async audit segment's region does not count (it is no synchronous call).
      assert.deepEqual(found(p99), ['LB010 warning 5', 'LB011 information 9']);
      assert.deepEqual(diag(p99, 'LB010').range.start, { line: 5, character: 0 });

      const p95 = only({ 'b.perf.yaml': fan('') }, 'b.perf.yaml');
      // Default p95: exceeds = 1 − 0.95³ = 0.142625; tailExposure = 1 − 0.95⁴ = 0.185494; tail stays 1 − 0.99³.
      figures(p95.metrics, {
        'fanout.0.exceedsBudgetProbability': 0.1426,
        'fanout.0.tailProbability': 0.0297,
        tailExposure: 0.1855,
      });
      // LB011 gives both figures: 14.3% over the p95 budget and 3% beyond p99.
      assert.match(diag(p95, 'LB011').message, /14\.3%[^]*3%/);
    });

    it('with a home region, LB010 on each synchronous segment elsewhere (parallel children included); tailExposure null without dependencies', () => {
      const d = only(
        {
          'b.perf.yaml': budget(
            'LB2',
            'region: us-east-1',
            'target: { p50: 150ms, p95: 500ms, p99: 1200ms, timeout: 2s }',
            'segments:',
            '  - { name: edge, budget: 40ms, region: us-east-1 }',
            '  - name: fan',
            '    parallel:',
            '      - { name: p1, budget: 60ms, region: eu-west-1 }',
            '      - { name: p2, budget: 80ms }',
            '  - { name: far, budget: 5ms, async: true, region: eu-west-1 }',
          ),
        },
        'b.perf.yaml',
      );
      // p1 is synchronous in eu-west-1 (line 9) → LB010; the async "far" is not. D = 0 → tailExposure null.
      assert.deepEqual(found(d), ['LB011 information 8', 'LB010 warning 9']);
      figures(d.metrics, {
        tailExposure: null,
      });
    });

    it('latencyFrom (correction): mean = target.p50 else totalMs; p95Latency = totalMs at p95, else target.p95', () => {
      const files = {
        'p95.perf.yaml': budget(
          'B95',
          'target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 2s }',
          'segments:',
          '  - { name: a, budget: 210ms }',
        ),
        'p99.perf.yaml': budget(
          'B99',
          'budgetPercentile: p99',
          'target: { p95: 400ms, p99: 900ms, timeout: 2s }',
          'segments:',
          '  - { name: a, budget: 250ms }',
        ),
        'm95.perf.yaml': model(
          'M95',
          'traffic: { peakRps: 1000, latencyFrom: ./p95.perf.yaml }',
          'headroom: { safetyFactor: 1 }',
        ),
        'm99.perf.yaml': model(
          'M99',
          'traffic: { peakRps: 1000, latencyFrom: ./p99.perf.yaml }',
          'headroom: { safetyFactor: 1 }',
        ),
      };
      // p95 budget: latency = p50 100 ms → 1,000 × 0.1 = 100; p95Latency = totalMs 210 ms → 210.
      const m95 = only(files, 'm95.perf.yaml');
      figures(m95.metrics, {
        inFlight: 100,
        inFlightP95: 210,
      });
      // p99 budget without p50: latency = totalMs 250 ms → 250; p95Latency = target.p95 400 ms → 400.
      const m99 = only(files, 'm99.perf.yaml');
      figures(m99.metrics, {
        inFlight: 250,
        inFlightP95: 400,
      });
    });
  });

  describe('§10.1 demand per tier', () => {
    const files = {
      'd.perf.yaml': model(
        'D',
        'traffic: { peakRps: 2000, writeRatio: 20%, latency: 200ms }',
        'headroom: { safetyFactor: 1.5, maxUtilization: 70% }',
        'tiers:',
        '  - name: web',
        '    unitRps: 500',
        '    units: { min: 2, max: 10 }',
        '    dependsOn: [{ tier: api, callsPerRequest: 2 }, reader]',
        '  - name: api',
        '    unitRps: 400',
        '    units: { min: 2, max: 20 }',
        '    latency: 50ms',
        '    dependsOn: [cache, { tier: db, callsPerRequest: 0.5, latency: 10ms, connectionsPerUnit: 5 }]',
        '  - { name: cache, hitRatio: 90%, missesTo: db, unitRps: 10000, units: 3 }',
        '  - { name: db, maxConnections: 500 }',
        '  - { name: reporting, share: 10%, unitRps: 100, units: 4 }',
        '  - { name: writer, requests: writes, unitRps: 200, units: { min: 1, max: 5 } }',
        '  - { name: reader, requests: reads, unitRps: 1000, units: 4 }',
      ),
    };

    it('share, requests, callers (callsPerRequest, cache misses) and entry tiers; units and utilization at each rps', () => {
      const d = only(files, 'd.perf.yaml');
      figures(d.metrics, {
        // web (entry) = 2,000; api = 2,000 × 2 = 4,000; cache = 4,000 × 1; db = 4,000 × 0.5 + 4,000 × (1 − 90%) = 2,400;
        // reporting = 2,000 × 10% = 200; writer = 2,000 × 20% = 400; reader (requests wins over its caller) = 1,600.
        'tiers.web.rps': 2000,
        'tiers.api.rps': 4000,
        'tiers.cache.rps': 4000,
        'tiers.db.rps': 2400,
        'tiers.reporting.rps': 200,
        'tiers.writer.rps': 400,
        'tiers.reader.rps': 1600,
        // web ceil(3,000 / 350) = 9; api ceil(6,000 / 280) = ceil(21.4) = 22 > 20 → CM001; cache ceil(6,000 / 7,000) = 1;
        // reporting ceil(300 / 70) = ceil(4.3) = 5 > 4 → CM001; writer ceil(600 / 140) = 5; reader ceil(2,400 / 700) = 4.
        'tiers.web.unitsNeeded': 9,
        'tiers.api.unitsNeeded': 22,
        'tiers.cache.unitsNeeded': 1,
        'tiers.reporting.unitsNeeded': 5,
        'tiers.writer.unitsNeeded': 5,
        'tiers.reader.unitsNeeded': 4,
        // web 2,000 / 5,000; api 4,000 / 8,000; cache 4,000 / 30,000; reporting 200 / 400; writer 400 / 1,000.
        'tiers.web.utilizationAtPeak': 0.4,
        'tiers.api.utilizationAtPeak': 0.5,
        'tiers.cache.utilizationAtPeak': 0.1333,
        'tiers.reporting.utilizationAtPeak': 0.5,
        'tiers.writer.utilizationAtPeak': 0.4,
        // web (entry, no latency) 2,000 × 0.2 = 400; api 4,000 × 0.05 = 200.
        'tiers.web.inFlight': 400,
        'tiers.api.inFlight': 200,
        // api → db edge: rps 4,000 × 0.5 = 2,000; inFlight 2,000 × 0.01 = 20; pool 20 × 5 = 100 (no CM009).
        'tiers.api.calls.db': { rps: 2000, inFlight: 20, pool: 100 },
        // connections into db: only api's edge pool, 20 × 5 = 100 (cache misses add demand, not connections).
        'tiers.db.connections': 100,
      });
      // CM001 on api's and reporting's units (lines 12 and 17).
      assert.deepEqual(found(d), ['CM001 error 12', 'CM001 error 17']);
      assert.match(d.diagnostics[0].message, /"api" needs 22 units/);
    });

    it('§10.6 constraints sorted by multiple, ties in document order (tiers, then pools); data tiers not listed', () => {
      const d = only(files, 'd.perf.yaml');
      // m: api 20 × 400 / 4,000 = 2; reporting 400 / 200 = 2; web 5,000 / 2,000 = 2.5; writer 1,000 / 400 = 2.5;
      // reader 4,000 / 1,600 = 2.5; api → db pool 100 / 20 = 5; cache 30,000 / 4,000 = 7.5. rps = 2,000 × m.
      const constraints = at(d.metrics, 'constraints') as Figures[];
      assert.deepEqual(
        constraints.map(c => [c.name, c.kind, c.multiple, c.rps]),
        [
          ['api', 'tier', 2, 4000],
          ['reporting', 'tier', 2, 4000],
          ['web', 'tier', 2.5, 5000],
          ['writer', 'tier', 2.5, 5000],
          ['reader', 'tier', 2.5, 5000],
          ['api → db', 'pool', 5, 10000],
          ['cache', 'tier', 7.5, 15000],
        ],
      );
      figures(d.metrics, {
        breakingPoint: { name: 'api', kind: 'tier', multiple: 2, rps: 4000 },
      });
    });

    it('requests: all wins over the callers; share wins over requests', () => {
      const d = only(
        {
          'p.perf.yaml': model(
            'P',
            'traffic: { peakRps: 100, latency: 100ms, writeRatio: 20% }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: a, unitRps: 100, units: 4, dependsOn: [{ tier: b, callsPerRequest: 3 }, c] }',
            '  - { name: b, requests: all, unitRps: 100, units: 4 }',
            '  - { name: c, share: 50%, requests: writes, unitRps: 100, units: 4 }',
          ),
        },
        'p.perf.yaml',
      );
      // b: requests all → 100 (not 100 × 3 from its caller); c: share 50% → 50 (not writes 20, not its caller's 100).
      figures(d.metrics, { 'tiers.a.rps': 100, 'tiers.b.rps': 100, 'tiers.c.rps': 50 });
    });

    it('a cycle is PD002 on the edge that closes it, with no demand along it; reads/writes need writeRatio; CM009', () => {
      const d = only(
        {
          'c.perf.yaml': model(
            'C',
            'traffic: { peakRps: 1000, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: a, unitRps: 100, units: 20, dependsOn: [b] }',
            '  - { name: b, unitRps: 100, units: 20, dependsOn: [{ tier: a }] }',
            '  - { name: c, requests: writes, unitRps: 100, units: 20 }',
            '  - { name: d, unitRps: 100, units: 20, dependsOn: [{ tier: e, latency: 100ms, connectionsPerUnit: 2 }] }',
            '  - { name: e, maxConnections: 10000 }',
          ),
        },
        'c.perf.yaml',
      );
      // a → b → a: PD002 on b's edge (line 8); a and b have no rps. d → e: inFlight 1,000 × 0.1 = 100 > pool 20 × 2 = 40 → CM009.
      assert.deepEqual(found(d), ['PD002 error 7', 'PD002 error 8', 'CM009 error 9']);
      figures(d.metrics, {
        'tiers.a.rps': null,
        'tiers.b.rps': null,
        'tiers.d.calls.e': { rps: 1000, inFlight: 100, pool: 40 },
      });
      // The pool breaks first: m = 40 / 100 = 0.4 → 400 rps.
      figures(d.metrics, {
        breakingPoint: { name: 'd → e', kind: 'pool', multiple: 0.4, rps: 400 },
      });
    });
  });

  describe('§10.2 connections, §10.3 failover', () => {
    it('edge pools, queues with and without consumer, CM003 warning above 80% and error for an unbounded caller', () => {
      const d = only(
        {
          'c.perf.yaml': model(
            'C',
            'traffic: { peakRps: 1000, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - name: api',
            '    unitRps: 500',
            '    units: { min: 2, max: 10 }',
            '    connectionsPerUnit: 20',
            '    dependsOn: [db, { tier: db2, connectionsPerUnit: 5 }]',
            '  - name: workers',
            '    unitRps: 100',
            '    units: { min: 1 }',
            '    dependsOn: [db2]',
            '  - { name: db, maxConnections: 250 }',
            '  - { name: db2, maxConnections: 100 }',
            'queues:',
            '  - { name: q, backlog: 1000, ratePerWorker: 5/s, drainTime: 1min, workers: 10, connectionsPerWorker: 2, dependsOn: [db] }',
            '  - { name: q2, backlog: 24000, ratePerWorker: 40/s, drainTime: 1min, consumer: api, connectionsPerWorker: 3, dependsOn: [db] }',
          ),
        },
        'c.perf.yaml',
      );
      // db: api 10 × 20 + q 10 × 2 = 220 (q2 has a consumer: none of its own) > 80% × 250 = 200 → CM003 warning (line 15).
      // db2: api edge 10 × 5 = 50, but "workers" has units without max → CM003 error on its edge (line 14), connections null.
      figures(d.metrics, {
        'tiers.db.connections': 220,
        'tiers.db2.connections': null,
      });
      assert.deepEqual(found(d), ['CM003 error 14', 'CM003 warning 15']);
      // A units range without max is valid (unbounded), so no PD002 and no figures at max scale for it.
      figures(d.metrics, {
        'tiers.workers.utilizationAtPeak': null,
      });
      // db demand: api 1,000 + q 10 × 5 + q2 (10 workers = api's max units) × 40 = 1,450; db2 = api 1,000 + workers 1,000.
      figures(d.metrics, {
        'tiers.db.rps': 1450,
        'tiers.db2.rps': 2000,
      });
      // q: ceil(1,000 / 60 / 5) = ceil(3.3) = 4, drain 1,000 / 50 = 20 s; q2: ceil(24,000 / 60 / 40) = 10, drain 24,000 / 400 = 60 s.
      assert.deepEqual(at(d.metrics, 'queues'), {
        q: { workersNeeded: 4, drainTimeS: 20 },
        q2: { workersNeeded: 10, drainTimeS: 60 },
      });
    });

    it('CM003 at exactly 80% is silent, over maxConnections an error; connectionsWarnPercent from .perfdoc.yaml and --config', () => {
      const at80 = model(
        'C80',
        'traffic: { peakRps: 100, latency: 100ms }',
        'headroom: { safetyFactor: 1 }',
        'tiers:',
        '  - { name: api, unitRps: 100, units: 10, connectionsPerUnit: 20, dependsOn: [db] }',
        '  - { name: db, maxConnections: 250 }',
      );
      // 10 × 20 = 200 = 80% of 250: not above → nothing.
      assert.deepEqual(found(only({ 'c.perf.yaml': at80 }, 'c.perf.yaml')), []);
      // maxConnections 190: 200 > 190 → error (exit 1).
      const over = only({ 'c.perf.yaml': at80.replace('maxConnections: 250', 'maxConnections: 190') }, 'c.perf.yaml');
      assert.deepEqual(found(over), ['CM003 error 7']);
      assert.equal(over.status, 1);
      // maxConnections 240: 200 / 240 = 83% > 80% → warning; with connectionsWarnPercent 90 in .perfdoc.yaml → nothing.
      const warm = at80.replace('maxConnections: 250', 'maxConnections: 240');
      assert.deepEqual(found(only({ 'c.perf.yaml': warm }, 'c.perf.yaml')), ['CM003 warning 7']);
      assert.deepEqual(
        found(only({ 'c.perf.yaml': warm, '.perfdoc.yaml': 'connectionsWarnPercent: 90\n' }, 'c.perf.yaml')),
        [],
      );
      // --config names the file instead: 70% → warning again even with the workspace file at 90.
      const withConfig = only(
        {
          'c.perf.yaml': warm,
          '.perfdoc.yaml': 'connectionsWarnPercent: 90\n',
          'ci.yaml': 'connectionsWarnPercent: 70\n',
        },
        'c.perf.yaml',
        '--config',
        'ci.yaml',
      );
      assert.deepEqual(found(withConfig), ['CM003 warning 7']);
    });

    it('failover in whole units with the fullest zone lost; CM002 above 85%, at failoverRps 0, and for zones: 1', () => {
      const d = only(
        {
          'f.perf.yaml': model(
            'F',
            'traffic: { peakRps: 500, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: a, unitRps: 100, units: { min: 3, max: 10 }, zones: 3 }',
            '  - { name: b, unitRps: 100, units: 10, zones: 4 }',
            '  - { name: c, unitRps: 100, units: 10, zones: 1 }',
            '  - { name: d, unitRps: 1000, units: 2, zones: 3 }',
            '  - { name: e, unitRps: 100, units: 6, zones: 3 }',
            '  - { name: f, unitRps: 1000, units: 1, zones: 2 }',
            '  - { name: g, share: 51%, unitRps: 50, units: 8, zones: 8 }',
          ),
        },
        'f.perf.yaml',
      );
      figures(d.metrics, {
        // a: (10 − ceil(10/3) = 6) × 100 = 600, 500 / 600 = 0.833 (≤ 85%: no CM002; v1 would say 666.7).
        'tiers.a.failoverRps': 600,
        'tiers.a.failoverUtilization': 0.8333,
        // b: (10 − ceil(2.5) = 7) × 100 = 700, 0.714; c: zones 1 → (10 − 10) × 100 = 0, utilization null.
        'tiers.b.failoverRps': 700,
        'tiers.b.failoverUtilization': 0.7143,
        'tiers.c.failoverRps': 0,
        'tiers.c.failoverUtilization': null,
        // d: (2 − 1) × 1,000 = 1,000, 0.5; e: (6 − 2) × 100 = 400, 1.25 → CM002; f: (1 − 1) × 1,000 = 0 → CM002.
        'tiers.d.failoverRps': 1000,
        'tiers.d.failoverUtilization': 0.5,
        'tiers.e.failoverRps': 400,
        'tiers.e.failoverUtilization': 1.25,
        'tiers.f.failoverRps': 0,
        'tiers.f.failoverUtilization': null,
        // g: rps 500 × 51% = 255; (8 − 1) × 50 = 350 → 0.729; units needed ceil(255 / 35) = 8, no CM001.
        'tiers.g.failoverRps': 350,
        'tiers.g.failoverUtilization': 0.7286,
      });
      // e also needs ceil(500 / 70) = 8 > 6 units → CM001.
      assert.deepEqual(found(d), ['CM002 warning 8', 'CM001 error 10', 'CM002 warning 10', 'CM002 warning 11']);
    });

    it('CM002 does not fire at exactly 85% (utilizationWarnPercent)', () => {
      // rps 500 × 51% = 255; (7 − ceil(7/7)) × 50 = 300 → 255 / 300 = 0.85, not above 85%.
      const d = only(
        {
          'g.perf.yaml': model(
            'G',
            'traffic: { peakRps: 500, latency: 100ms }',
            'headroom: { safetyFactor: 1, maxUtilization: 100% }',
            'tiers:',
            '  - { name: g, share: 51%, unitRps: 50, units: 7, zones: 7 }',
          ),
        },
        'g.perf.yaml',
      );
      // At maxUtilization 100%: ceil(255 / 50) = 6 ≤ 7, no CM001; utilization 255 / 350 = 0.729 ≤ 85%.
      figures(d.metrics, {
        'tiers.g.failoverUtilization': 0.85,
      });
      assert.deepEqual(found(d), []);
    });
  });

  describe('§10.4 queues', () => {
    it('arrivals, poison with and without maxReceiveCount, never draining, consumer capacity', () => {
      const d = only(
        {
          'q.perf.yaml': model(
            'Q',
            'traffic: { peakRps: 100, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: w, unitRps: 100, units: { min: 2, max: 8 } }',
            'queues:',
            '  - { name: q1, backlog: 100000, ratePerWorker: 10/s, drainTime: 10min, arrivalRate: 50/s, workers: 20 }',
            '  - { name: q2, backlog: 10000, ratePerWorker: 10, drainTime: 100s, poisonRatio: 10%, maxReceiveCount: 5, workers: 20 }',
            '  - { name: q3, backlog: 10000, ratePerWorker: 10, drainTime: 100s, poisonRatio: 5%, workers: 20 }',
            '  - { name: q4, backlog: 1000, ratePerWorker: 10, drainTime: 1min, arrivalRate: 300/s, workers: 20 }',
            '  - { name: q5, backlog: 6000, ratePerWorker: 10, drainTime: 60s, consumer: w }',
            '  - { name: q6, backlog: 600, ratePerWorker: 10, drainTime: 60s, poisonRatio: 0, workers: 1 }',
          ),
        },
        'q.perf.yaml',
      );
      figures(d.metrics, {
        // q1: ceil((100,000 / 600 + 50) / 10) = ceil(21.7) = 22 > 20 → CM004; drain 100,000 / (200 − 50) = 666.667 s.
        'queues.q1.workersNeeded': 22,
        'queues.q1.drainTimeS': 666.667,
        // q2: work 10,000 × (1 + 10% × 4) = 14,000 → ceil(140 / 10) = 14; drain 14,000 / 200 = 70 s.
        'queues.q2': { workersNeeded: 14, drainTimeS: 70 },
        // q3: poison without maxReceiveCount → CM004, both null.
        'queues.q3': { workersNeeded: null, drainTimeS: null },
        // q4: ceil((1,000 / 60 + 300) / 10) = ceil(31.7) = 32; 200/s − 300/s ≤ 0 → drainTimeS null, CM004.
        'queues.q4': { workersNeeded: 32, drainTimeS: null },
        // q5: workers = w's max 8; ceil(6,000 / 60 / 10) = 10 > 8 → CM004; drain 6,000 / 80 = 75 s.
        'queues.q5': { workersNeeded: 10, drainTimeS: 75 },
        // q6: poisonRatio 0 needs no maxReceiveCount: ceil(600 / 60 / 10) = 1, 600 / 10 = 60 s.
        'queues.q6': { workersNeeded: 1, drainTimeS: 60 },
        // The consumer adds no demand to w: it stays an entry tier at 100 rps.
        'tiers.w.rps': 100,
      });
      assert.deepEqual(found(d), ['CM004 error 8', 'CM004 error 10', 'CM004 error 11', 'CM004 error 12']);
    });
  });

  describe('§10.5 quotas', () => {
    const files = {
      'q.perf.yaml': model(
        'QT',
        'traffic: { peakRps: 1000, latency: 200ms, p95Latency: 500ms }',
        'headroom: { safetyFactor: 1.5 }',
        'tiers:',
        '  - { name: h, share: 50%, unitRps: 100, units: { min: 2, max: 30 }, latency: 100ms }',
        '  - { name: api, unitRps: 200, units: 12, dependsOn: [{ tier: db, connectionsPerUnit: 10 }] }',
        '  - { name: db, maxConnections: 1000 }',
        'queues:',
        '  - { name: jobs, backlog: 1000, ratePerWorker: 10, drainTime: 100s, workers: 5 }',
        'quotas:',
        '  - { name: Q1, limit: 600, measures: concurrency }',
        '  - { name: Q2, limit: 400 }',
        '  - { name: Q3, limit: 150, measures: concurrency }',
        '  - { name: Q4, limit: 240, measures: concurrency }',
        '  - { name: Q5, limit: 2000, measures: rps }',
        '  - { name: Q6, limit: 1200, measures: rps }',
        '  - { name: Q7, limit: 900, measures: rps }',
        '  - { name: Q8, limit: 60, measures: concurrency, appliesTo: [h, jobs] }',
        '  - { name: Q9, limit: 2000, measures: rps, appliesTo: [h, api] }',
        '  - { name: Q10, limit: 150, measures: connections, appliesTo: [db] }',
        '  - { name: Q10b, limit: 140, measures: connections, appliesTo: [db] }',
        '  - { name: Q11, limit: 35, measures: units, appliesTo: [h, api] }',
        '  - { name: Q12, limit: 10, measures: workers, appliesTo: [jobs] }',
        '  - { name: Q13, limit: 10, measures: bananas }',
        '  - { name: Q14, limit: 100, measures: concurrency, appliesTo: [api], adjustable: false, scope: account }',
      ),
    };

    it('usage, usageP95 and usedPercent per measure, with and without appliesTo', () => {
      const d = only(files, 'q.perf.yaml');
      figures(d.metrics, {
        // inFlight = 1,000 × 0.2 = 200; at p95 1,000 × 0.5 = 500; peakRps 1,000.
        'quotas.Q1.usage': 200,
        'quotas.Q1.usageP95': 500,
        'quotas.Q1.usedPercent': 0.3333,
        'quotas.Q4.usedPercent': 0.8333,
        'quotas.Q5.usage': 1000,
        'quotas.Q5.usedPercent': 0.5,
        // appliesTo: Q8 = h inFlight (500 × 0.1 = 50) + jobs workers 5 = 55 → 0.917; Q9 = h 500 + api 1,000 = 1,500 → 0.75.
        'quotas.Q8.usage': 55,
        'quotas.Q8.usedPercent': 0.9167,
        'quotas.Q9.usage': 1500,
        'quotas.Q9.usedPercent': 0.75,
        // Q10: connections into db 12 × 10 = 120 → 120 / 150 = 0.8; Q11: units 30 + 12 = 42 → 1.2; Q12: workers 5.
        'quotas.Q10.usage': 120,
        'quotas.Q10.usedPercent': 0.8,
        'quotas.Q11.usage': 42,
        'quotas.Q11.usedPercent': 1.2,
        'quotas.Q12.usage': 5,
        // Q14: api's inFlight (entry tier: 1,000 × 0.2) = 200 → 2.
        'quotas.Q14.usage': 200,
        'quotas.Q14.usedPercent': 2,
      });
    });

    it('CM005 error over the limit, warning at p95 / with the safety factor / above 80%; PD002 alone for an unknown measure', () => {
      const d = only(files, 'q.perf.yaml');
      // Q1 33%: none. Q2 (concurrency by default): 500 at p95 > 400 → warning. Q3: 200 > 150 → error.
      // Q4: 83% > 80% (and 500 at p95 > 240) → one warning. Q5: none. Q6: 1,000 × 1.5 = 1,500 > 1,200 → warning.
      // Q7: 1,000 > 900 → error. Q8: 92% → warning. Q9: 1,500 ≤ 2,000 and no safety-factor variant with appliesTo → none.
      // Q10: exactly 80% → none. Q10b: 120 / 140 = 86% → warning. Q11: 42 > 35 → error. Q12: 50% → none.
      // Q13: measures bananas → PD002 and no CM005. Q14: 200 > 100 → error that says it cannot be raised.
      assert.deepEqual(found(d), [
        'CM005 warning 13',
        'CM005 error 14',
        'CM005 warning 15',
        'CM005 warning 17',
        'CM005 error 18',
        'CM005 warning 19',
        'CM005 warning 22',
        'CM005 error 23',
        'PD002 error 25',
        'CM005 error 26',
      ]);
      const q14 = d.diagnostics.filter(g => g.code === 'CM005').at(-1)!;
      assert.match(q14.message, /Q14/);
      assert.match(q14.message, /cannot be raised/);
    });

    it('§10.6 quotas measuring concurrency or rps are constraints at limit / usage', () => {
      const d = only(files, 'q.perf.yaml');
      // Q14 100/200 = 0.5; Q3 150/200 = 0.75; Q7 900/1,000 = 0.9; Q8 60/55 = 1.091; Q4 240/200 = 1.2; Q6 1,200/1,000 = 1.2;
      // Q9 2,000/1,500 = 1.333; Q2 2; Q5 2; api tier 12 × 200 / 1,000 = 2.4; Q1 3; h tier 30 × 100 / 500 = 6.
      const constraints = at(d.metrics, 'constraints') as Figures[];
      assert.deepEqual(
        constraints.map(c => c.name),
        ['Q14', 'Q3', 'Q7', 'Q8', 'Q4', 'Q6', 'Q9', 'Q2', 'Q5', 'api', 'Q1', 'h'],
      );
      figures(d.metrics, {
        'constraints.3.multiple': 1.0909,
        'constraints.3.rps': 1090.909,
        breakingPoint: { name: 'Q14', kind: 'quota', multiple: 0.5, rps: 500 },
      });
    });
  });

  describe('§10.7 scaling', () => {
    it('resource dimensions and bottleneck; CM010, CM011, CM012, cooldown: 0 as CM007, PD002 for min > max', () => {
      const d = only(
        {
          's.perf.yaml': model(
            'SC',
            'traffic: { peakRps: 1000, latency: 100ms, rampTime: 5min }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: a, unitRps: { cpu: 400, memory: 900, threads: 300 }, units: { min: 2, max: 10 } }',
            '  - { name: b, unitRps: 200, units: { min: 2, max: 10 } }',
            '  - { name: c, unitRps: 200, units: { min: 1, max: 10 } }',
            '  - { name: d, unitRps: { cpu: 500, memory: 300 }, units: { min: 5, max: 10 } }',
            '  - { name: e, unitRps: 1000, units: { min: 5, max: 2 } }',
            'scaling:',
            '  - { tier: a, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s, warmup: 10min }',
            '  - { tier: b, policy: target-tracking, metric: cpu, target: 80%, cooldown: 0, scaleOutTime: 2min }',
            '  - { tier: c, policy: target-tracking, metric: requests, target: 50%, cooldown: 60s, scaleOutTime: 10min }',
            '  - { tier: c, policy: scheduled, cooldown: 60s }',
            '  - { tier: d, policy: target-tracking, metric: MemoryUtilization, target: 60%, cooldown: 60s, scaleOutTime: 10min }',
          ),
        },
        's.perf.yaml',
      );
      // a: unitRps min(400, 900, 300) = 300, bottleneck threads; ceil(1,000 / 210) = 5. d: 300, memory.
      figures(d.metrics, {
        'tiers.a.bottleneck': 'threads',
        'tiers.a.unitsNeeded': 5,
        'tiers.d.bottleneck': 'memory',
        'tiers.b.bottleneck': null,
      });
      // e: min 5 > max 2 → PD002 (line 10). a: scaling on cpu, bottleneck threads → CM011 (line 12); scale-out = warmup
      // 10 min > ramp 5 min and 2 × 300 = 600 < 1,000 → CM010 (line 12). b: target 80% > 70% → CM012, cooldown: 0 → CM007
      // (line 13). c: a scheduled policy → no CM010. d: 5 × 300 = 1,500 ≥ 1,000 → no CM010; memory metric → no CM011.
      assert.deepEqual(found(d), [
        'PD002 error 10',
        'CM011 warning 12',
        'CM010 warning 12',
        'CM012 warning 13',
        'CM007 warning 13',
      ]);
      assert.match(diag(d, 'CM007').message, /cooldown: 0/);
    });

    it('a scaling tier without max is CM007, not a schema error: the file exits 0', () => {
      const d = only(
        {
          'm.perf.yaml': model(
            'NoMax',
            'traffic: { peakRps: 100, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: api, unitRps: 300, units: { min: 4 } }',
            'scaling:',
            '  - { tier: api, policy: target-tracking, metric: requests, target: 60%, cooldown: 60s }',
          ),
        },
        'm.perf.yaml',
      );
      assert.deepEqual(found(d), ['CM007 warning 6']);
      assert.equal(d.status, 0);
    });
  });

  describe('§10.8 scenarios', () => {
    const files = {
      'b.perf.yaml': budget(
        'B',
        'target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 2s }',
        'segments:',
        '  - { name: edge, budget: 20ms }',
        '  - { name: auth, budget: 30ms, dependency: auth, timeout: 100ms, retries: 1, backoff: 10ms, jitter: true }',
        '  - { name: dbq, budget: 100ms, dependency: db, timeout: 200ms }',
        '  - name: fan',
        '    parallel:',
        '      - { name: p1, budget: 50ms, dependency: db, timeout: 80ms }',
        '      - { name: p2, budget: 60ms, dependency: other, timeout: 100ms }',
      ),
      's.perf.yaml': model(
        'S',
        'traffic: { peakRps: 1000, latencyFrom: ./b.perf.yaml }',
        'headroom: { safetyFactor: 1.2, maxUtilization: 70% }',
        'tiers:',
        '  - name: api',
        '    unitRps: 100',
        '    units: { min: 6, max: 18 }',
        '    zones: 3',
        '    connectionsPerUnit: 10',
        '    dependsOn: [{ tier: db, latency: 20ms, connectionsPerUnit: 4 }, cache]',
        '  - { name: cache, hitRatio: 80%, missesTo: db, unitRps: 5000, units: 3 }',
        '  - { name: db, maxConnections: 100 }',
        'scenarios:',
        '  - name: AZ',
        '    zoneLost: true',
        '  - name: Cold',
        '    hitRatio: { cache: 0% }',
        '  - name: Slow',
        '    latency: 10x',
        '  - name: DB slow',
        '    latency: { db: 3x }',
        '  - name: Auth and DB slow',
        '    latency: { db: 3x, auth: 10x }',
        '  - name: Launch',
        '    traffic: x3',
      ),
    };

    it('the base model: latency from the budget (p50 100 ms, total 210 ms), no findings', () => {
      const d = only(files, 's.perf.yaml');
      // inFlight 1,000 × 0.1 = 100; p95 1,000 × 0.21 = 210; api ceil(1,200 / 70) = 18 of 18; (18 − 6) × 100 = 1,200 → 0.833.
      figures(d.metrics, {
        inFlight: 100,
        inFlightP95: 210,
        'tiers.api.unitsNeeded': 18,
        'tiers.api.failoverRps': 1200,
      });
      // db = 1,000 + 1,000 × (1 − 80%) = 1,200; connections 18 × 4 = 72 (≤ 80); edge inFlight 1,000 × 0.02 = 20.
      figures(d.metrics, {
        'tiers.db.rps': 1200,
        'tiers.db.connections': 72,
      });
      assert.deepEqual(
        d.diagnostics.filter(g => !g.message.startsWith('[')),
        [],
        'only the scenarios find something',
      );
    });

    it('zoneLost: 18 − ceil(18/3) = 12 units in 2 zones; findings on the scenario name, prefixed', () => {
      const d = only(files, 's.perf.yaml');
      const az = at(d.metrics, 'scenarios', 'AZ') as Figures;
      // 1,000 / 1,200 = 0.833; one more zone lost: (12 − 6) × 100 = 600 → 1.667 → CM002; needs 18 > 12 → CM001.
      figures(az, {
        'tiers.api.utilizationAtPeak': 0.8333,
        'tiers.api.failoverRps': 600,
        // Pool 12 × 4 = 48; constraints: api 1,200 / 1,000 = 1.2, pool 48 / 20 = 2.4.
        'tiers.api.calls.db.pool': 48,
        'tiers.db.connections': 48,
        breakingPoint: { name: 'api', kind: 'tier', multiple: 1.2, rps: 1200 },
      });
      const azFindings = d.diagnostics.filter(g => g.message.startsWith('[AZ] '));
      assert.deepEqual(
        azFindings.map(g => `${g.code} ${g.severity}`),
        ['CM001 error', 'CM002 warning'],
      );
      // On the scenario's name: line 15 `  - name: AZ`, the value at character 10.
      for (const g of azFindings)
        assert.deepEqual(g.range, { start: { line: 15, character: 10 }, end: { line: 15, character: 12 } });
    });

    it('hitRatio: a cold cache sends every read to db', () => {
      const cold = at(only(files, 's.perf.yaml').metrics, 'scenarios', 'Cold') as Figures;
      // db = 1,000 + 1,000 × (1 − 0%) = 2,000.
      figures(cold, {
        'tiers.db.rps': 2000,
      });
    });

    it('latency: 10x slows every latency; the api → db pool breaks (CM009)', () => {
      const d = only(files, 's.perf.yaml');
      const slow = at(d.metrics, 'scenarios', 'Slow') as Figures;
      // inFlight 1,000 × 1 s = 1,000; p95 1,000 × 2.1 s = 2,100; edge 1,000 × 0.2 s = 200 > pool 72 → CM009;
      // constraint 72 / 200 = 0.36 → 360 rps.
      figures(slow, {
        inFlight: 1000,
        inFlightP95: 2100,
        'tiers.api.calls.db.inFlight': 200,
        breakingPoint: { name: 'api → db', kind: 'pool', multiple: 0.36, rps: 360 },
      });
      const cm009 = diag(d, 'CM009');
      assert.equal(cm009.severity, 'error');
      assert.match(cm009.message, /^\[Slow\] /);
      assert.equal(cm009.range.start.line, 19);
    });

    it('latency: { db: 3x }: budget segments capped at their worst case, plus the entry edge time', () => {
      const slow = at(only(files, 's.perf.yaml').metrics, 'scenarios', 'DB slow') as Figures;
      // Budget: dbq 100 → 300 capped at its timeout 200 (+100); p1 50 → 150 capped at 80, the group max(80, 60) = 80
      // instead of 60 (+20): the total grows 120 ms. Edge api → db 20 → 60 ms from an entry tier, 1 call: +40 ms.
      // latency 100 + 160 = 260 ms → inFlight 260; p95Latency 210 + 160 = 370 ms → 370. Edge 1,000 × 0.06 = 60 ≤ 72.
      figures(slow, {
        inFlight: 260,
        inFlightP95: 370,
        'tiers.api.inFlight': 260,
        'tiers.api.calls.db.inFlight': 60,
        // Pool 72 / 60 = 1.2 comes before the api tier's 1.8.
        breakingPoint: { name: 'api → db', kind: 'pool', multiple: 1.2, rps: 1200 },
      });
      // auth 30 × 10 = 300 capped at (1 + 1) × 100 + 10 = 210 (+180): with db, 160 + 180 = 340 ms added.
      const both = at(only(files, 's.perf.yaml').metrics, 'scenarios', 'Auth and DB slow') as Figures;
      figures(both, {
        inFlight: 440,
        inFlightP95: 550,
      });
    });

    it('traffic: x3 raises peakRps: CM001, CM002 and CM006 in the scenario, constraints at the new peak', () => {
      const d = only(files, 's.perf.yaml');
      const launch = at(d.metrics, 'scenarios', 'Launch') as Figures;
      // 3,000 rps: ceil(3,600 / 70) = 52 > 18; 3,000 / 1,800 = 1.667 > 85%; 3,000 / 1,200 = 2.5 > 85%.
      figures(launch, {
        requiredRps: 3600,
        'tiers.api.unitsNeeded': 52,
        'tiers.api.utilizationAtPeak': 1.6667,
        'tiers.api.failoverUtilization': 2.5,
        // db = 3,000 + 3,000 × 20% = 3,600; api m = 1,800 / 3,000 = 0.6 → 3,000 × 0.6 = 1,800 rps.
        'tiers.db.rps': 3600,
        breakingPoint: { name: 'api', kind: 'tier', multiple: 0.6, rps: 1800 },
      });
      assert.deepEqual(
        d.diagnostics
          .filter(g => g.message.startsWith('[Launch] '))
          .map(g => `${g.code} ${g.severity} ${g.range.start.line}`),
        ['CM001 error 25', 'CM002 warning 25', 'CM006 warning 25'],
      );
    });

    it('named latency slows only edges into that tier; edges from a non-entry tier add no critical-path time', () => {
      const d = only(
        {
          's.perf.yaml': model(
            'S2',
            'traffic: { peakRps: 100, latency: 100ms, p95Latency: 300ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: api, unitRps: 100, units: 10, latency: 50ms, dependsOn: [{ tier: svc, latency: 30ms, callsPerRequest: 2 }] }',
            '  - { name: svc, unitRps: 100, units: 10, latency: 20ms, dependsOn: [{ tier: db, latency: 10ms }] }',
            '  - { name: db, maxConnections: 100 }',
            'scenarios:',
            '  - { name: svc slow, latency: { svc: 2x } }',
            '  - { name: db slow, latency: { db: 5x } }',
            '  - { name: all 2x, latency: ×2 }',
          ),
        },
        's.perf.yaml',
      );
      figures(d.metrics.scenarios, {
        // svc slow: api → svc 30 → 60 ms, 2 calls from the entry tier: +60 ms → 160 ms (16 in flight), 360 ms (36);
        // the edge 200 rps × 0.06 = 12; svc's own latency stays 20 ms (200 × 0.02 = 4).
        'svc slow.inFlight': 16,
        'svc slow.inFlightP95': 36,
        'svc slow.tiers.api.calls.svc.inFlight': 12,
        'svc slow.tiers.svc.inFlight': 4,
        // db slow: svc → db 10 → 50 ms (200 × 0.05 = 10), svc is no entry tier: traffic latency unchanged (10 in flight).
        'db slow.inFlight': 10,
        'db slow.tiers.svc.calls.db.inFlight': 10,
        // all 2x: every latency doubles: 20, 60; api 100 × 0.1 = 10; svc 200 × 0.04 = 8; edges 12 and 4.
        'all 2x.inFlight': 20,
        'all 2x.inFlightP95': 60,
        'all 2x.tiers.api.inFlight': 10,
        'all 2x.tiers.svc.inFlight': 8,
        'all 2x.tiers.api.calls.svc.inFlight': 12,
        'all 2x.tiers.svc.calls.db.inFlight': 4,
      });
      assert.deepEqual(found(d), []);
    });

    it('named latency: async segments do not count, a segment without timeout is not capped, a group costs its max', () => {
      const d = only(
        {
          'b.perf.yaml': budget(
            'BB',
            'target: { p50: 100ms, p95: 400ms, p99: 800ms, timeout: 3s }',
            'segments:',
            '  - { name: q1, budget: 100ms, dependency: db }',
            '  - { name: emit, budget: 50ms, dependency: db, timeout: 100ms, async: true }',
            '  - name: fan',
            '    parallel:',
            '      - { name: p1, budget: 50ms, dependency: db, timeout: 80ms }',
            '      - { name: p2, budget: 90ms, dependency: other, timeout: 100ms }',
          ),
          'm.perf.yaml': model(
            'MB',
            'traffic: { peakRps: 1000, latencyFrom: ./b.perf.yaml }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: api, unitRps: 1000, units: 10 }',
            'scenarios:',
            '  - { name: s, latency: { db: 3x } }',
          ),
        },
        'm.perf.yaml',
      );
      // Base: p50 100 ms → 100 in flight; total 100 + max(50, 90) = 190 ms → 190 at p95.
      // s: q1 100 → 300 (no timeout: uncapped, +200); emit is async (+0); p1 50 → 150 capped at 80, the group stays
      // max(80, 90) = 90 (+0): +200 ms → 300 and 390 in flight.
      figures(d.metrics, {
        inFlight: 100,
        inFlightP95: 190,
        'scenarios.s.inFlight': 300,
        'scenarios.s.inFlightP95': 390,
      });
    });

    it('a suppression above a scenario item covers its findings', () => {
      const withDirective = files['s.perf.yaml'].replace(
        '  - name: Launch\n',
        '  # perfdoc-disable-next-line CM001,CM002,CM006 -- launch capacity is reserved by hand\n  - name: Launch\n',
      );
      const d = only({ ...files, 's.perf.yaml': withDirective }, 's.perf.yaml');
      const launch = d.diagnostics.filter(g => g.message.startsWith('[Launch] '));
      assert.equal(launch.length, 3);
      for (const g of launch)
        assert.equal((g as JsonDiagnostic & { suppressed?: string }).suppressed, 'launch capacity is reserved by hand');
    });

    it('zoneLost on zones: 1 keeps no unit; an unknown cache name is PD002', () => {
      const d = only(
        {
          'z.perf.yaml': model(
            'Z',
            'traffic: { peakRps: 1000, latency: 100ms }',
            'headroom: { safetyFactor: 1 }',
            'tiers:',
            '  - { name: one, unitRps: 1000, units: 4, zones: 1 }',
            '  - { name: two, unitRps: 1000, units: { min: 6, max: 9 }, zones: 3 }',
            'scenarios:',
            '  - { name: AZ, zoneLost: true }',
            '  - { name: bad, hitRatio: { nope: 0% } }',
          ),
        },
        'z.perf.yaml',
      );
      // one: keeps none → needs ceil(1,000 / 700) = 2 > 0 → CM001 [AZ]; two: 9 − 3 = 6 units, one more zone: 6 − 3 = 3 → 3,000.
      figures(d.metrics, {
        'scenarios.AZ.tiers.two.failoverRps': 3000,
      });
      assert.deepEqual(found(d), ['CM002 warning 6', 'CM001 error 9', 'PD002 error 10']);
      assert.match(diag(d, 'CM001').message, /^\[AZ\] /);
    });
  });

  describe('§12 ObservabilityPlan', () => {
    const capacity = model(
      'OM',
      'traffic: { peakRps: 100, latency: 100ms }',
      'headroom: { safetyFactor: 1 }',
      'tiers:',
      '  - { name: api, unitRps: 100, units: 4, connectionsPerUnit: 10, dependsOn: [db] }',
      '  - { name: cache, hitRatio: 50%, missesTo: db }',
      '  - { name: db, maxConnections: 500 }',
      'queues:',
      '  - { name: orders, backlog: 1000, ratePerWorker: 10, drainTime: 30m, workers: 2 }',
      'quotas:',
      '  - { name: Lambda concurrency, limit: 1000 }',
    );
    const plan = (...body: string[]) =>
      lines('apiVersion: perfdoc/v1', 'kind: ObservabilityPlan', 'name: OB', 'capacity: ./om.perf.yaml', ...body);

    it('OB001-OB004 fire on what is missing', () => {
      const d = only(
        {
          'om.perf.yaml': capacity,
          'ob.perf.yaml': plan(
            'signals:',
            '  api: [latency, traffic, errors]',
            '  db: [latency, traffic, errors, saturation]',
            'traces: { correlationId: true, propagated: true, fields: [tenant, retryCount] }',
            'logs: { correlationId: false }',
            'dashboards: [user, service]',
            'alarms:',
            '  - { metric: db.connections, above: 80%, runbook: docs/db.md }',
            '  - { metric: foo, above: 1 }',
          ),
        },
        'ob.perf.yaml',
      );
      // OB001: cache has no signals, api lacks saturation. OB002: quota (alarm at 80% × 1,000 = 800) and queue orders
      // (oldestMessageAge above 30 min) lack alarms; db.connections is covered. OB003: the alarm on foo has no runbook.
      // OB004: five trace fields, logs' correlation ID, two dashboard views missing.
      assert.deepEqual(d.diagnostics.map(g => `${g.code} ${g.severity}`).sort(), [
        'OB001 warning',
        'OB001 warning',
        'OB002 warning',
        'OB002 warning',
        'OB003 information',
        'OB004 information',
        'OB004 information',
        'OB004 information',
      ]);
      const ob002 = d.diagnostics.filter(g => g.code === 'OB002').map(g => g.message);
      assert.ok(
        ob002.some(m => m.includes('Lambda concurrency') && m.includes('800')),
        ob002.join('\n'),
      );
      assert.ok(
        ob002.some(m => m.includes('orders.oldestMessageAge')),
        ob002.join('\n'),
      );
      assert.equal(d.status, 0);
    });

    it('OB002 thresholds follow quotaWarnPercent and connectionsWarnPercent of .perfdoc.yaml; OB004 without correlation', () => {
      const d = only(
        {
          'om.perf.yaml': capacity,
          '.perfdoc.yaml': 'connectionsWarnPercent: 90\nquotaWarnPercent: 50\n',
          'ob.perf.yaml': plan(
            'signals:',
            '  api: [latency, traffic, errors, saturation]',
            '  cache: [latency, traffic, errors, saturation]',
            '  db: [latency, traffic, errors, saturation]',
            'traces: { fields: [tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az] }',
            'logs: { correlationId: true }',
            'dashboards: [user, service, dependency, infrastructure]',
          ),
        },
        'ob.perf.yaml',
      );
      // Alarms asked for: Lambda concurrency above 50% × 1,000 = 500; db.connections above 90% × 500 = 450;
      // orders.oldestMessageAge above its drainTime 30 min. Traces without correlationId/propagated → OB004.
      const ob002 = d.diagnostics.filter(g => g.code === 'OB002').map(g => g.message);
      assert.equal(ob002.length, 3, ob002.join('\n'));
      assert.ok(
        ob002.some(m => m.includes('Lambda concurrency above 500')),
        ob002.join('\n'),
      );
      assert.ok(
        ob002.some(m => m.includes('db.connections above 450')),
        ob002.join('\n'),
      );
      assert.deepEqual(
        d.diagnostics.filter(g => g.code !== 'OB002').map(g => `${g.code} ${g.severity}`),
        ['OB004 information'],
      );
      assert.match(diag(d, 'OB004').message, /correlationId/);
    });

    it('a complete plan is silent', () => {
      const d = only(
        {
          'om.perf.yaml': capacity,
          'ob.perf.yaml': plan(
            'signals:',
            '  api: [latency, traffic, errors, saturation]',
            '  cache: [latency, traffic, errors, saturation]',
            '  db: [latency, traffic, errors, saturation]',
            'traces: { correlationId: true, propagated: true, fields: [tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az] }',
            'logs: { correlationId: true }',
            'dashboards: [user, service, dependency, infrastructure]',
            'alarms:',
            '  - { metric: db.connections, above: 400, runbook: docs/db.md }',
            '  - { metric: orders.oldestMessageAge, above: 30m, runbook: docs/o.md }',
            '  - { metric: Lambda concurrency, above: 800, runbook: docs/l.md }',
          ),
        },
        'ob.perf.yaml',
      );
      assert.deepEqual(found(d), []);
    });
  });

  describe('§13 suppressions and extensions, §14 exit status', () => {
    const suppressed = (reason: string) =>
      model(
        'M',
        'x-owner: team-a',
        'traffic: { peakRps: 2000, latency: 150ms, x-note: hi }',
        'headroom: { safetyFactor: 1.5 }',
        'tiers:',
        '  - { name: api, unitRps: 300, units: 20 }',
        'queues:',
        `  # perfdoc-disable-next-line CM004${reason}`,
        '  - name: orders',
        '    backlog: 2000000',
        '    ratePerWorker: 40/s',
        '    drainTime: 30m',
        '    workers: 20',
      );

    it('a suppressed error keeps its place in JSON with the reason and leaves the exit status; x- keys are ignored', () => {
      const d = only({ 'm.perf.yaml': suppressed(' -- drained by the nightly batch') }, 'm.perf.yaml');
      // orders needs ceil(2,000,000 / (1,800 × 40)) = 28 > 20 → CM004, suppressed: exit 0.
      assert.deepEqual(found(d), ['CM004 error 14']);
      assert.equal(
        (d.diagnostics[0] as JsonDiagnostic & { suppressed?: string }).suppressed,
        'drained by the nightly batch',
      );
      assert.equal(d.status, 0);
    });

    it('--baseline: the exit status counts only new error findings', () => {
      const ws = new Workspace({ 'm.perf.yaml': suppressed('') });
      try {
        // Baseline taken with the CM004 error: the same error again exits 0; a new error (CM001) exits 1.
        const baseline = ws.json('m.perf.yaml');
        assert.equal(baseline.status, 1);
        ws.write('base.json', JSON.stringify(baseline.report));
        assert.equal(ws.run('check', '--baseline', 'base.json', 'm.perf.yaml').status, 0);
        // 2,000 × 1.5 / (300 × 70%) = 14.3 → 15 units needed; 10 → CM001, new.
        ws.write('m.perf.yaml', suppressed('').replace('units: 20', 'units: 10'));
        const r = ws.run('check', '--format', 'markdown', '--baseline', 'base.json', 'm.perf.yaml');
        assert.equal(r.status, 1);
        assert.match(r.stdout, /CM001/);
      } finally {
        ws.dispose();
      }
    });

    it('without a reason: PD007 warning and nothing suppressed (exit 1)', () => {
      const d = only({ 'm.perf.yaml': suppressed('') }, 'm.perf.yaml');
      assert.deepEqual(found(d), ['PD007 warning 9', 'CM004 error 14']);
      assert.equal((d.diagnostics[1] as JsonDiagnostic & { suppressed?: string }).suppressed, undefined);
      assert.equal(d.status, 1);
    });
  });
});
