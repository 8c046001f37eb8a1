// formatNumber writes numbers as Intl.NumberFormat('en-US') does without loading Intl (a cold
// start cost): held to Intl itself on hand-picked edges and on random numbers.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatNumber } from '../../server/src/core/units';

const intl = (n: number, digits: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(Math.round(n * 10 ** digits) / 10 ** digits);

describe('formatNumber (en-US, without Intl)', () => {
  it('groups digits in threes and drops trailing zeros', () => {
    assert.equal(formatNumber(2_000_000, 0), '2,000,000');
    assert.equal(formatNumber(1234.5, 1), '1,234.5');
    assert.equal(formatNumber(999.96, 1), '1,000');
    assert.equal(formatNumber(27.777, 1), '27.8');
    assert.equal(formatNumber(2.5, 2), '2.5');
    assert.equal(formatNumber(0.1 + 0.2, 2), '0.3');
    assert.equal(formatNumber(-1234567.891, 2), '-1,234,567.89');
    assert.equal(formatNumber(100, 1), '100');
  });

  it('writes what Intl writes for zero, negative zero, tiny negatives and the non-finite', () => {
    for (const n of [0, -0, -0.01, 0.04, NaN, Infinity, -Infinity, 1e21, -3.5e22, 123456789012345680000])
      for (const digits of [0, 1, 2]) assert.equal(formatNumber(n, digits), intl(n, digits), `${n} @${digits}`);
  });

  it('agrees with Intl.NumberFormat on random numbers and digit counts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.double({ min: -1e7, max: 1e7 }),
          fc.integer().map(i => i / 1000),
        ),
        fc.integer({ min: 0, max: 3 }),
        (n, digits) => formatNumber(n, digits) === intl(n, digits),
      ),
      { numRuns: 2000 },
    );
  });
});
