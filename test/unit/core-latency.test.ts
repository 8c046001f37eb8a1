// LatencyBudget (spec §3, §9): every figure with the lesson's numbers (§5, §5.3, §4.5) and every
// rule LB001-LB011 both firing (code, severity, message, range) and not firing on a near miss.
import * as assert from 'node:assert/strict';
import { atLeastOneBeyond, fanoutTailProbability, percentileFraction } from '../../server/src/core/latencyBudget';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import {
  LESSON_SEGMENTS,
  LESSON_TARGET,
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  expectFinding,
  findingsOf,
  latencyBudget,
  onlyDocument,
  single,
} from '../fixtures/documents';

const lesson = () => analyze(latencyBudget(LESSON_SEGMENTS));
/** The §5 table with its Database/search query budget changed: total = 250 ms + `dbMs`, no buffer. */
const withoutBuffer = (dbMs: number) =>
  latencyBudget([
    ...LESSON_SEGMENTS.slice(0, 5),
    `- { name: Database/search query, budget: ${dbMs}ms }`,
    LESSON_SEGMENTS[6],
  ]);
const figures = (text: string) => onlyDocument(analyze(text)).latency!.figures;

describe('core LatencyBudget figures (spec §3)', () => {
  it('the §5 table sums to 500 ms against the 500 ms p95 target: headroom 0, buffer 30 ms, timeout 2 s', () => {
    const doc = onlyDocument(lesson());
    assert.equal(doc.kind, 'LatencyBudget');
    assert.equal(doc.name, 'Test');
    assert.deepEqual(doc.metrics, {
      totalMs: 500,
      targetMs: 500,
      headroomMs: 0,
      bufferMs: 30,
      timeoutMs: 2000,
      worstCaseMs: 1540,
      fanout: [],
      // three dependencies (auth, cache, database) at p95: 1 − 0.95³ = 0.142625
      tailExposure: 0.1426,
    });
  });

  it("shareOfTarget: the path's and each segment's cost over the 500 ms p95 target (§5)", () => {
    const f = onlyDocument(lesson()).latency!.figures;
    assert.equal(f.shareOfTarget, 1, '500 ms of 500 ms');
    // 40, 30, 40, 80, 20, 220, 40, 30 ms of 500 ms
    assert.deepEqual(
      f.perSegment.map(s => s.shareOfTarget),
      [0.08, 0.06, 0.08, 0.16, 0.04, 0.44, 0.08, 0.06],
    );
    const noTarget = figures(latencyBudget(['- { name: a, budget: 40ms }'], '{ p99: 1s }'));
    assert.equal(noTarget.shareOfTarget, null, 'budgeted at p95 with only a p99: nothing to divide by');
    assert.equal(noTarget.perSegment[0].shareOfTarget, null);
  });

  it('slowestCall: the call that sets a parallel group’s cost, the first of equals, never an async one (§4.5)', () => {
    const f = figures(
      latencyBudget([
        '- { name: edge, budget: 40ms }',
        '- name: fan-out',
        '  parallel:',
        '    - { name: profile, budget: 60ms }',
        '    - { name: history, budget: 80ms }',
        '    - { name: ranking, budget: 80ms }',
        '    - { name: prefetch, budget: 500ms, async: true }',
      ]),
    );
    assert.equal(f.perSegment[0].slowestCall, undefined, 'a plain segment has no calls');
    assert.equal(f.perSegment[1].slowestCall?.name, 'history');
    assert.equal(f.perSegment[1].shareOfTarget, 80 / 500);
  });

  it('per-segment running totals follow the critical path', () => {
    const f = onlyDocument(lesson()).latency!.figures;
    assert.deepEqual(
      f.perSegment.map(s => s.runningTotalMs),
      [40, 70, 110, 190, 210, 430, 470, 500],
    );
  });

  it('worstCaseMs: (1+retries)×timeout + retries×backoff per dependency, budget for the rest (§5.1 rule 3)', () => {
    // 40 + 30 + (2×100 + 20) + 80 + 50 + (2×500 + 50) + 40 + 30 = 1,540 ms
    const f = onlyDocument(lesson()).latency!.figures;
    assert.deepEqual(
      f.perSegment.map(s => s.worstCaseMs),
      [40, 30, 220, 80, 50, 1050, 40, 30],
    );
    assert.equal(f.worstCaseMs, 1540);
  });

  it('retries without backoff cost (1+retries)×timeout', () => {
    assert.equal(
      figures(latencyBudget(['- { name: a, budget: 40ms, dependency: a, timeout: 100ms, retries: 2 }'])).worstCaseMs,
      300,
    );
  });

  it('worstCaseMs is null when a dependency has no timeout (unbounded)', () => {
    const f = figures(latencyBudget(['- { name: a, budget: 40ms }', '- { name: b, budget: 40ms, dependency: b-svc }']));
    assert.equal(f.worstCaseMs, null);
    assert.equal(f.totalMs, 80);
  });

  it('a parallel group adds the max of its children; async segments count in neither total nor worst case', () => {
    const f = figures(
      latencyBudget([
        '- { name: edge, budget: 40ms }',
        '- name: Enrichment fan-out',
        '  parallel:',
        '    - { name: profile, budget: 60ms, dependency: profile-svc, timeout: 150ms }',
        '    - { name: history, budget: 80ms, dependency: history-svc, timeout: 120ms, retries: 1, backoff: 10ms, jitter: true }',
        '    - { name: prefetch, budget: 500ms, async: true }',
        '- { name: Audit event, budget: 5ms, dependency: audit, async: true }',
        '- { name: Buffer, budget: 30ms, buffer: true }',
      ]),
    );
    assert.equal(f.totalMs, 40 + 80 + 30);
    assert.equal(
      f.worstCaseMs,
      40 + Math.max(150, 2 * 120 + 10) + 30,
      'the async audit call has no timeout and still does not make it unbounded',
    );
    assert.deepEqual(
      f.perSegment.map(s => s.costMs),
      [40, 80, 0, 30],
    );
    assert.equal(f.bufferMs, 30);
  });

  it('a parallel group is unbounded when one child dependency has no timeout', () => {
    const f = figures(
      latencyBudget([
        '- name: fan-out',
        '  parallel: [{ name: a, budget: 10ms, dependency: a }, { name: b, budget: 20ms }]',
      ]),
    );
    assert.equal(f.totalMs, 20);
    assert.equal(f.worstCaseMs, null);
  });

  it('fanout: calls N and tail probability 1 − 0.99^N per parallel group (§4.5)', () => {
    const doc = onlyDocument(
      analyze(
        latencyBudget([
          '- name: two',
          '  parallel: [{ name: a, budget: 10ms }, { name: b, budget: 20ms }]',
          '- name: four',
          '  parallel: [{ name: a, budget: 10ms }, { name: b, budget: 20ms }, { name: c, budget: 5ms }, { name: d, budget: 5ms }]',
        ]),
      ),
    );
    // at the default p95: 1 − 0.95² = 0.0975, 1 − 0.95⁴ = 0.18549375
    assert.deepEqual(doc.metrics.fanout, [
      { name: 'two', calls: 2, tailProbability: 0.0199, exceedsBudgetProbability: 0.0975 },
      { name: 'four', calls: 4, tailProbability: 0.0394, exceedsBudgetProbability: 0.1855 },
    ]);
    assert.equal(fanoutTailProbability(1), 1 - 0.99);
    assert.ok(Math.abs(fanoutTailProbability(10) - 0.0956179) < 1e-6);
    assert.equal(fanoutTailProbability(0), 0);
  });

  describe('v1.1 tail figures (spec §9)', () => {
    const fanOut = (n: number, percentile = 'p95') =>
      latencyBudget(
        [
          '- name: Enrichment fan-out',
          '  parallel:',
          ...Array.from(
            { length: n },
            (_, i) => `    - { name: call-${i}, budget: 60ms, dependency: svc-${i}, timeout: 150ms }`,
          ),
        ],
        LESSON_TARGET,
        `budgetPercentile: ${percentile}`,
      );

    it('five calls budgeted at p95: 22.6% of requests have one over its budget, 4.9% one beyond its p99 (issue 14)', () => {
      const m = onlyDocument(analyze(fanOut(5))).metrics;
      // 1 − 0.95⁵ = 0.2262190625; 1 − 0.99⁵ = 0.0490099501
      assert.deepEqual(m.fanout, [
        { name: 'Enrichment fan-out', calls: 5, tailProbability: 0.049, exceedsBudgetProbability: 0.2262 },
      ]);
      assert.equal(m.tailExposure, 0.2262, 'five dependency calls, all in the group');
    });

    it("the lesson's §4.5 sequential A + B + C + D at p95: tailExposure 1 − 0.95⁴ = 18.5%, no fan-out", () => {
      const abcd = ['A', 'B', 'C', 'D'].map(
        d => `- { name: call ${d}, budget: 50ms, dependency: svc-${d}, timeout: 100ms }`,
      );
      const m = onlyDocument(analyze(latencyBudget(abcd))).metrics;
      assert.equal(m.tailExposure, 0.1855); // 0.18549375
      assert.deepEqual(m.fanout, []);
    });

    it('counts D over non-async dependency segments, parallel children one by one, at the budget percentile', () => {
      const f = figures(
        latencyBudget(
          [
            '- { name: edge, budget: 40ms }',
            '- { name: auth, budget: 40ms, dependency: auth, timeout: 100ms }',
            '- name: enrich',
            '  parallel:',
            '    - { name: profile, budget: 60ms, dependency: profile, timeout: 150ms }',
            '    - { name: history, budget: 80ms, dependency: history, timeout: 150ms }',
            '    - { name: compute, budget: 30ms }',
            '    - { name: prefetch, budget: 90ms, dependency: prefetch, timeout: 150ms, async: true }',
            '- { name: audit, budget: 5ms, dependency: audit, timeout: 50ms, async: true }',
          ],
          LESSON_TARGET,
          'budgetPercentile: p99',
        ),
      );
      assert.equal(f.dependencyCalls, 3);
      assert.ok(Math.abs(f.tailExposure! - (1 - 0.99 ** 3)) < 1e-12); // 0.029701
      assert.equal(f.fanout[0].calls, 3);
      assert.ok(Math.abs(f.fanout[0].exceedsBudgetProbability - 0.029701) < 1e-12, 'at p99 it equals tailProbability');
    });

    it('at p50 half the calls run over budget: two calls 1 − 0.5² = 75%; no dependency gives a null tailExposure', () => {
      const m = onlyDocument(
        analyze(
          latencyBudget(
            ['- name: pair', '  parallel: [{ name: a, budget: 60ms }, { name: b, budget: 80ms }]'],
            LESSON_TARGET,
            'budgetPercentile: p50',
          ),
        ),
      ).metrics;
      assert.deepEqual(m.fanout, [{ name: 'pair', calls: 2, tailProbability: 0.0199, exceedsBudgetProbability: 0.75 }]);
      assert.equal(m.tailExposure, null);
    });

    it('percentileFraction and atLeastOneBeyond are the formula of §9', () => {
      assert.deepEqual((['p50', 'p95', 'p99'] as const).map(percentileFraction), [0.5, 0.95, 0.99]);
      assert.equal(atLeastOneBeyond(0.95, 0), 0);
      assert.equal(atLeastOneBeyond(0.5, 3), 0.875);
    });

    it('reads a segment owner (§5.1 rule 7) on leaves and groups, which the schema accepts', () => {
      const file = analyze(
        latencyBudget([
          '- { name: auth, budget: 40ms, dependency: auth, timeout: 100ms, owner: identity-team }',
          '- name: enrich',
          '  owner: search-platform',
          '  parallel: [{ name: profile, budget: 60ms, owner: profile-team }]',
        ]),
      );
      assertNo(file, 'PD002');
      const owners = onlyDocument(file).latency!.model.allSegments.map(s => s.owner);
      assert.deepEqual(owners, ['identity-team', 'search-platform', 'profile-team']);
    });
  });

  it('targetMs is target[budgetPercentile]: p95 by default, p99 or p50 when chosen', () => {
    const at = (p: string | null) =>
      figures(latencyBudget(LESSON_SEGMENTS, LESSON_TARGET, ...(p ? [`budgetPercentile: ${p}`] : [])));
    assert.equal(at(null).targetMs, 500);
    assert.equal(at('p99').targetMs, 1200);
    assert.equal(at('p99').headroomMs, 700);
    assert.equal(at('p50').targetMs, 150);
    assert.equal(at('p50').headroomMs, -350);
  });

  it('without the chosen percentile or a timeout, targetMs, headroomMs and timeoutMs are null', () => {
    const f = figures(latencyBudget(['- { name: a, budget: 40ms }'], '{ p50: 100ms }'));
    assert.deepEqual([f.targetMs, f.headroomMs, f.timeoutMs], [null, null, null]);
  });
});

describe('core LatencyBudget rules (spec §3)', () => {
  it('the lesson budget (§5, §5.3) has no findings at all', () => assertCodes(lesson(), []));

  describe('LB001 critical path exceeds the target', () => {
    it('fires at 510 ms against 500 ms, on the segments key, with both numbers and the overrun', () => {
      const file = analyze(withoutBuffer(260));
      expectFinding(file, 'LB001', {
        severity: 'error',
        message:
          'critical path sums to 510 ms, over the p95 target of 500 ms by 10 ms: cut or re-negotiate segment budgets (§5)',
        data: { overMs: 10 },
        at: 'segments',
      });
      assertNo(file, 'LB002');
    });

    it('does not fire when the total equals the target (the §5 table: 500 ms of 500 ms)', () =>
      assertNo(lesson(), 'LB001'));
  });

  describe('LB002 no room for variance', () => {
    it('fires with 20 ms (4%) of headroom and no buffer, asking for 5%', () => {
      const file = analyze(withoutBuffer(230));
      expectFinding(file, 'LB002', {
        severity: 'warning',
        message:
          'only 20 ms of headroom and buffer (4% of the p95 target); reserve at least 5% (25 ms) for variance (§5.1 rule 5)',
        data: { bufferMs: 5 },
        at: 'segments',
      });
    });

    it('does not fire at exactly 5% (25 ms of 500 ms)', () => assertNo(analyze(withoutBuffer(225)), 'LB002'));

    it('counts buffer segments: headroom 0 + a 30 ms Buffer is 6%', () => assertNo(lesson(), 'LB002'));

    it('follows the minBufferPercent setting', () => {
      const file = analyze(latencyBudget(LESSON_SEGMENTS), undefined, {
        settings: { ...DEFAULT_SETTINGS, minBufferPercent: 10 },
      });
      assert.match(single(file, 'LB002').message, /reserve at least 10% \(50 ms\)/);
    });
  });

  describe('LB003 target lacks p95 or p99', () => {
    it('fires on the target key naming the missing percentile', () => {
      const file = analyze(latencyBudget(LESSON_SEGMENTS, '{ p50: 150ms, p95: 500ms, timeout: 2s }'));
      expectFinding(file, 'LB003', {
        severity: 'warning',
        message: 'target lacks p99: averages hide production pain, define p95/p99 (§5.1 rule 2, §18.1)',
        data: { missing: ['p99'] },
        at: 'target',
      });
    });

    it('names both when both are missing', () => {
      const f = single(analyze(latencyBudget(LESSON_SEGMENTS, '{ p50: 150ms, timeout: 2s }')), 'LB003');
      assert.match(f.message, /^target lacks p95 and p99:/);
    });

    it('does not fire with p95 and p99', () => assertNo(lesson(), 'LB003'));
  });

  describe('LB004 target lacks a timeout', () => {
    it('fires on the target key', () => {
      const file = analyze(latencyBudget(LESSON_SEGMENTS, '{ p50: 150ms, p95: 500ms, p99: 1200ms }'));
      const f = single(file, 'LB004');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^target lacks a timeout: .*\(§18\.1, §16 anti-pattern 7\)$/);
      assertAt(file, f, 'target');
      assertNo(file, 'LB007');
    });

    it('does not fire with target.timeout', () => assertNo(lesson(), 'LB004'));
  });

  describe('LB005 dependency without a timeout', () => {
    it('fires on the dependency key, in a parallel group too, suggesting 2 × the budget', () => {
      const text = latencyBudget([
        '- { name: Auth, budget: 40ms, dependency: auth-service }',
        '- name: fan-out',
        '  parallel:',
        '    - { name: profile, budget: 60ms, dependency: profile-svc }',
        '    - { name: history, budget: 80ms, dependency: history-svc, timeout: 150ms }',
      ]);
      const file = analyze(text);
      const [auth, profile] = findingsOf(file, 'LB005');
      assert.equal(findingsOf(file, 'LB005').length, 2);
      assert.equal(auth.severity, 'warning');
      assert.equal(
        auth.message,
        'segment "Auth" calls auth-service without a timeout: external dependencies need an explicit timeout and retry policy (§18.1)',
      );
      assert.deepEqual(auth.data, { timeoutMs: 80 });
      assertAt(file, auth, 'dependency');
      assert.deepEqual(profile.data, { timeoutMs: 120 });
      assertAt(file, profile, 'dependency', 'dependency', 1);
    });

    it('does not fire when every dependency has a timeout', () => assertNo(lesson(), 'LB005'));
  });

  describe('LB006 retries without backoff or jitter', () => {
    it('fires on the retries value, naming what is missing', () => {
      const file = analyze(
        latencyBudget([
          '- { name: Session store, budget: 40ms, dependency: redis, timeout: 50ms, retries: 2 }',
          '- { name: Cache read, budget: 20ms, dependency: cache, timeout: 30ms, retries: 1, backoff: 10ms }',
        ]),
      );
      const [both, jitter] = findingsOf(file, 'LB006');
      assert.equal(both.severity, 'warning');
      assert.equal(
        both.message,
        'segment "Session store" retries 2× without backoff or jitter: true: synchronized retries amplify an overload into a retry storm (§16 anti-pattern 6)',
      );
      assertAt(file, both, '2 }', '2');
      assert.match(jitter.message, /^segment "Cache read" retries 1× without jitter: true:/);
      assertAt(file, jitter, '1, backoff', '1');
    });

    it('does not fire with backoff and jitter, nor for retries: 0', () => {
      const file = analyze(
        latencyBudget([
          ...LESSON_SEGMENTS,
          '- { name: cache2, budget: 5ms, dependency: c, timeout: 10ms, retries: 0 }',
        ]),
      );
      assertNo(file, 'LB006');
    });
  });

  describe('LB007 timeouts × retries overrun the request timeout', () => {
    const overrun = (timeout: string) =>
      latencyBudget(LESSON_SEGMENTS, `{ p50: 150ms, p95: 500ms, p99: 1200ms, timeout: ${timeout} }`);

    it('fires on target.timeout when the worst case (1,540 ms) exceeds it (1.5 s)', () => {
      const file = analyze(overrun('1.5s'));
      expectFinding(file, 'LB007', {
        severity: 'error',
        message:
          'worst case with timeouts and retries is 1.54 s, over the request timeout of 1.5 s: the caller gives up before the retries finish (§5.1 rule 3)',
        at: '1.5s',
      });
    });

    it('does not fire when the worst case equals the timeout', () => assertNo(analyze(overrun('1540ms')), 'LB007'));

    it('does not fire when the worst case is unbounded (LB005 reports that)', () => {
      const file = analyze(
        latencyBudget(['- { name: a, budget: 40ms, dependency: a }'], '{ p95: 500ms, p99: 1s, timeout: 10ms }'),
      );
      assertNo(file, 'LB007');
    });
  });

  describe('LB008 segment timeout below its budget', () => {
    it('fires on the timeout value', () => {
      const file = analyze(latencyBudget(['- { name: Search query, budget: 120ms, dependency: os, timeout: 100ms }']));
      expectFinding(file, 'LB008', {
        severity: 'error',
        message:
          'segment "Search query" times out at 100 ms, below its own budget of 120 ms: calls that meet the budget would be cut off',
        at: '100ms',
      });
    });

    it('does not fire when the timeout equals the budget', () => {
      assertNo(analyze(latencyBudget(['- { name: q, budget: 120ms, dependency: os, timeout: 120ms }'])), 'LB008');
    });
  });

  describe('LB009 targets not ascending', () => {
    it('fires on each value below its predecessor (p50 ≤ p95 ≤ p99 ≤ timeout)', () => {
      const file = analyze(latencyBudget(LESSON_SEGMENTS, '{ p50: 150ms, p95: 500ms, p99: 400ms, timeout: 300ms }'));
      const [p99, timeout] = findingsOf(file, 'LB009');
      assert.equal(p99.severity, 'error');
      assert.equal(p99.message, 'targets must ascend (p50 ≤ p95 ≤ p99 ≤ timeout): p99 400 ms is below p95 500 ms');
      assertAt(file, p99, '400ms');
      assert.match(timeout.message, /timeout 300 ms is below p99 400 ms$/);
      assertAt(file, timeout, '300ms');
    });

    it('does not fire on equal neighbours', () => {
      assertNo(analyze(latencyBudget(LESSON_SEGMENTS, '{ p50: 500ms, p95: 500ms, p99: 2s, timeout: 2s }')), 'LB009');
    });
  });

  describe('LB010 synchronous cross-region call', () => {
    const regions = (segment: string) =>
      latencyBudget(['- { name: edge, budget: 40ms }', segment], LESSON_TARGET, 'region: ap-southeast-1');

    it('fires on the region key of a synchronous segment in another region', () => {
      const file = analyze(regions('- { name: Entitlements check, budget: 150ms, region: us-east-1 }'));
      expectFinding(file, 'LB010', {
        severity: 'warning',
        message:
          'segment "Entitlements check" runs in us-east-1 while the request path is in ap-southeast-1: a synchronous cross-region call is a major design smell (§11.2); make it async or read locally',
        at: 'region: us',
        covers: 'region',
      });
    });

    it('does not fire for the same region, an async segment, or a budget without a region', () => {
      assertNo(analyze(regions('- { name: db, budget: 150ms, region: ap-southeast-1 }')), 'LB010');
      assertNo(analyze(regions('- { name: replicate, budget: 150ms, region: us-east-1, async: true }')), 'LB010');
      assertNo(analyze(latencyBudget(['- { name: db, budget: 150ms, region: us-east-1 }'])), 'LB010');
    });

    describe('without a home region (§9)', () => {
      it('fires once on segments when synchronous segments, parallel children included, declare two regions', () => {
        const file = analyze(
          latencyBudget([
            '- { name: edge, budget: 40ms, region: us-east-1 }',
            '- { name: db, budget: 100ms, region: us-east-1 }',
            '- name: enrich',
            '  parallel:',
            '    - { name: profile, budget: 60ms, region: ap-southeast-1 }',
          ]),
        );
        expectFinding(file, 'LB010', {
          severity: 'warning',
          message:
            'segments run in 2 regions (us-east-1, ap-southeast-1) and the budget declares no home region: at least one synchronous call crosses regions, a major design smell (§11.2); declare `region:` and make the remote calls async or read locally',
          data: { regions: ['us-east-1', 'ap-southeast-1'] },
          at: 'segments:',
          covers: 'segments',
        });
      });

      it('does not fire for one region, nor when the second region is only on an async segment', () => {
        const oneRegion = latencyBudget([
          '- { name: edge, budget: 40ms, region: us-east-1 }',
          '- { name: db, budget: 100ms, region: us-east-1 }',
          '- { name: app, budget: 100ms }',
        ]);
        assertNo(analyze(oneRegion), 'LB010');
        const asyncElsewhere = latencyBudget([
          '- { name: edge, budget: 40ms, region: us-east-1 }',
          '- { name: replicate, budget: 100ms, region: eu-west-1, async: true }',
        ]);
        assertNo(analyze(asyncElsewhere), 'LB010');
      });
    });
  });

  describe('LB011 fan-out tail probability', () => {
    it('reports each parallel group on its parallel key with N and 1 − 0.99^N', () => {
      const file = analyze(
        latencyBudget([
          '- name: Enrichment fan-out',
          '  parallel:',
          '    - { name: a, budget: 60ms }',
          '    - { name: b, budget: 80ms }',
          '    - { name: c, budget: 20ms }',
          '    - { name: d, budget: 10ms }',
        ]),
      );
      expectFinding(file, 'LB011', {
        severity: 'information',
        message:
          'fan-out of 4 parallel calls: 18.5% of requests have at least one call over its p95 budget (1 − 0.95^4), 3.9% wait on at least one call beyond its p99 (1 − 0.99^4); tail latency compounds with fan-out (§4.5)',
        data: { calls: 4 },
        at: 'parallel',
      });
    });

    it('at p99 the budget is the p99, so the message gives the one figure once', () => {
      const file = analyze(
        latencyBudget(
          ['- name: pair', '  parallel: [{ name: a, budget: 60ms }, { name: b, budget: 80ms }]'],
          LESSON_TARGET,
          'budgetPercentile: p99',
        ),
      );
      assert.equal(
        single(file, 'LB011').message,
        'fan-out of 2 parallel calls: 2% of requests have at least one call over its p99 budget (1 − 0.99^2); tail latency compounds with fan-out (§4.5)',
      );
    });

    it('does not fire without a parallel group', () => assertNo(lesson(), 'LB011'));
  });
});
