// CapacityModel (spec §4): Little's law, tier sizing, failover, connections, queue drain and
// quotas with the lesson's numbers (§4.3, §6, §8.4, §20 exercise 2), and every rule
// CM001-CM008 both firing and not firing on a near miss.
import * as assert from 'node:assert/strict';
import { drainTimeS, failoverRps, inFlight, unitsNeeded, workersNeeded } from '../../server/src/core/capacityModel';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import {
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  capacityModel,
  expectFinding,
  findingsOf,
  onlyDocument,
  single,
} from '../fixtures/documents';

/** The §6 traffic table: 2,000 rps peak, 150 ms average, 450 ms p95, safety factor 1.5, 70% max utilization. */
const SIX_TRAFFIC = '{ peakRps: 2000, burstMultiplier: 6, latency: 150ms, p95Latency: 450ms, writeRatio: 20% }';
const SIX_HEADROOM = '{ safetyFactor: 1.5, maxUtilization: 70% }';
const caseApi = (...body: string[]) => capacityModel(SIX_TRAFFIC, SIX_HEADROOM, ...body);
const CASE_API_TIERS = [
  'tiers:',
  '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, zones: 3, connectionsPerUnit: 10, dependsOn: [db] }',
  '  - { name: db, maxConnections: 500 }',
];
/** §20 exercise 2: 2,000,000 messages, 40 per second per worker, drained in 30 minutes. */
const ordersQueue = (backlog: number, workers: number) =>
  capacityModel(
    '{ peakRps: 500, latency: 200ms }',
    '{ safetyFactor: 1.5 }',
    'queues:',
    `  - { name: orders, backlog: ${backlog}, ratePerWorker: 40/s, drainTime: 30m, workers: ${workers} }`,
  );
const capacity = (text: string) => onlyDocument(analyze(text));

describe('core CapacityModel formulas (spec §4)', () => {
  it("inFlight by Little's law: 500 rps × 200 ms = 100 in flight (§4.3)", () => {
    assert.equal(inFlight(500, 200), 100);
    const doc = capacity(capacityModel('{ peakRps: 500, latency: 200ms }', '{ safetyFactor: 1 }'));
    assert.equal(doc.metrics.inFlight, 100);
    assert.equal(doc.metrics.inFlightP95, null, 'null without p95Latency');
  });

  it('inFlightP95 = peakRps × p95Latency: 2,000 × 450 ms = 900; inFlight 2,000 × 150 ms = 300', () => {
    const m = capacity(caseApi()).metrics;
    assert.equal(m.inFlight, 300);
    assert.equal(m.inFlightP95, 900);
  });

  it('requiredRps = peakRps × safetyFactor (2,000 × 1.5 = 3,000), safetyFactor 1 when absent', () => {
    assert.equal(capacity(caseApi()).metrics.requiredRps, 3000);
    assert.equal(capacity(capacityModel('{ peakRps: 2000 }', null)).metrics.requiredRps, 2000);
  });

  it('a peak from averageRps × burstMultiplier', () => {
    assert.equal(
      capacity(capacityModel('{ averageRps: 333, burstMultiplier: 6, latency: 150ms }', '{ safetyFactor: 1 }')).metrics
        .inFlight,
      299.7,
    );
  });

  it('unitsNeeded = ceil(requiredRps / (unitRps × maxUtilization)): ceil(3,000 / 210) = 15', () => {
    assert.equal(unitsNeeded(3000, 300, 0.7), 15);
    assert.equal(unitsNeeded(2100, 300, 0.7), 10, 'an exact division does not round up through 300 × 0.7 = 209.99…');
    assert.equal(unitsNeeded(100, 0, 0.7), null);
  });

  it('utilizationAtPeak = rps / (maxUnits × unitRps); failoverRps = (maxUnits − ceil(maxUnits / zones)) × unitRps (§10.3 correction)', () => {
    assert.equal(failoverRps(21, 3, 300), 4200, '21 − 7 = 14 units × 300');
    // v1 said 7 × 4/5 × 700 = 3,920: 5.6 units. Losing the zone with 2 of the 7 leaves 5 whole units.
    assert.equal(failoverRps(7, 5, 700), 3500);
    assert.equal(failoverRps(10, 3, 500), 3000, '10 over 3 zones: the 4-unit zone lost leaves 6 (v1: 6.67)');
    assert.equal(failoverRps(21, 0, 300), null);
    const tiers = capacity(caseApi(...CASE_API_TIERS)).metrics.tiers as Record<string, Record<string, unknown>>;
    // api is the entry tier: rps = peak 2,000, in flight 2,000 × 150 ms = 300; 2,000 / 4,200 = 0.476 with a zone lost.
    assert.deepEqual(tiers.api, {
      rps: 2000,
      unitsNeeded: 15,
      utilizationAtPeak: 0.317,
      failoverRps: 4200,
      failoverUtilization: 0.476,
      connections: null,
      inFlight: 300,
      bottleneck: null,
      calls: {},
    });
    // db is api's callee: 2,000 × 1 call; no latency of its own, so no in-flight figure.
    assert.deepEqual(tiers.db, {
      rps: 2000,
      unitsNeeded: null,
      utilizationAtPeak: null,
      failoverRps: null,
      failoverUtilization: null,
      connections: 210,
      inFlight: null,
      bottleneck: null,
      calls: {},
    });
  });

  it('units as a plain count is the max; units: { min } alone gives no capacity figures', () => {
    const tiers = capacity(
      caseApi(
        'tiers:',
        '  - { name: api, unitRps: 300, units: 10 }',
        '  - { name: web, unitRps: 300, units: { min: 2 } }',
      ),
    ).metrics.tiers as Record<string, Record<string, unknown>>;
    assert.equal(tiers.api.utilizationAtPeak, 0.667);
    assert.equal(tiers.web.utilizationAtPeak, null);
    assert.equal(tiers.web.unitsNeeded, 15);
  });

  it('connections into a tier: Σ maxUnits × connectionsPerUnit of the tiers and workers × connectionsPerWorker of the queues that depend on it', () => {
    // §6 case API: 21 api tasks × 10 + 5 case-events workers × 5 = 235 connections into Aurora.
    const doc = capacity(
      caseApi(
        ...CASE_API_TIERS,
        'queues:',
        '  - { name: case-events, backlog: 100000, ratePerWorker: 50/s, drainTime: 10m, workers: 5, connectionsPerWorker: 5, dependsOn: [db] }',
      ),
    );
    assert.equal((doc.metrics.tiers as Record<string, Record<string, unknown>>).db.connections, 235);
    assert.deepEqual(doc.capacity!.figures.tiers[1].connectionSources, [
      { name: 'api', connections: 210 },
      { name: 'case-events', connections: 25 },
    ]);
  });

  it('workersNeeded = ceil(2,000,000 / (1,800 s × 40/s)) = ceil(27.8) = 28 (§8.4, §20 exercise 2)', () => {
    assert.equal(workersNeeded(2_000_000, 1_800_000, 40), 28);
    assert.deepEqual(capacity(ordersQueue(2_000_000, 20)).metrics.queues, {
      orders: { workersNeeded: 28, drainTimeS: 2500 },
    });
  });

  it('an exact division does not round up: 1,440,000 / (1,800 × 40) = 20 workers', () => {
    assert.equal(workersNeeded(1_440_000, 1_800_000, 40), 20);
    assert.deepEqual(capacity(ordersQueue(1_440_000, 20)).metrics.queues, {
      orders: { workersNeeded: 20, drainTimeS: 1800 },
    });
  });

  it('drainTimeS = backlog / (workers × ratePerWorker): 20 workers drain 2,000,000 in 2,500 s', () => {
    assert.equal(drainTimeS(2_000_000, 20, 40), 2500);
    assert.equal(drainTimeS(2_000_000, 0, 40), null);
  });

  it('maxUtilization defaults to the defaultMaxUtilization setting (70%)', () => {
    const text = capacityModel(
      '{ peakRps: 2000, latency: 150ms }',
      '{ safetyFactor: 1.5 }',
      'tiers:',
      '  - { name: api, unitRps: 300, units: 30 }',
    );
    const tiers = (settings = DEFAULT_SETTINGS) =>
      onlyDocument(analyze(text, undefined, { settings })).metrics.tiers as Record<string, Record<string, unknown>>;
    assert.equal(tiers().api.unitsNeeded, 15);
    assert.equal(tiers({ ...DEFAULT_SETTINGS, defaultMaxUtilization: 0.5 }).api.unitsNeeded, 20);
  });
});

describe('core CapacityModel rules (spec §4)', () => {
  it('the §6 case API with a 5-worker queue has no findings', () => {
    assertCodes(analyze(caseApi(...CASE_API_TIERS)), []);
  });

  describe('CM001 tier cannot carry the required load', () => {
    const tier = (max: number) => caseApi('tiers:', `  - { name: api, unitRps: 300, units: { min: 4, max: ${max} } }`);

    it('fires on units.max when max units are below unitsNeeded, with unitsNeeded in message and data', () => {
      const file = analyze(tier(14));
      expectFinding(file, 'CM001', {
        severity: 'error',
        message:
          'tier "api" needs 15 units to carry 3,000 rps (2,000 rps × safety factor 1.5) at 70% utilization of 300 rps per unit, but scales to 14',
        data: { unitsNeeded: 15 },
        at: '14',
      });
    });

    it('does not fire when max units equal unitsNeeded', () => assertNo(analyze(tier(15)), 'CM001'));

    it('fires on unitRps: 0, a unit that serves nothing', () => {
      const file = analyze(caseApi('tiers:', '  - { name: api, unitRps: 0, units: 10 }'));
      assertAt(file, single(file, 'CM001'), '0, units', '0');
    });
  });

  describe('CM002 no capacity with one zone lost', () => {
    const zones = (max: number, z: number) =>
      caseApi('tiers:', `  - { name: api, unitRps: 300, units: { min: 4, max: ${max} }, zones: ${z} }`);

    it('fires on zones when the survivors run above 85% (9 units over 3 zones keep 6: 2,000 / 1,800 = 111%)', () => {
      const file = analyze(
        capacityModel(
          '{ peakRps: 2000, latency: 150ms }',
          '{ safetyFactor: 1, maxUtilization: 100% }',
          'tiers:',
          '  - { name: api, unitRps: 300, units: 9, zones: 3 }',
        ),
      );
      expectFinding(file, 'CM002', {
        severity: 'warning',
        message:
          'with one of 3 zones lost, tier "api" keeps 6 of 9 units (1,800 rps) and runs at 111% at peak, above 85%: the survivors have no room left (§3, §6.2)',
        at: '3 }',
        covers: '3',
      });
    });

    it('fires on zones: 1', () => {
      const file = analyze(zones(21, 1));
      const f = single(file, 'CM002');
      assert.equal(f.message, 'tier "api" runs in 1 zone: one zone impairment takes the whole tier down (§3, §6.2)');
      assertAt(file, f, '1 }', '1', 1);
    });

    it('does not fire when the survivors run at 84% (7 units over 5 zones keep 5: 2,940 / 3,500)', () => {
      const file = analyze(
        capacityModel(
          '{ peakRps: 2940, latency: 150ms }',
          '{ safetyFactor: 1, maxUtilization: 100% }',
          'tiers:',
          '  - { name: api, unitRps: 700, units: 7, zones: 5 }',
        ),
      );
      assertNo(file, 'CM002');
    });
  });

  describe('CM003 connections exceed the dependency max', () => {
    const pools = (maxConnections: number) =>
      caseApi(
        'tiers:',
        '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, connectionsPerUnit: 20, dependsOn: [db] }',
        `  - { name: db, maxConnections: ${maxConnections} }`,
        'queues:',
        '  - { name: audit, backlog: 1000, ratePerWorker: 10/s, drainTime: 1m, workers: 10, connectionsPerWorker: 5, dependsOn: [db] }',
      );

    it('fires on maxConnections with the total and its sources (21 × 20 + 10 × 5 = 470 > 400)', () => {
      const file = analyze(pools(400));
      expectFinding(file, 'CM003', {
        severity: 'error',
        message:
          '470 connections into "db" at max scale (api 420 + audit 50) exceed its maxConnections of 400: pool bounds protect the database only when they are bounded (§10.1, §16 anti-pattern 8)',
        data: { connections: 470 },
        at: '400',
      });
    });

    it('is a warning, not an error, at maxConnections: 470 of 470 is above 80% (§10.2)', () => {
      const f = single(analyze(pools(470)), 'CM003');
      assert.equal(f.severity, 'warning');
      assert.equal(
        f.message,
        '470 connections into "db" at max scale (api 420 + audit 50) are 100% of its maxConnections of 470 (warns above 80%): a failover reconnect storm or one more caller exhausts it (§10.1)',
      );
    });

    it('does not fire at 80% or below (470 of 588 is 79.9%)', () => assertNo(analyze(pools(588)), 'CM003'));

    it('formats the count: 1,240 connections (it printed "1240")', () => {
      const f = single(analyze(pools(1000).replace('connectionsPerUnit: 20', 'connectionsPerUnit: 57')), 'CM003');
      assert.match(
        f.message,
        /^1,247 connections into "db" at max scale \(api 1,197 \+ audit 50\) exceed its maxConnections of 1,000/,
      );
    });
  });

  describe('CM004 too few queue workers', () => {
    it('fires on workers with workersNeeded 28 and the drain time of the declared 20', () => {
      const file = analyze(ordersQueue(2_000_000, 20));
      expectFinding(file, 'CM004', {
        severity: 'error',
        message:
          'queue "orders" needs 28 workers to drain 2,000,000 messages in 30 min at 40/s each; 20 take 41.7 min (§8.4: a queue protects the caller only if consumers drain it)',
        data: { workersNeeded: 28 },
        at: '20 }',
        covers: '20',
      });
    });

    it('does not fire when workers equal workersNeeded (28)', () =>
      assertNo(analyze(ordersQueue(2_000_000, 28)), 'CM004'));
  });

  describe('CM005 quota overrun', () => {
    const quota = (limit: number, measures: string) =>
      caseApi('quotas:', `  - { name: Lambda concurrency, limit: ${limit}, measures: ${measures} }`);

    it('is an error on the limit when inFlight (300) exceeds it', () => {
      const file = analyze(quota(250, 'concurrency'));
      expectFinding(file, 'CM005', {
        severity: 'error',
        message:
          'quota "Lambda concurrency": 300 in flight at peak exceeds the limit of 250 (§7: quotas are architecture constraints)',
        at: '250',
      });
    });

    it('is a warning when only inFlightP95 (900) exceeds it: latency degradation becomes a capacity incident (§4.3)', () => {
      const file = analyze(quota(800, 'concurrency'));
      expectFinding(file, 'CM005', {
        severity: 'warning',
        message:
          'quota "Lambda concurrency": 900 in flight at p95 latency exceeds the limit of 800: latency degradation becomes a capacity incident (§4.3)',
      });
    });

    it('measures rps: peak over the limit is an error, the required rate over it a warning', () => {
      assert.equal(single(analyze(quota(1500, 'rps')), 'CM005').severity, 'error');
      const warning = single(analyze(quota(2500, 'rps')), 'CM005');
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, /3,000 rps with the safety factor exceeds the limit of 2,500/);
    });

    it('does not fire at the limit (900 in flight at p95, 3,000 rps required)', () => {
      assertNo(analyze(quota(900, 'concurrency')), 'CM005');
      assertNo(analyze(quota(3000, 'rps')), 'CM005');
    });
  });

  describe('CM006 utilization at peak too high', () => {
    const hot = (peak: number) =>
      capacityModel(
        `{ peakRps: ${peak}, latency: 100ms }`,
        '{ safetyFactor: 1, maxUtilization: 100% }',
        'tiers:',
        '  - { name: api, unitRps: 100, units: 10 }',
      );

    it('fires on units above 85% (860 of 1,000 rps)', () => {
      const file = analyze(hot(860));
      expectFinding(file, 'CM006', {
        severity: 'warning',
        message:
          'tier "api" runs at 86% of its max capacity at peak (860 rps on 10 × 100 rps): above 85% there is no room for a spike, a bad deploy or an AZ loss (§6.2)',
        at: '10 }',
        covers: '10',
      });
    });

    it('does not fire at exactly 85%', () => assertNo(analyze(hot(850)), 'CM006'));

    it('does not fire at exactly the utilizationWarnPercent setting, whatever its floating-point product', () => {
      // 7 / 100 × 100 is 7.000000000000001 in binary floating point.
      const settings = { ...DEFAULT_SETTINGS, utilizationWarnPercent: 7 };
      assertNo(analyze(hot(70), undefined, { settings }), 'CM006');
      assert.equal(single(analyze(hot(71), undefined, { settings }), 'CM006').code, 'CM006');
    });
  });

  describe('CM007 unsafe scaling policy', () => {
    it('fires on a policy without cooldown and on a tier that scales with no max', () => {
      const file = analyze(
        caseApi(
          'tiers:',
          '  - { name: api, unitRps: 300, units: { min: 12 } }',
          'scaling:',
          '  - { tier: api, policy: target-tracking, metric: cpu, target: 60% }',
        ),
      );
      const [max, cooldown] = findingsOf(file, 'CM007');
      assert.equal(cooldown.severity, 'warning');
      assert.equal(
        cooldown.message,
        'scaling policy for "api" has no cooldown: without one the loop oscillates (§8.5 rule 2)',
      );
      assertAt(file, cooldown, 'tier: api', 'tier: api');
      assert.equal(
        max.message,
        'tier "api" scales with no max: limit max capacity to protect dependencies (§8.5 rule 5)',
      );
      assertAt(file, max, 'units');
      // A range without max is a tier that scales unbounded (§4 CM007, §10.2), not a schema error.
      assertNo(file, 'PD002');
    });

    it('does not fire with a cooldown and a max', () => {
      const file = analyze(
        caseApi(
          ...CASE_API_TIERS,
          'scaling:',
          '  - { tier: api, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s }',
        ),
      );
      assertNo(file, 'CM007');
    });
  });

  describe('CM008 headroom not defined', () => {
    it('fires on the headroom key when it has no safetyFactor, on the first line without headroom', () => {
      const noFactor = analyze(capacityModel('{ peakRps: 500, latency: 200ms }', '{ maxUtilization: 70% }'));
      expectFinding(noFactor, 'CM008', {
        severity: 'warning',
        message: 'no headroom.safetyFactor: headroom must be defined before launch (§6.2, §18.2)',
        at: 'headroom',
      });
      const noHeadroom = analyze(capacityModel('{ peakRps: 500, latency: 200ms }', null));
      assertAt(noHeadroom, single(noHeadroom, 'CM008'), 'apiVersion', 'apiVersion: perfdoc/v1');
    });

    it('does not fire with a safetyFactor', () => assertNo(analyze(caseApi()), 'CM008'));
  });

  it('PD002 for dependsOn and scaling.tier naming no tier of the model', () => {
    const file = analyze(
      caseApi(
        'tiers:',
        '  - { name: api, unitRps: 300, units: 21, dependsOn: [aurora] }',
        'scaling:',
        '  - { tier: web, policy: step, cooldown: 60s }',
      ),
    );
    const [dependsOn, scaling] = findingsOf(file, 'PD002');
    assert.equal(dependsOn.message, 'dependsOn: no tier named "aurora" in this model (known: api)');
    assertAt(file, dependsOn, 'aurora');
    assert.equal(scaling.message, 'tier: no tier named "web" in this model (known: api)');
    assertAt(file, scaling, 'web');
  });
});
