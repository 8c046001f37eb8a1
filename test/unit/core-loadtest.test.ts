// LoadTestPlan (spec §5): testTypes / missingTestTypes and every rule LT001-LT005 both firing
// and not firing, with the budget and capacity model it refers to held in memory.
import * as assert from 'node:assert/strict';
import { TEST_TYPES } from '../../server/src/core/loadTestPlan';
import {
  LESSON_SEGMENTS,
  MemoryHost,
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  capacityModel,
  expectFinding,
  findingsOf,
  latencyBudget,
  onlyDocument,
  perfdoc,
} from '../fixtures/documents';

/** The §13.3 success criteria: p95 ≤ 500 ms, p99 ≤ 1,200 ms, 5xx ≤ 0.1%. */
const CRITERIA = '{ p95: 500ms, p99: 1200ms, errorRate: 0.1% }';
const test = (type: string, extra = '', { rps = 2000, duration = '30m' } = {}) =>
  `  - { type: ${type}, rps: ${rps}, duration: ${duration}, criteria: ${CRITERIA}${extra} }`;
/** What makes each type's shape teach something (LT007): past the peak, a short ramp, hours, an injected failure. */
const SHAPE: Partial<Record<string, { extra?: string; rps?: number; duration?: string }>> = {
  load: { extra: ', cache: cold' },
  stress: { rps: 4000 },
  spike: { extra: ', rampUp: 10s' },
  soak: { duration: '8h' },
  failover: { extra: ', inject: [zone-lost]' },
};
const ALL_EIGHT = TEST_TYPES.map(t => test(t, SHAPE[t]?.extra, SHAPE[t]));

const host = () =>
  new MemoryHost({
    '/work/search.perf.yaml': latencyBudget(LESSON_SEGMENTS),
    '/work/case-api.perf.yaml': capacityModel('{ peakRps: 2000, latency: 150ms }', '{ safetyFactor: 1.5 }'),
  });
const plan = (...tests: string[]) =>
  analyze(
    perfdoc('LoadTestPlan', 'budget: ./search.perf.yaml', 'capacity: ./case-api.perf.yaml', 'tests:', ...tests),
    '/work/plan.perf.yaml',
    { references: host() },
  );

describe('core LoadTestPlan figures (spec §5)', () => {
  it('testTypes as declared (once each); missingTestTypes of the eight in the spec order', () => {
    const doc = onlyDocument(plan(test('soak'), test('load', ', cache: cold'), test('smoke'), test('load')));
    assert.deepEqual(doc.metrics, {
      testTypes: ['soak', 'load', 'smoke'],
      missingTestTypes: ['baseline', 'stress', 'spike', 'failover', 'backlog-drain'],
    });
  });

  it('the eight types of §13.1 in order', () => {
    assert.deepEqual(
      [...TEST_TYPES],
      ['smoke', 'baseline', 'load', 'stress', 'spike', 'soak', 'failover', 'backlog-drain'],
    );
    assert.deepEqual(onlyDocument(plan(...ALL_EIGHT)).metrics.missingTestTypes, []);
  });
});

describe('core LoadTestPlan rules (spec §5)', () => {
  it('all eight types with the §13.3 criteria at the peak, one cold: no findings', () =>
    assertCodes(plan(...ALL_EIGHT), []));

  describe('LT001 test types missing', () => {
    it('informs on the tests key, listing the missing types', () => {
      const file = plan(test('smoke'), test('load', ', cache: cold'));
      expectFinding(file, 'LT001', {
        severity: 'information',
        message:
          'no baseline, stress, spike, soak, failover, backlog-drain test: each of the eight test types answers a different question (§13.1)',
        data: { missing: ['baseline', 'stress', 'spike', 'soak', 'failover', 'backlog-drain'] },
        at: 'tests',
      });
    });

    it('does not fire with all eight', () => assertNo(plan(...ALL_EIGHT), 'LT001'));
  });

  describe('LT002 vague success criteria', () => {
    it('fires on a test without criteria (its first line) and on criteria lacking p99 and errorRate (the criteria key)', () => {
      const file = plan(
        ...ALL_EIGHT.slice(0, 5),
        '  - { type: soak, rps: 1000, duration: 8h }',
        '  - { type: failover, rps: 2000, criteria: { p95: 500ms } }',
        ALL_EIGHT[7],
      );
      const [none, partial] = findingsOf(file, 'LT002');
      assert.equal(none.severity, 'warning');
      assert.equal(none.message, 'soak test has no criteria: state p95, p99 and errorRate it must meet (§13.3)');
      assertAt(file, none, 'type: soak', 'type: soak');
      assert.equal(
        partial.message,
        'failover test criteria lack p99, errorRate: "the load test passed" is not a criterion (§13.3)',
      );
      assert.deepEqual(partial.data, { lacking: ['p99', 'errorRate'] });
      assertAt(file, partial, 'criteria', 'criteria', 5);
    });

    it('does not fire when every test has p95, p99 and errorRate', () => assertNo(plan(...ALL_EIGHT), 'LT002'));
  });

  describe('LT003 load test below the modelled peak', () => {
    it("fires on a load test's rps below the capacity model's 2,000 rps peak", () => {
      const file = plan(`  - { type: load, rps: 1000, cache: cold, criteria: ${CRITERIA} }`);
      expectFinding(file, 'LT003', {
        severity: 'warning',
        message:
          "load test at 1,000 rps is below the capacity model's 2,000 rps peak: a load test validates expected peak traffic (§13.1)",
        data: { peakRps: 2000 },
        at: '1000',
      });
    });

    it('does not fire at the peak, for other test types, or without a capacity reference', () => {
      assertNo(plan(test('load', ', cache: cold')), 'LT003');
      assertNo(plan(`  - { type: soak, rps: 1000, cache: cold, criteria: ${CRITERIA} }`), 'LT003');
      const unreferenced = analyze(
        perfdoc('LoadTestPlan', 'tests:', `  - { type: load, rps: 10, cache: cold, criteria: ${CRITERIA} }`),
      );
      assertNo(unreferenced, 'LT003');
    });
  });

  describe('LT004 criterion looser than the budget', () => {
    it("fires on a percentile and an error rate looser than the budget's §5.3 targets", () => {
      const file = plan(
        '  - { type: load, rps: 2000, cache: cold, criteria: { p95: 600ms, p99: 1200ms, errorRate: 1% } }',
      );
      const [p95, errorRate] = findingsOf(file, 'LT004');
      assert.equal(p95.severity, 'warning');
      assert.equal(
        p95.message,
        "criterion p95 600 ms is looser than the budget's p95 target of 500 ms: results must be compared to the SLO (§18.5)",
      );
      assertAt(file, p95, '600ms');
      assert.equal(errorRate.message, "criterion errorRate 1% is looser than the budget's target of 0.1% (§18.5)");
      assertAt(file, errorRate, '1%');
    });

    it('does not fire on criteria equal to or tighter than the targets', () => {
      assertNo(
        plan(
          '  - { type: load, rps: 2000, cache: cold, criteria: { p50: 100ms, p95: 500ms, p99: 1s, errorRate: 0.1% } }',
        ),
        'LT004',
      );
    });
  });

  describe('LT005 no cold-cache test', () => {
    it('fires on the tests key when no test runs cold', () => {
      const file = plan(test('load', ', cache: warm'), test('soak'));
      expectFinding(file, 'LT005', {
        severity: 'warning',
        message:
          'no test runs with cache: cold: what happens when the cache hit rate drops to zero? (§18.5, §21 question 11)',
        at: 'tests',
      });
    });

    it('does not fire with one cold test, nor on an empty plan', () => {
      assertNo(plan(...ALL_EIGHT), 'LT005');
      assertNo(analyze(perfdoc('LoadTestPlan', 'tests: []')), 'LT005');
    });
  });
});

describe('core LoadTestPlan: aliased criteria', () => {
  it('reports a finding on an aliased node once, not once per alias', () => {
    const { analyzeFile } = require('../../server/src/core/analyze') as typeof import('../../server/src/core/analyze');
    const budget = analyzeFile(
      '/w/b.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: B\ntarget: { p95: 500ms, p99: 1000ms, timeout: 2s }\nsegments:\n  - name: a\n    budget: 100ms\n',
    );
    const plan = analyzeFile(
      '/w/p.perf.yaml',
      [
        'apiVersion: perfdoc/v1',
        'kind: LoadTestPlan',
        'name: P',
        'budget: ./b.perf.yaml',
        'tests:',
        '  - type: load',
        '    cache: cold',
        '    criteria: &slo { p95: 500ms, p99: 1200ms, errorRate: 0.1% }',
        '  - type: soak',
        '    criteria: *slo',
        '  - type: spike',
        '    criteria: *slo',
        '',
      ].join('\n'),
      { references: { documentsOf: () => budget.documents } },
    );
    const lt004 = plan.documents[0].findings.filter(f => f.code === 'LT004');
    require('node:assert/strict').equal(lt004.length, 1);
  });
});
