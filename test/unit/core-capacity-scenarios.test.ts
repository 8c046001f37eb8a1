// CapacityModel scenarios (FORMAT.md §10.8; lesson §13.4, §21): a scenario equals the same
// model edited by hand (property tests), findings land on the scenario's name with its
// prefix, and the Aurora-10x chain shows latency degradation becoming a capacity incident.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import fc from 'fast-check';
import { slowedTotalMs, whatIfs } from '../../server/src/core/capacityModel';
import { DEFAULT_SETTINGS, Metrics } from '../../server/src/core/types';
import {
  MemoryHost,
  analyze,
  assertAt,
  capacityModel,
  findingsOf,
  lines,
  onlyDocument,
  single,
} from '../fixtures/documents';

const SEED = 20261201;
type Figures = Record<string, Record<string, unknown>>;
const metricsOf = (text: string): Metrics => onlyDocument(analyze(text)).metrics;
const scenarioMetrics = (text: string, name: string): Metrics =>
  (metricsOf(text).scenarios as Record<string, Metrics>)[name];
const withoutScenarios = (m: Metrics): Metrics =>
  Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'scenarios'));

const API = (units: string, zones: number, more = '') =>
  `  - { name: api, unitRps: 300, units: ${units}, zones: ${zones}, connectionsPerUnit: 10, dependsOn: [db]${more} }`;

describe('core CapacityModel scenarios (§10.8)', () => {
  it('zoneLost: 21 units over 3 zones keep 14 in 2 zones; CM001 on the name with the [name] prefix', () => {
    const text = capacityModel(
      '{ peakRps: 2000, latency: 150ms }',
      '{ safetyFactor: 1.5, maxUtilization: 70% }',
      'tiers:',
      API('{ min: 16, max: 21 }', 3),
      '  - { name: db, maxConnections: 500 }',
      'scenarios:',
      '  - name: One AZ removed',
      '    zoneLost: true',
    );
    const s = scenarioMetrics(text, 'One AZ removed').tiers as Figures;
    assert.equal(s.api.utilizationAtPeak, 0.476, '2,000 / (14 × 300)');
    assert.equal(s.api.failoverRps, 2100, '14 − ceil(14 / 2) = 7 units × 300');
    assert.equal(s.db.connections, 140, '14 × 10');
    const file = analyze(text);
    const f = findingsOf(file, 'CM001');
    assert.equal(f.length, 1);
    assert.equal(
      f[0].message,
      '[One AZ removed] tier "api" needs 15 units to carry 3,000 rps (2,000 rps × safety factor 1.5) at 70% utilization of 300 rps per unit, but scales to 14',
    );
    assert.equal(f[0].severity, 'error');
    assertAt(file, f[0], 'One AZ removed');
  });

  it('zoneLost equals removing the zone by hand (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 5000 }),
        (max, zones, min, peak) => {
          const body = (units: string, z: number) =>
            capacityModel(
              `{ peakRps: ${peak}, latency: 120ms }`,
              '{ safetyFactor: 1.5, maxUtilization: 70% }',
              'tiers:',
              API(units, z),
              '  - { name: db, maxConnections: 500 }',
              '  - { name: batch, unitRps: 50, units: 4 }',
            );
          const lo = Math.min(min, max);
          const kept = zones >= 2 ? max - Math.ceil(max / zones) : 0;
          const scenario = scenarioMetrics(
            body(`{ min: ${lo}, max: ${max} }`, zones) + lines('scenarios:', '  - { name: z, zoneLost: true }'),
            'z',
          );
          const byHand = metricsOf(body(`{ min: ${Math.min(lo, kept)}, max: ${kept} }`, zones >= 2 ? zones - 1 : 1));
          assert.deepEqual(scenario, withoutScenarios(byHand));
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('traffic: 2x equals doubling peakRps by hand (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 900 }), (peak, latency) => {
        const body = (p: number) =>
          capacityModel(
            `{ peakRps: ${p}, latency: ${latency}ms, p95Latency: ${latency * 3}ms, writeRatio: 20% }`,
            '{ safetyFactor: 1.5, maxUtilization: 70% }',
            'tiers:',
            API('{ min: 4, max: 21 }', 3, ', { tier: cache, latency: 2ms }'),
            '  - { name: cache, hitRatio: 80%, missesTo: db }',
            '  - { name: db, maxConnections: 500 }',
            '  - { name: idx, requests: writes, unitRps: 100, units: 9 }',
            'quotas:',
            '  - { name: throttle, limit: 10000, measures: rps }',
            '  - { name: lambda, limit: 1000 }',
          );
        const scenario = scenarioMetrics(
          body(peak) + lines('scenarios:', '  - { name: launch, traffic: 2x }'),
          'launch',
        );
        assert.deepEqual(scenario, withoutScenarios(metricsOf(body(peak * 2))));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('hitRatio: a cold cache sends every call to missesTo: db 2,000 × 3 calls = 6,000 misses', () => {
    const text = capacityModel(
      '{ peakRps: 2000, latency: 150ms }',
      '{ safetyFactor: 1 }',
      'tiers:',
      '  - { name: api, dependsOn: [{ tier: cache, callsPerRequest: 3 }] }',
      '  - { name: cache, hitRatio: 95%, missesTo: db }',
      '  - { name: db, unitRps: 1000, units: 2 }',
      'scenarios:',
      '  - { name: Cache cold, hitRatio: { cache: 0% } }',
    );
    assert.equal((metricsOf(text).tiers as Figures).db.rps, 300, '6,000 × 5%');
    assert.equal((scenarioMetrics(text, 'Cache cold').tiers as Figures).db.rps, 6000);
    const file = analyze(text);
    const f = single(file, 'CM001');
    assert.match(f.message, /^\[Cache cold\] tier "db" needs 9 units to carry 6,000 rps/);
    assertAt(file, f, 'Cache cold');
  });

  it('latency: 10x multiplies traffic.latency, p95Latency, tier and edge latencies', () => {
    const text = capacityModel(
      '{ peakRps: 1000, latency: 100ms, p95Latency: 300ms }',
      '{ safetyFactor: 1 }',
      'tiers:',
      '  - { name: api, units: 10, connectionsPerUnit: 20, dependsOn: [{ tier: db, latency: 15ms }] }',
      '  - { name: db, latency: 5ms }',
      'scenarios:',
      '  - { name: slow, latency: 10x }',
    );
    const s = scenarioMetrics(text, 'slow');
    assert.equal(s.inFlight, 1000, '1,000 × 1 s');
    assert.equal(s.inFlightP95, 3000);
    assert.deepEqual((s.tiers as Figures).api.calls, { db: { rps: 1000, inFlight: 150, pool: 200 } });
    assert.equal((s.tiers as Figures).db.inFlight, 50, '1,000 × 50 ms');
  });

  it('a scenario that breaks nothing new reports nothing; base findings are not repeated', () => {
    const text = capacityModel(
      '{ peakRps: 1000, latency: 100ms }',
      '{ safetyFactor: 1 }',
      'tiers:',
      '  - { name: api, unitRps: 100, units: 5 }',
      'scenarios:',
      '  - { name: slower, latency: 2x }',
    );
    const f = single(analyze(text), 'CM001');
    assert.doesNotMatch(f.message, /^\[/, 'the base finding only: latency does not change the units needed');
  });

  it('PD002 on a hitRatio naming no cache tier and a latency naming no tier or dependency', () => {
    const file = analyze(
      capacityModel(
        '{ peakRps: 1000, latency: 100ms }',
        '{ safetyFactor: 1 }',
        'tiers:',
        '  - { name: api }',
        'scenarios:',
        '  - { name: s, hitRatio: { api: 0% }, latency: { redis: 10x } }',
      ),
    );
    const [hit, latency] = findingsOf(file, 'PD002');
    assert.match(hit.message, /hitRatio: no cache tier named "api"/);
    assertAt(file, hit, 'api: 0%', 'api');
    assert.match(latency.message, /latency: "redis" is no tier of this model/);
    assertAt(file, latency, 'redis');
  });

  it('whatIfs: one AZ removed, cache hit rate 0, latency 10× for any model, without diagnostics', () => {
    const text = capacityModel(
      '{ peakRps: 1000, latency: 100ms }',
      '{ safetyFactor: 1, maxUtilization: 100% }',
      'tiers:',
      '  - { name: api, unitRps: 200, units: 6, zones: 3, connectionsPerUnit: 50, dependsOn: [cache, { tier: db, latency: 10ms }] }',
      '  - { name: cache, hitRatio: 90%, missesTo: db }',
      '  - { name: db, unitRps: 1500, units: 1 }',
      'quotas:',
      '  - { name: Lambda concurrency, limit: 500 }',
    );
    const doc = onlyDocument(analyze(text));
    const before = doc.findings.length;
    const [az, cold, slow] = whatIfs(doc.capacity!.model, doc.capacity!.figures, DEFAULT_SETTINGS);
    assert.equal(doc.findings.length, before);
    assert.deepEqual([az.name, cold.name, slow.name], ['One AZ removed', 'Cache hit rate 0', 'Latency 10×']);
    // 6 units over 3 zones keep 4: 4 × 200 = 800 < 1,000 rps.
    assert.deepEqual(
      az.breaks.map(b => [b.name, b.multiple]),
      [['api', 0.8]],
    );
    // db: 1,000 calls + 1,000 × 100% misses = 2,000 rps on 1 × 1,500 (base: + 10% misses = 1,100).
    assert.deepEqual(
      cold.breaks.map(b => [b.name, b.multiple]),
      [['db', 0.75]],
    );
    // 1,000 × 1 s = 1,000 in flight against 500; the pool 300 against 1,000 × 100 ms = 100 holds.
    assert.deepEqual(
      slow.breaks.map(b => [b.name, b.multiple]),
      [['Lambda concurrency', 0.5]],
    );
    assert.ok(slow.findings.some(f => f.code === 'CM005' && f.severity === 'error'));
  });
});

describe('core CapacityModel scenarios: latency per dependency reaches into the budget (§10.8)', () => {
  // The lesson's §5 budget: aurora 220 ms with a 500 ms timeout, 1 retry, 50 ms backoff:
  // worst case 2 × 500 + 50 = 1,050 ms. Slowed 10×, 2,200 ms is capped at 1,050: +830 ms.
  it('slowedTotalMs caps a slowed segment at its worst case; parallel groups take the max', () => {
    const doc = onlyDocument(
      analyze(
        lines(
          'apiVersion: perfdoc/v1',
          'kind: LatencyBudget',
          'name: B',
          'target: { p95: 500ms }',
          'segments:',
          '  - { name: edge, budget: 40ms }',
          '  - { name: db, budget: 220ms, dependency: aurora, timeout: 500ms, retries: 1, backoff: 50ms }',
          '  - { name: fan, parallel: [{ name: a, budget: 60ms, dependency: profile }, { name: b, budget: 80ms, dependency: aurora, timeout: 100ms }] }',
          '  - { name: audit, budget: 5ms, dependency: aurora, async: true }',
        ),
      ),
    );
    const segments = doc.latency!.model.segments;
    assert.equal(slowedTotalMs(segments, new Map()), 40 + 220 + 80);
    // db: min(2,200, 1,050); fan: max(60, min(800, 100)) = 100; the async audit stays off the path.
    assert.equal(slowedTotalMs(segments, new Map([['aurora', 10]])), 40 + 1050 + 100);
    // profile has no timeout: 60 × 10 = 600, uncapped.
    assert.equal(slowedTotalMs(segments, new Map([['profile', 10]])), 40 + 220 + 600);
  });

  it('the Aurora-10x chain: budget +830 ms, the entry call +180 ms; in flight passes the quota and the pool', () => {
    const example = fs.readFileSync(nodePath.join(__dirname, '../../../examples/aurora-10x.perf.yaml'), 'utf8');
    const budget = fs.readFileSync(nodePath.join(__dirname, '../../../examples/search-api.perf.yaml'), 'utf8');
    const host = new MemoryHost({ '/work/examples/search-api.perf.yaml': budget });
    const file = analyze(example, '/work/examples/aurora-10x.perf.yaml', { references: host });
    const doc = onlyDocument(file);
    const s = (doc.metrics.scenarios as Record<string, Metrics>)['Aurora 10x slower'];
    // traffic.latency 150 ms + 830 + 1 call × 20 ms × 9 = 1,160 ms: 1,000 rps × 1.16 s = 1,160 in flight.
    assert.equal(doc.metrics.inFlight, 150);
    assert.equal(s.inFlight, 1160);
    assert.equal(s.inFlightP95, 1460, '1,000 × (450 + 1,010) ms');
    assert.deepEqual((s.tiers as Figures).api.calls, { 'aurora-cases': { rps: 1000, inFlight: 200, pool: 160 } });
    assert.deepEqual((s.quotas as Figures)['Lambda concurrency'], { usage: 1160, usageP95: 1460, usedPercent: 1.16 });
    const codes = doc.findings.filter(f => f.message.startsWith('[Aurora 10x slower]')).map(f => f.code);
    assert.deepEqual(codes.sort(), ['CM005', 'CM009']);
    assert.deepEqual(
      doc.findings.filter(f => !f.message.startsWith('[')).map(f => f.code),
      [],
      'the base design is healthy',
    );
  });
});
