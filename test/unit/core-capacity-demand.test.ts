// CapacityModel v1.1 (FORMAT.md §10.1-10.7): demand through the tiers, per-edge Little's law,
// connections, failover in whole units, queues with arrivals and poison messages, quotas,
// what breaks first and scaling dynamics. Every expected figure is computed by hand from the
// spec's formulas (the arithmetic is in each test's name or comment), never read back from
// the implementation.
import * as assert from 'node:assert/strict';
import { backlogWork, drainTimeS, workersNeeded } from '../../server/src/core/capacityModel';
import { DEFAULT_SETTINGS, Metrics } from '../../server/src/core/types';
import { headline } from '../../server/src/core/summary';
import {
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  capacityModel,
  findingsOf,
  onlyDocument,
  single,
} from '../fixtures/documents';

type Figures = Record<string, Record<string, unknown>>;
const metricsOf = (text: string, settings = DEFAULT_SETTINGS): Metrics =>
  onlyDocument(analyze(text, undefined, { settings })).metrics;
const tiersOf = (text: string) => metricsOf(text).tiers as Figures;
const queuesOf = (text: string) => metricsOf(text).queues as Figures;
const quotasOf = (text: string) => metricsOf(text).quotas as Figures;

/** 2,000 rps, 150 ms, 20% writes; safety factor 1.5 at 70%. */
const model = (...body: string[]) =>
  capacityModel(
    '{ peakRps: 2000, latency: 150ms, writeRatio: 20% }',
    '{ safetyFactor: 1.5, maxUtilization: 70% }',
    ...body,
  );

describe('core CapacityModel v1.1: demand per tier (§10.1)', () => {
  it('share: rps = peakRps × share (2,000 × 25% = 500)', () => {
    assert.equal(tiersOf(model('tiers:', '  - { name: search, share: 25% }')).search.rps, 500);
  });

  it('requests: reads 2,000 × 80% = 1,600, writes 2,000 × 20% = 400, all 2,000', () => {
    const t = tiersOf(
      model(
        'tiers:',
        '  - { name: r, requests: reads }',
        '  - { name: w, requests: writes }',
        '  - { name: a, requests: all }',
      ),
    );
    assert.deepEqual([t.r.rps, t.w.rps, t.a.rps], [1600, 400, 2000]);
  });

  it('an indexer of the writes is sized on its 400 rps: ceil(400 × 1.5 / (100 × 70%)) = 9 (v1 sized it at the peak: 43)', () => {
    const file = analyze(
      model('tiers:', '  - { name: indexer, requests: writes, unitRps: 100, units: { min: 2, max: 9 } }'),
    );
    assert.equal((onlyDocument(file).metrics.tiers as Figures).indexer.unitsNeeded, 9);
    assert.equal((onlyDocument(file).metrics.tiers as Figures).indexer.utilizationAtPeak, 0.444, '400 / (9 × 100)');
    assertNo(file, 'CM001');
  });

  it('requests: reads/writes without traffic.writeRatio is PD002 on requests, and rps is null', () => {
    const file = analyze(
      capacityModel(
        '{ peakRps: 2000, latency: 150ms }',
        '{ safetyFactor: 1 }',
        'tiers:',
        '  - { name: w, requests: writes }',
      ),
    );
    const f = single(file, 'PD002');
    assert.match(f.message, /requests: writes needs traffic.writeRatio/);
    assertAt(file, f, 'writes }', 'writes');
    assert.equal((onlyDocument(file).metrics.tiers as Figures).w.rps, null);
  });

  it('a callee sums its callers: 2,000 × 3 calls + cache misses 2,000 × (1 − 90%) + queue 10 × 40/s × 2 = 7,000', () => {
    const t = tiersOf(
      model(
        'tiers:',
        '  - { name: api, dependsOn: [{ tier: db, callsPerRequest: 3 }, cache] }',
        '  - { name: cache, hitRatio: 90%, missesTo: db }',
        '  - { name: db, maxConnections: 5000 }',
        'queues:',
        '  - { name: jobs, workers: 10, ratePerWorker: 40/s, dependsOn: [{ tier: db, callsPerRequest: 2 }] }',
      ),
    );
    assert.equal(t.api.rps, 2000, 'entry tier: the peak');
    assert.equal(t.cache.rps, 2000, 'called once per api request');
    assert.equal(t.db.rps, 6000 + 200 + 800);
  });

  it('a chain multiplies: api 2,000 → svc × 2 = 4,000 → db × 0.5 = 2,000; a plain name is one call', () => {
    const t = tiersOf(
      model(
        'tiers:',
        '  - { name: api, dependsOn: [{ tier: svc, callsPerRequest: 2 }] }',
        '  - { name: svc, dependsOn: [{ tier: db, callsPerRequest: 0.5 }, audit] }',
        '  - { name: db }',
        '  - { name: audit }',
      ),
    );
    assert.deepEqual([t.api.rps, t.svc.rps, t.db.rps, t.audit.rps], [2000, 4000, 2000, 4000]);
  });

  it('precedence: share beats being a callee, requests beats being a callee', () => {
    const t = tiersOf(
      model(
        'tiers:',
        '  - { name: api, dependsOn: [db, search] }',
        '  - { name: db, share: 10% }',
        '  - { name: search, requests: reads }',
      ),
    );
    assert.equal(t.db.rps, 200);
    assert.equal(t.search.rps, 1600);
  });

  it("a queue's consumer adds no demand and no connections: the tier stays an entry tier", () => {
    const text = model(
      'tiers:',
      '  - { name: workers, units: { min: 1, max: 30 }, connectionsPerUnit: 2, dependsOn: [db] }',
      '  - { name: db, maxConnections: 100 }',
      'queues:',
      '  - { name: q, backlog: 1000, ratePerWorker: 10/s, drainTime: 10m, consumer: workers, connectionsPerWorker: 5, dependsOn: [db] }',
    );
    const t = tiersOf(text);
    assert.equal(t.workers.rps, 2000);
    assert.equal(t.db.connections, 60, '30 × 2 from the tier; the queue opens none of its own');
    assert.equal(t.db.rps, 2000 + 30 * 10, "the queue's own dependsOn still calls db: 30 workers × 10/s");
  });

  it('a cycle is PD002 on the edge that closes it, and no demand is computed along it', () => {
    const file = analyze(
      model(
        'tiers:',
        '  - { name: a, dependsOn: [b] }',
        '  - { name: b, dependsOn: [c] }',
        '  - { name: c, dependsOn: [a, d] }',
        '  - { name: d }',
        '  - { name: e }',
      ),
    );
    const f = single(file, 'PD002');
    assert.match(f.message, /c → a closes a cycle \(a → b → c → a\)/);
    assertAt(file, f, 'a, d]', 'a');
    const t = onlyDocument(file).metrics.tiers as Figures;
    assert.deepEqual([t.a.rps, t.b.rps, t.c.rps, t.d.rps], [null, null, null, null]);
    assert.equal(t.e.rps, 2000, 'a tier off the cycle keeps its figures');
  });

  it('a self-call and a cache missing to itself are cycles too', () => {
    const file = analyze(
      model('tiers:', '  - { name: a, dependsOn: [a] }', '  - { name: c, hitRatio: 50%, missesTo: c }'),
    );
    assert.equal(findingsOf(file, 'PD002').length, 2);
  });

  it('tier inFlight: rps × its latency; an entry tier without latency holds the request (traffic.latency)', () => {
    const t = tiersOf(
      model(
        'tiers:',
        '  - { name: api, dependsOn: [db, svc] }',
        '  - { name: db, latency: 20ms }',
        '  - { name: svc }',
      ),
    );
    assert.equal(t.api.inFlight, 300, '2,000 × 150 ms');
    assert.equal(t.db.inFlight, 40, '2,000 × 20 ms');
    assert.equal(t.svc.inFlight, null, 'a callee without latency');
  });

  it('unitRps dimensions: the smallest is the unit rate and names the bottleneck (§6.1)', () => {
    const t = tiersOf(
      model('tiers:', '  - { name: api, unitRps: { cpu: 400, memory: 900, threads: 300 }, units: 21 }'),
    );
    assert.equal(t.api.bottleneck, 'threads');
    assert.equal(t.api.unitsNeeded, 15, 'ceil(3,000 / (300 × 70%))');
    assert.equal(t.api.utilizationAtPeak, 0.317, '2,000 / (21 × 300)');
  });
});

describe("core CapacityModel v1.1: per-edge Little's law and pools (§10.1, §10.2)", () => {
  const edge = (latency: string, extra = '') =>
    capacityModel(
      '{ peakRps: 1000, latency: 100ms }',
      '{ safetyFactor: 1 }',
      'tiers:',
      `  - { name: api, units: 10, connectionsPerUnit: 20, dependsOn: [{ tier: db, callsPerRequest: 2, latency: ${latency}${extra} }] }`,
      '  - { name: db, maxConnections: 1000 }',
    );

  it('tiers.api.calls.db: rps 1,000 × 2 = 2,000, inFlight 2,000 × 20 ms = 40, pool 10 × 20 = 200', () => {
    assert.deepEqual(tiersOf(edge('20ms')).api.calls, { db: { rps: 2000, inFlight: 40, pool: 200 } });
  });

  it("the edge's own connectionsPerUnit overrides the caller's: pool 10 × 5 = 50, and counts in connections", () => {
    const t = tiersOf(edge('20ms', ', connectionsPerUnit: 5'));
    assert.equal((t.api.calls as Figures).db.pool, 50);
    assert.equal(t.db.connections, 50);
  });

  it('an edge without latency has no calls figure', () => {
    assert.deepEqual(tiersOf(model('tiers:', '  - { name: api, dependsOn: [db] }', '  - { name: db }')).api.calls, {});
  });

  it('CM009 fires on the edge when inFlight > pool: 2,000 × 120 ms = 240 > 200', () => {
    const file = analyze(edge('120ms'));
    const f = single(file, 'CM009');
    assert.equal(f.severity, 'error');
    assert.match(
      f.message,
      /^api → db: 240 calls in flight at peak \(2,000 rps × 120 ms\) exceed its pool of 200 connections/,
    );
    assertAt(file, f, '{ tier: db', '{ tier: db, callsPerRequest: 2, latency: 120ms }');
  });

  it('CM009 does not fire when inFlight equals the pool: 2,000 × 100 ms = 200', () =>
    assertNo(analyze(edge('100ms')), 'CM009'));

  it('connections count each edge with its own pool: db 10 × 20 = 200, redis 10 × 200 = 2,000', () => {
    const t = tiersOf(
      model(
        'tiers:',
        '  - { name: api, units: 10, connectionsPerUnit: 20, dependsOn: [db, { tier: redis, connectionsPerUnit: 200 }] }',
        '  - { name: db, maxConnections: 500 }',
        '  - { name: redis, maxConnections: 65000 }',
      ),
    );
    assert.equal(t.db.connections, 200);
    assert.equal(t.redis.connections, 2000);
  });

  it('CM003 error on the edge of a caller with no max into a tier with maxConnections; connections null', () => {
    for (const units of ['', ', units: { min: 2 }']) {
      const file = analyze(
        model(
          'tiers:',
          `  - { name: handlers, connectionsPerUnit: 1${units}, dependsOn: [db] }`,
          '  - { name: api, units: 4, connectionsPerUnit: 10, dependsOn: [db] }',
          '  - { name: db, maxConnections: 500 }',
        ),
      );
      const f = single(file, 'CM003');
      assert.equal(f.severity, 'error');
      assert.match(
        f.message,
        /tier "handlers" calls "db" \(maxConnections 500\) with no max units: unlimited concurrency/,
      );
      assertAt(file, f, 'db] }', 'db');
      assert.equal((onlyDocument(file).metrics.tiers as Figures).db.connections, null);
    }
  });

  it('an unbounded caller into a tier without maxConnections is no CM003; a cache is never a caller', () => {
    const file = analyze(
      model(
        'tiers:',
        '  - { name: handlers, dependsOn: [svc] }',
        '  - { name: svc }',
        '  - { name: cache, hitRatio: 90%, missesTo: db, dependsOn: [db] }',
        '  - { name: db, maxConnections: 10 }',
      ),
    );
    assertNo(file, 'CM003');
  });

  it('CM003 warning above connectionsWarnPercent (setting): 400 of 500 is 80%, 401 is over', () => {
    const pools = (perUnit: number, settings = DEFAULT_SETTINGS) =>
      analyze(
        model(
          'tiers:',
          `  - { name: api, units: 1, connectionsPerUnit: ${perUnit}, dependsOn: [db] }`,
          '  - { name: db, maxConnections: 500 }',
        ),
        undefined,
        { settings },
      );
    assertNo(pools(400), 'CM003');
    assert.equal(single(pools(401), 'CM003').severity, 'warning');
    assertNo(pools(401, { ...DEFAULT_SETTINGS, connectionsWarnPercent: 90 }), 'CM003');
  });
});

describe('core CapacityModel v1.1: failover in whole units (§10.3 correction)', () => {
  const tier = (peak: number, units: number, zones: number) =>
    capacityModel(
      `{ peakRps: ${peak}, latency: 100ms }`,
      '{ safetyFactor: 1, maxUtilization: 100% }',
      'tiers:',
      `  - { name: api, unitRps: 500, units: ${units}, zones: ${zones} }`,
    );

  it('10 units over 3 zones: the 4-unit zone lost leaves 6 × 500 = 3,000 rps (v1: 3,333.3); 2,000 / 3,000 = 0.667', () => {
    const t = tiersOf(tier(2000, 10, 3)).api;
    assert.equal(t.failoverRps, 3000);
    assert.equal(t.failoverUtilization, 0.667);
  });

  it('CM002 fires when the survivors run above 85%: 2,600 / 3,000 = 86.7%, not at 2,550 (85%)', () => {
    const f = single(analyze(tier(2600, 10, 3)), 'CM002');
    assert.match(f.message, /keeps 6 of 10 units \(3,000 rps\) and runs at 87% at peak, above 85%/);
    assertNo(analyze(tier(2550, 10, 3)), 'CM002');
  });

  it('CM002 fires when failoverRps is 0: 1 unit in 2 zones keeps none', () => {
    const file = analyze(tier(100, 1, 2));
    assert.equal((onlyDocument(file).metrics.tiers as Figures).api.failoverRps, 0);
    assert.equal((onlyDocument(file).metrics.tiers as Figures).api.failoverUtilization, null);
    assert.match(single(file, 'CM002').message, /keeps no unit with the zone holding the most of its 1 unit lost/);
  });

  it('the failover warning follows utilizationWarnPercent', () => {
    const settings = { ...DEFAULT_SETTINGS, utilizationWarnPercent: 90 };
    assertNo(analyze(tier(2600, 10, 3), undefined, { settings }), 'CM002');
  });
});

describe('core CapacityModel v1.1: queues (§10.4, §20 exercise 2)', () => {
  const queue = (fields: string, tiers: string[] = []) =>
    capacityModel(
      '{ peakRps: 400, latency: 25ms }',
      '{ safetyFactor: 1.5 }',
      ...(tiers.length ? ['tiers:', ...tiers] : []),
      'queues:',
      `  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, ${fields} }`,
    );

  it('formulas: 28 workers without arrivals, 38 with 400/s; drain with 28 and 400/s: 2,000,000 / 720 s', () => {
    assert.equal(workersNeeded(2_000_000, 1_800_000, 40), 28);
    assert.equal(workersNeeded(2_000_000, 1_800_000, 40, 400), 38, 'ceil((1,111.1 + 400) / 40) = ceil(37.8)');
    assert.equal(drainTimeS(2_000_000, 28, 40, 400), 2_000_000 / 720);
    assert.equal(drainTimeS(2_000_000, 10, 40, 400), null, '400/s of workers against 400/s arriving');
    assert.equal(backlogWork(2_000_000, 0.01, 5), 2_080_000, '2,000,000 × (1 + 1% × 4)');
  });

  it('figures and CM004 with arrivals: needs 38, 28 take 46.3 min', () => {
    const text = queue('workers: 28, arrivalRate: 400/s');
    assert.deepEqual(queuesOf(text).orders, { workersNeeded: 38, drainTimeS: 2777.778 });
    const f = single(analyze(text), 'CM004');
    assert.match(
      f.message,
      /needs 38 workers to drain 2,000,000 messages in 30 min at 40\/s each while 400\/s arrive; 28 take 46.3 min/,
    );
    assert.deepEqual(f.data, { workersNeeded: 38 });
    assertNo(analyze(queue('workers: 38, arrivalRate: 400/s')), 'CM004');
  });

  it('poison messages with maxReceiveCount: backlogWork 2,080,000 → ceil(2,080,000 / 1,800 / 40) = 29', () => {
    assert.equal(queuesOf(queue('workers: 29, poisonRatio: 1%, maxReceiveCount: 5')).orders.workersNeeded, 29);
  });

  it('CM004 when poisonRatio > 0 and no maxReceiveCount; workersNeeded and drainTimeS are null', () => {
    const text = queue('workers: 50, poisonRatio: 1%');
    assert.deepEqual(queuesOf(text).orders, { workersNeeded: null, drainTimeS: null });
    const file = analyze(text);
    assertAt(file, single(file, 'CM004'), '1%');
  });

  it('CM004 when workers never outpace arrivals: 10 × 40/s = 400/s against 400/s; drainTimeS null', () => {
    const text = queue('workers: 10, arrivalRate: 400/s');
    assert.equal(queuesOf(text).orders.drainTimeS, null);
    assert.match(
      single(analyze(text), 'CM004').message,
      /never drains: 10 workers × 40\/s = 400\/s do not outpace the 400\/s arriving/,
    );
  });

  it('consumer: workers default to its max units (30: drains in 2,000,000 / 1,200 s); CM004 when it scales to fewer than needed', () => {
    const ok = queue('consumer: w', ['  - { name: w, units: { min: 2, max: 30 } }']);
    assert.deepEqual(queuesOf(ok).orders, { workersNeeded: 28, drainTimeS: 1666.667 });
    assertNo(analyze(ok), 'CM004');
    const file = analyze(queue('consumer: w', ['  - { name: w, units: { min: 2, max: 20 } }']));
    const f = single(file, 'CM004');
    assert.match(f.message, /needs 28 workers .* but its consumer "w" scales to 20 units/);
    assertAt(file, f, 'w }', 'w');
  });
});

describe('core CapacityModel v1.1: quotas (§10.5)', () => {
  const quotas = (...items: string[]) =>
    capacityModel(
      '{ peakRps: 1000, latency: 100ms, p95Latency: 300ms }',
      '{ safetyFactor: 1.5, maxUtilization: 70% }',
      'tiers:',
      '  - { name: api, unitRps: 200, units: { min: 4, max: 12 }, connectionsPerUnit: 10, dependsOn: [{ tier: fn, callsPerRequest: 2 }, db] }',
      '  - { name: fn, latency: 50ms, units: 40 }',
      '  - { name: db, maxConnections: 500 }',
      'queues:',
      '  - { name: jobs, workers: 7, ratePerWorker: 10/s }',
      'quotas:',
      ...items.map(i => `  - ${i}`),
    );

  it('without appliesTo: concurrency usage = inFlight 100, usageP95 = 300; rps usage = peak; usedPercent = usage / limit', () => {
    const q = quotasOf(quotas('{ name: c, limit: 400 }', '{ name: r, limit: 4000, measures: rps }'));
    assert.deepEqual(q.c, { usage: 100, usageP95: 300, usedPercent: 0.25 });
    assert.deepEqual(q.r, { usage: 1000, usageP95: null, usedPercent: 0.25 });
  });

  it('with appliesTo: concurrency Σ inFlight + workers (fn 2,000 × 50 ms = 100, + 7); rps Σ rps; connections; units; workers', () => {
    const q = quotasOf(
      quotas(
        '{ name: c, limit: 1000, appliesTo: [fn, jobs] }',
        '{ name: r, limit: 10000, measures: rps, appliesTo: [api, fn] }',
        '{ name: k, limit: 1000, measures: connections, appliesTo: [db] }',
        '{ name: u, limit: 100, measures: units, appliesTo: [api, fn] }',
        '{ name: w, limit: 10, measures: workers, appliesTo: [jobs] }',
      ),
    );
    assert.equal(q.c.usage, 107);
    assert.equal(q.c.usageP95, null, 'no p95 variant with appliesTo');
    assert.equal(q.r.usage, 3000, 'api 1,000 + fn 2,000');
    assert.equal(q.k.usage, 120, '12 × 10 into db');
    assert.equal(q.u.usage, 52, '12 + 40');
    assert.equal(q.w.usage, 7);
    assert.equal(q.w.usedPercent, 0.7);
  });

  it('appliesTo replaces the p95 and safety-factor variants: 107 of 110 is no p95 warning, but 97% > 80% warns', () => {
    const f = single(analyze(quotas('{ name: c, limit: 110, appliesTo: [fn, jobs] }')), 'CM005');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /107 in flight \(fn \+ jobs\) at peak is 97% of the limit of 110 \(warns above 80%\)/);
  });

  it('the quotaWarnPercent warning: 800 × 100 ms = 80 in flight is 80.8% of 99 (warns), exactly 80% of 100 (does not)', () => {
    const text = (limit: number) =>
      capacityModel(
        '{ peakRps: 800, latency: 100ms }',
        '{ safetyFactor: 1 }',
        'quotas:',
        `  - { name: c, limit: ${limit} }`,
      );
    assertNo(analyze(text(100)), 'CM005');
    assert.equal(single(analyze(text(99)), 'CM005').severity, 'warning');
    assertNo(analyze(text(99), undefined, { settings: { ...DEFAULT_SETTINGS, quotaWarnPercent: 90 } }), 'CM005');
  });

  it('a measures outside the list is PD002 and nothing else (no CM005)', () => {
    const file = analyze(quotas('{ name: c, limit: 1, measures: threads }'));
    assertCodes(file, ['PD002']);
    assert.deepEqual(quotasOf(quotas('{ name: c, limit: 1, measures: threads }')).c, {
      usage: null,
      usageP95: null,
      usedPercent: null,
    });
  });

  it('adjustable: false says it cannot be raised; increaseRequested is named', () => {
    const fixed = single(analyze(quotas('{ name: c, limit: 50, adjustable: false }')), 'CM005');
    assert.equal(fixed.severity, 'error');
    assert.match(
      fixed.message,
      /it cannot be raised \(adjustable: false\), so the design must change: split accounts or cells/,
    );
    const asked = single(analyze(quotas('{ name: c, limit: 50, increaseRequested: 3000 }')), 'CM005');
    assert.match(asked.message, /an increase to 3,000 is requested/);
  });

  it('the rps warning blames the safety factor, not latency: 1,500 rps required over 1,200', () => {
    const f = single(analyze(quotas('{ name: r, limit: 1200, measures: rps }')), 'CM005');
    assert.equal(f.severity, 'warning');
    assert.match(
      f.message,
      /1,500 rps with the safety factor exceeds the limit of 1,200: the headroom the model asks for \(× 1.5\)/,
    );
    assert.doesNotMatch(f.message, /latency/);
  });

  it('appliesTo naming no tier or queue is PD002', () => {
    const file = analyze(quotas('{ name: c, limit: 1000, appliesTo: [lambda] }'));
    assert.match(single(file, 'PD002').message, /appliesTo: no tier or queue named "lambda"/);
  });
});

describe('core CapacityModel v1.1: what breaks first (§10.6)', () => {
  const text = capacityModel(
    '{ peakRps: 1000, latency: 100ms }',
    '{ safetyFactor: 1, maxUtilization: 100% }',
    'tiers:',
    '  - { name: api, unitRps: 300, units: 10, connectionsPerUnit: 20, dependsOn: [{ tier: db, callsPerRequest: 2, latency: 20ms }] }',
    '  - { name: db, maxConnections: 1000 }',
    'quotas:',
    '  - { name: API Gateway throttle, limit: 1150, measures: rps }',
    '  - { name: Account ENIs, limit: 10, measures: units }',
  );

  it('constraints sorted by multiple: throttle 1,150 / 1,000 = 1.15, api 3,000 / 1,000 = 3, pool 200 / 40 = 5; data tiers and units quotas are not listed', () => {
    const m = metricsOf(text);
    assert.deepEqual(m.constraints, [
      { name: 'API Gateway throttle', kind: 'quota', multiple: 1.15, rps: 1150 },
      { name: 'api', kind: 'tier', multiple: 3, rps: 3000 },
      { name: 'api → db', kind: 'pool', multiple: 5, rps: 5000 },
    ]);
    assert.deepEqual(m.breakingPoint, { name: 'API Gateway throttle', kind: 'quota', multiple: 1.15, rps: 1150 });
  });

  it('the headline says what breaks first and at what traffic', () => {
    assert.match(headline(onlyDocument(analyze(text)))!, /breaks first: API Gateway throttle at 1.15× peak, 1,150 rps/);
  });

  it('breakingPoint is null without limits; the headline is never empty', () => {
    const doc = onlyDocument(analyze(capacityModel('{ averageRps: 10 }', '{ safetyFactor: 1 }')));
    assert.equal(doc.metrics.breakingPoint, null);
    assert.match(headline(doc)!, /^no figures yet/);
  });
});

describe('core CapacityModel v1.1: scaling (§10.7)', () => {
  const scaled = (traffic: string, tier: string, ...policies: string[]) =>
    capacityModel(
      traffic,
      '{ safetyFactor: 1.5, maxUtilization: 70% }',
      'tiers:',
      `  - ${tier}`,
      'scaling:',
      ...policies.map(p => `  - ${p}`),
    );
  const api = '{ name: api, unitRps: 200, units: { min: 3, max: 12 } }';
  const ramp = '{ peakRps: 1000, latency: 100ms, rampTime: 60s }';

  it('CM010: scale-out 4 min > ramp 60 s and 3 × 200 = 600 < 1,000 rps', () => {
    const file = analyze(scaled(ramp, api, '{ tier: api, policy: step, cooldown: 60s, scaleOutTime: 4min }'));
    const f = single(file, 'CM010');
    assert.equal(f.severity, 'warning');
    assertAt(file, f, '4min');
  });

  it('CM010 takes warmup as the scale-out time when scaleOutTime is absent', () => {
    assert.equal(
      single(analyze(scaled(ramp, api, '{ tier: api, policy: step, cooldown: 60s, warmup: 90s }')), 'CM010').code,
      'CM010',
    );
    assertNo(analyze(scaled(ramp, api, '{ tier: api, policy: step, cooldown: 60s, warmup: 60s }')), 'CM010');
  });

  it('no CM010 with a scheduled policy, with enough min units (5 × 200 = 1,000), or without rampTime', () => {
    const slow = '{ tier: api, policy: step, cooldown: 60s, scaleOutTime: 4min }';
    assertNo(analyze(scaled(ramp, api, slow, '{ tier: api, policy: scheduled, cooldown: 60s }')), 'CM010');
    assertNo(analyze(scaled(ramp, api.replace('min: 3', 'min: 5'), slow)), 'CM010');
    assertNo(analyze(scaled('{ peakRps: 1000, latency: 100ms }', api, slow)), 'CM010');
  });

  it('CM011: scaling on cpu when threads are the bottleneck; not on threads, nor on a non-resource metric', () => {
    const tier = '{ name: api, unitRps: { cpu: 600, threads: 250 }, units: { min: 5, max: 12 } }';
    const on = (metric: string) =>
      analyze(
        scaled(
          '{ peakRps: 1000, latency: 100ms }',
          tier,
          `{ tier: api, policy: target-tracking, metric: ${metric}, target: 60%, cooldown: 60s }`,
        ),
      );
    const file = on('CPUUtilization');
    assertAt(file, single(file, 'CM011'), 'CPUUtilization');
    assertNo(on('threads'), 'CM011');
    assertNo(on('ALBRequestCountPerTarget'), 'CM011');
  });

  it('CM012: a target-tracking target of 80% above maxUtilization 70%; not at 70%, nor a count target', () => {
    const on = (target: string) =>
      analyze(
        scaled(
          '{ peakRps: 1000, latency: 100ms }',
          api,
          `{ tier: api, policy: target-tracking, metric: cpu, target: ${target}, cooldown: 60s }`,
        ),
      );
    const file = on('80%');
    assertAt(file, single(file, 'CM012'), '80%');
    assertNo(on('70%'), 'CM012');
    assertNo(on('1000'), 'CM012');
  });

  it('cooldown: 0 counts as no cooldown for CM007', () => {
    const file = analyze(scaled('{ peakRps: 1000, latency: 100ms }', api, '{ tier: api, policy: step, cooldown: 0s }'));
    const f = single(file, 'CM007');
    assert.match(f.message, /cooldown: 0, which is no cooldown/);
    assertAt(file, f, '0s');
    // As the spec writes it, without a unit: zero is zero in any unit, so no PD003.
    const bare = analyze(scaled('{ peakRps: 1000, latency: 100ms }', api, '{ tier: api, policy: step, cooldown: 0 }'));
    assert.match(single(bare, 'CM007').message, /cooldown: 0, which is no cooldown/);
    assertNo(bare, 'PD003');
  });

  it('PD002 for units.min above units.max and for maxUtilization 0', () => {
    const file = analyze(
      capacityModel(
        '{ peakRps: 1000, latency: 100ms }',
        '{ safetyFactor: 1.5, maxUtilization: 0% }',
        'tiers:',
        '  - { name: api, units: { min: 8, max: 4 } }',
      ),
    );
    const [util, units] = findingsOf(file, 'PD002');
    assert.match(util.message, /maxUtilization: 0/);
    assertAt(file, units, '8', '8');
  });
});

describe('core CapacityModel v1.1: messages', () => {
  it('"needs 1 unit", not "needs 1 units"', () => {
    const file = analyze(
      capacityModel(
        '{ peakRps: 100, latency: 100ms }',
        '{ safetyFactor: 1 }',
        'tiers:',
        '  - { name: api, unitRps: 200, units: 0 }',
      ),
    );
    assert.match(single(file, 'CM001').message, /needs 1 unit to carry/);
  });
});
