// Quantities of spec §2 and §8: every accepted form, the canonical value, and PD003 for the rest.
import * as assert from 'node:assert/strict';
import {
  Parsed,
  formatMs,
  formatNumber,
  formatPercent,
  parseCount,
  parseDuration,
  parseFactor,
  parseRate,
  parseRatio,
} from '../../server/src/core/units';
import {
  analyze,
  assertAt,
  assertNo,
  capacityModel,
  expectFinding,
  findingsOf,
  latencyBudget,
  onlyDocument,
  perfdoc,
  single,
} from '../fixtures/documents';

function value(r: Parsed<number>): number {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

function error(r: Parsed<number>): string {
  assert.ok(!r.ok, `expected an error, got ${r.ok ? r.value : ''}`);
  return r.error;
}

describe('core units (spec §2)', () => {
  describe('durations in milliseconds', () => {
    const accepted: [string, number][] = [
      ['250us', 0.25],
      ['250µs', 0.25],
      ['40ms', 40],
      ['1.2s', 1200],
      ['30m', 1_800_000],
      ['30min', 1_800_000],
      ['2h', 7_200_000],
      ['40 ms', 40],
      ['0.5s', 500],
      ['.5s', 500],
      [' 40ms ', 40],
      // §8: digit grouping and long unit names, as the lesson writes them (§5.3, §13.3)
      ['1,200ms', 1200],
      ['1,200 ms', 1200],
      ['1,200.5 ms', 1200.5],
      ['2 seconds', 2000],
      ['1 second', 1000],
      ['2sec', 2000],
      ['2 secs', 2000],
      ['120 seconds', 120_000],
      ['30 minutes', 1_800_000],
      ['1 minute', 60_000],
      ['5 mins', 300_000],
      ['2 hours', 7_200_000],
      ['1 hour', 3_600_000],
      ['8hr', 28_800_000],
      ['250 milliseconds', 250],
      ['1 millisecond', 1],
      ['500 microseconds', 0.5],
      ['1 microsecond', 0.001],
      ['1,000,000us', 1000],
    ];
    for (const [text, ms] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${ms} ms`, () => assert.equal(value(parseDuration(text)), ms));
    }

    it('refuses a bare number, in YAML or as a string, asking for a unit', () => {
      assert.match(error(parseDuration(40)), /duration 40 has no unit: write 40ms/);
      assert.match(error(parseDuration('40')), /duration 40 has no unit/);
    });

    it('accepts a bare zero as 0 ms: zero needs no unit (§10.7 writes `cooldown: 0`)', () => {
      assert.equal(value(parseDuration(0)), 0);
      assert.equal(value(parseDuration('0')), 0);
      assert.match(error(parseDuration(0.5)), /duration 0.5 has no unit/);
    });

    it('refuses an unknown unit, words, negatives and non-scalars', () => {
      assert.match(error(parseDuration('40 msec')), /unknown duration unit "msec" in "40 msec"/);
      assert.match(error(parseDuration('2 Seconds')), /unknown duration unit "Seconds"/);
      assert.match(error(parseDuration('2 constructor')), /unknown duration unit "constructor"/);
      assert.match(error(parseDuration('fast')), /"fast" is not a duration/);
      assert.match(error(parseDuration('-5ms')), /cannot be negative/);
      assert.match(error(parseDuration(null)), /expected a duration such as 40ms, got nothing/);
      assert.match(error(parseDuration([40])), /got a list/);
    });

    it('commas only group digits in threes: 1,20 ms and 12,0000 ms are not numbers', () => {
      for (const bad of ['1,20 ms', '12,0000ms', '1,2,3ms', '1200,000 ms'])
        assert.match(error(parseDuration(bad)), /has a comma that is not digit grouping: .* e\.g\. 1,200 ms/, bad);
      assert.match(error(parseDuration(',200ms')), /is not a duration/);
    });

    it("writes the lesson's §5.3 target verbatim: 150 ms, 500 ms, 1,200 ms, 2 seconds", () => {
      assert.deepEqual(
        ['150ms', '500ms', '1,200 ms', '2 seconds'].map(t => value(parseDuration(t))),
        [150, 500, 1200, 2000],
      );
    });
  });

  describe('rates per second', () => {
    const accepted: [unknown, number][] = [
      [2000, 2000],
      ['2000', 2000],
      ['40/s', 40],
      ['40/sec', 40],
      ['2400/min', 40],
      ['2400/m', 40],
      ['36/h', 0.01],
      ['500 rps', 500],
      ['500rps', 500],
      ['40 / s', 40],
      // §8: grouping and the lesson's spellings
      ['2,000', 2000],
      ['2,000 rps', 2000],
      ['2,000 RPS', 2000],
      ['2,000,000/h', 2_000_000 / 3600],
      ['50 req/s', 50],
      ['50 requests/s', 50],
      ['50 msg/s', 50],
      ['50 messages/s', 50],
      ['1,200 msg/min', 20],
      ['120/minute', 2],
      ['7,200/hour', 2],
      ['3/second', 3],
    ];
    for (const [text, rps] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${rps}/s`, () =>
        assert.ok(Math.abs(value(parseRate(text)) - rps) < 1e-12));
    }

    it('10/h is 1/360 per second', () => assert.equal(value(parseRate('10/h')), 10 / 3600));

    it('refuses unknown units, words and negatives', () => {
      assert.match(
        error(parseRate('40/day')),
        /unknown rate unit "\/day" in "40\/day": use \/s, \/min \(\/minute\) or \/h \(\/hour\)/,
      );
      assert.match(error(parseRate('fast')), /"fast" is not a rate/);
      assert.match(error(parseRate('2,00 rps')), /has a comma that is not digit grouping: .* e\.g\. 2,000 rps/);
      assert.match(error(parseRate('50 widgets/s')), /"50 widgets\/s" is not a rate/);
      assert.match(error(parseRate(-1)), /cannot be negative/);
      assert.match(error(parseRate(true)), /expected a rate/);
    });
  });

  describe('ratios as fractions', () => {
    const accepted: [unknown, number][] = [
      ['20%', 0.2],
      [0.2, 0.2],
      ['0.2', 0.2],
      ['0.1%', 0.001],
      ['100%', 1],
      [0, 0],
    ];
    for (const [text, fraction] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${fraction}`, () =>
        assert.ok(Math.abs(value(parseRatio(text)) - fraction) < 1e-12));
    }

    it('refuses ratios outside 0..100% and words', () => {
      assert.match(error(parseRatio('120%')), /ratio 120% is outside 0\.\.100%/);
      assert.match(error(parseRatio(1.5)), /ratio 1.5 is outside/);
      assert.match(error(parseRatio('-1%')), /outside/);
      assert.match(error(parseRatio('most')), /"most" is not a ratio/);
    });
  });

  describe('counts', () => {
    it('accepts non-negative whole numbers only', () => {
      assert.equal(value(parseCount(0)), 0);
      assert.equal(value(parseCount(20)), 20);
      for (const bad of [2.5, -1, '3', null]) assert.match(error(parseCount(bad)), /expected a whole number ≥ 0/);
    });

    it('accepts digits grouped in threes (§8), which YAML reads as text', () => {
      assert.equal(value(parseCount('2,000,000')), 2_000_000);
      assert.equal(value(parseCount('1,000')), 1000);
      assert.match(error(parseCount('2,00,000')), /has a comma that is not digit grouping: .* e\.g\. 2,000,000/);
      assert.match(error(parseCount('1,000.5')), /expected a whole number ≥ 0/);
    });
  });

  describe('factors (§8)', () => {
    const accepted: [unknown, number][] = [
      [10, 10],
      [1.5, 1.5],
      ['1.5', 1.5],
      ['10x', 10],
      ['10 x', 10],
      ['x10', 10],
      ['×10', 10],
      ['× 2.5', 2.5],
      ['0.5x', 0.5],
      ['1,000x', 1000],
    ];
    for (const [text, factor] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${factor}`, () => assert.equal(value(parseFactor(text)), factor));
    }

    it('refuses zero, negatives, words and other shapes', () => {
      assert.match(error(parseFactor(0)), /a factor must be above 0, got 0/);
      assert.match(error(parseFactor('0x')), /must be above 0, got 0x/);
      assert.match(error(parseFactor(-2)), /must be above 0/);
      assert.match(error(parseFactor('x-2')), /must be above 0/);
      assert.match(
        error(parseFactor('ten times')),
        /"ten times" is not a factor: expected e\.g\. 10x, x10, ×10 or 1\.5/,
      );
      assert.match(error(parseFactor('10xx')), /is not a factor/);
      assert.match(error(parseFactor('10%')), /is not a factor/);
      assert.match(error(parseFactor(true)), /expected a factor such as 10x/);
      assert.match(error(parseFactor(Infinity)), /finite/);
    });
  });

  describe('formatting for messages', () => {
    it('writes durations in the unit a reader would use', () => {
      assert.equal(formatMs(480), '480 ms');
      assert.equal(formatMs(0), '0 ms');
      assert.equal(formatMs(1540), '1.54 s');
      assert.equal(formatMs(2000), '2 s');
      assert.equal(formatMs(1_800_000), '30 min');
      assert.equal(formatMs(7_200_000), '2 h');
      assert.equal(formatMs(0.25), '250 µs');
      assert.equal(formatMs(-100), '-100 ms');
    });

    it('groups thousands and rounds percentages', () => {
      assert.equal(formatNumber(2_000_000, 0), '2,000,000');
      assert.equal(formatNumber(27.777, 1), '27.8');
      assert.equal(formatPercent(0.0394, 1), '3.9%');
      assert.equal(formatPercent(0.85), '85%');
    });
  });

  describe('PD003 in documents', () => {
    it('a duration without a unit (budget: 40) is PD003 on the value, with the append-ms fix data', () => {
      const file = analyze(latencyBudget(['- { name: edge, budget: 40 }']));
      expectFinding(file, 'PD003', {
        severity: 'error',
        message: 'budget: duration 40 has no unit: write 40ms (or s, min, h, us)',
        data: { fix: 'append-unit', unit: 'ms' },
        at: '40 }',
        covers: '40',
      });
      assertNo(file, 'PD002');
    });

    it('an unknown unit (40 msec) and a word (fast) are PD003 without a fix', () => {
      const file = analyze(latencyBudget(['- { name: edge, budget: 40 msec }', '- { name: app, budget: fast }']));
      const [msec, fast] = file.documents[0].findings.filter(f => f.code === 'PD003');
      assert.match(msec.message, /^budget: unknown duration unit "msec"/);
      assertAt(file, msec, '40 msec');
      assert.equal(msec.data, undefined);
      assert.match(fast.message, /^budget: "fast" is not a duration/);
      assertAt(file, fast, 'fast');
    });

    it('a rate with an unknown unit is PD003; 40/sec is accepted as 40/s', () => {
      const queue = (rate: string) =>
        capacityModel(
          '{ peakRps: 500, latency: 200ms }',
          '{ safetyFactor: 1.5 }',
          'queues:',
          `  - { name: orders, backlog: 2000000, ratePerWorker: ${rate}, drainTime: 30m, workers: 28 }`,
        );
      const bad = analyze(queue('40/day'));
      assertAt(bad, single(bad, 'PD003'), '40/day');
      const good = analyze(queue('40/sec'));
      assertNo(good, 'PD003');
      assert.deepEqual(onlyDocument(good).metrics.queues, { orders: { workersNeeded: 28, drainTimeS: 1785.714 } });
    });

    it('grouped counts and rates and long units pass the schema and feed the figures (§8)', () => {
      // 2,000,000 / (1,800 s × 40/s) = 27.8 → 28 workers; 2,000,000 / (28 × 40) = 1,785.714 s
      const file = analyze(
        capacityModel(
          '{ peakRps: "2,000 RPS", latency: 200 milliseconds }',
          '{ safetyFactor: 1.5 }',
          'queues:',
          '  - name: orders',
          '    backlog: 2,000,000',
          '    ratePerWorker: 2,400/minute',
          '    drainTime: 30 minutes',
          '    workers: 28',
        ),
      );
      assertNo(file, 'PD002');
      assertNo(file, 'PD003');
      assert.deepEqual(onlyDocument(file).metrics.queues, { orders: { workersNeeded: 28, drainTimeS: 1785.714 } });
    });

    it('a count grouped wrongly (2,00,000) is a PD002 that names it as written', () => {
      const file = analyze(
        capacityModel(
          '{ peakRps: 500, latency: 200ms }',
          null,
          'queues:',
          '  - { name: orders, backlog: "2,00,000", ratePerWorker: 40/s, drainTime: 30m }',
        ),
      );
      assert.match(single(file, 'PD002').message, /backlog must be a whole number, got "2,00,000"/);
    });

    it("the lesson's §5.3 target written verbatim gives the v1 figures", () => {
      const verbatim = [
        '  p50: 150 ms',
        '  p95: 500 ms',
        '  p99: 1,200 ms',
        '  timeout: 2 seconds',
        '  errorRate: 0.1%',
      ];
      const text = perfdoc('LatencyBudget', 'target:', ...verbatim, 'segments:', '  - { name: app, budget: 400ms }');
      const file = analyze(text);
      assertNo(file, 'PD003');
      assertNo(file, 'LB009');
      const m = onlyDocument(file).metrics;
      assert.deepEqual([m.targetMs, m.timeoutMs, m.headroomMs], [500, 2000, 100]);
    });

    describe('a grouped number in a flow mapping, which YAML splits at the comma', () => {
      it('{ p99: 1,200 ms } is one PD003 over what was written, saying to quote it; no stray-key PD002', () => {
        const file = analyze(
          latencyBudget(['- { name: app, budget: 100ms }'], '{ p95: 500ms, p99: 1,200 ms, timeout: 2s }'),
        );
        expectFinding(file, 'PD003', {
          severity: 'error',
          message:
            'p99: YAML split 1,200 ms at the comma (in { … } a comma separates entries) and read p99: 1: quote it, "1,200 ms"',
          data: { fix: 'quote', text: '"1,200 ms"' },
          at: '1,200 ms',
          covers: '1,200 ms',
        });
        assertNo(file, 'PD002');
        assertNo(file, 'LB009'); // p99 is not taken as 1 ms
      });

      it('a rate and a count that would read as 2 are reported too; several groups span all of them', () => {
        const file = analyze(
          capacityModel(
            '{ peakRps: 2,000, latency: 200ms }',
            '{ safetyFactor: 1.5 }',
            'queues:',
            '  - { name: orders, backlog: 2,000,000, ratePerWorker: 40/s, drainTime: 30m, workers: 28 }',
          ),
        );
        const [rate, count] = findingsOf(file, 'PD003');
        assert.match(rate.message, /^peakRps: YAML split 2,000 at the comma .* quote it, "2,000"$/);
        assertAt(file, rate, '2,000');
        assert.match(count.message, /^backlog: YAML split 2,000,000 at the comma/);
        assert.equal(onlyDocument(file).metrics.inFlight, null, 'no figure from the split-off 2 rps');
      });

      it('a comma followed by a space, or by other than three digits, is a plain entry separator', () => {
        assertNo(analyze(latencyBudget(['- { name: app, budget: 100ms, retries: 1, jitter: true }'])), 'PD003');
        const notGrouping = analyze(latencyBudget(['- { name: app, budget: 1,20 }']));
        assert.match(single(notGrouping, 'PD003').message, /duration 1 has no unit: write 1ms/);
      });

      it('block style reads 1,200 ms as one value', () => {
        const file = analyze(
          perfdoc('LatencyBudget', 'target:', '  p95: 1,200 ms', 'segments:', '  - name: a', '    budget: 1,000ms'),
        );
        assertNo(file, 'PD003');
        assert.equal(onlyDocument(file).metrics.headroomMs, 200);
      });
    });

    it('a duration in seconds, minutes and microseconds adds up in milliseconds', () => {
      const file = analyze(
        latencyBudget(['- { name: a, budget: 0.1s }', '- { name: b, budget: 250us }', '- { name: c, budget: 40 ms }']),
      );
      assert.equal(onlyDocument(file).metrics.totalMs, 140.25);
    });
  });
});
