// Quantities of spec §2: every accepted form, the canonical value, and PD003 for the rest.
import * as assert from 'node:assert/strict';
import {
  Parsed,
  formatMs,
  formatNumber,
  formatPercent,
  parseCount,
  parseDuration,
  parseRate,
  parseRatio,
} from '../../server/src/core/units';
import {
  analyze,
  assertAt,
  assertNo,
  capacityModel,
  expectFinding,
  latencyBudget,
  onlyDocument,
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
    ];
    for (const [text, ms] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${ms} ms`, () => assert.equal(value(parseDuration(text)), ms));
    }

    it('refuses a bare number, in YAML or as a string, asking for a unit', () => {
      assert.match(error(parseDuration(40)), /duration 40 has no unit: write 40ms/);
      assert.match(error(parseDuration('40')), /duration 40 has no unit/);
    });

    it('refuses an unknown unit, words, negatives and non-scalars', () => {
      assert.match(error(parseDuration('40 msec')), /unknown duration unit "msec" in "40 msec"/);
      assert.match(error(parseDuration('40sec')), /unknown duration unit "sec"/);
      assert.match(error(parseDuration('fast')), /"fast" is not a duration/);
      assert.match(error(parseDuration('-5ms')), /cannot be negative/);
      assert.match(error(parseDuration(null)), /expected a duration such as 40ms, got nothing/);
      assert.match(error(parseDuration([40])), /got a list/);
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
    ];
    for (const [text, rps] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${rps}/s`, () =>
        assert.ok(Math.abs(value(parseRate(text)) - rps) < 1e-12));
    }

    it('10/h is 1/360 per second', () => assert.equal(value(parseRate('10/h')), 10 / 3600));

    it('refuses unknown units, words and negatives', () => {
      assert.match(error(parseRate('40/day')), /unknown rate unit "\/day" in "40\/day": use \/s, \/min or \/h/);
      assert.match(error(parseRate('fast')), /"fast" is not a rate/);
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

    it('a duration in seconds, minutes and microseconds adds up in milliseconds', () => {
      const file = analyze(
        latencyBudget(['- { name: a, budget: 0.1s }', '- { name: b, budget: 250us }', '- { name: c, budget: 40 ms }']),
      );
      assert.equal(onlyDocument(file).metrics.totalMs, 140.25);
    });
  });
});
