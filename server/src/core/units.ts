// Quantities of spec §2 and §8: durations, rates, ratios, counts and factors, with precise
// errors (PD003). Numbers may group digits in threes (`1,200 ms`, `2,000 rps`), as the lesson writes them.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MS_PER = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000 };
/** Duration units (case-sensitive: `M` and `S` mean nothing here). `msec` is deliberately absent (§8). */
const DURATION_UNITS: Record<string, number> = {
  us: MS_PER.us,
  µs: MS_PER.us,
  microsecond: MS_PER.us,
  microseconds: MS_PER.us,
  ms: MS_PER.ms,
  millisecond: MS_PER.ms,
  milliseconds: MS_PER.ms,
  s: MS_PER.s,
  sec: MS_PER.s,
  secs: MS_PER.s,
  second: MS_PER.s,
  seconds: MS_PER.s,
  m: MS_PER.min,
  min: MS_PER.min,
  mins: MS_PER.min,
  minute: MS_PER.min,
  minutes: MS_PER.min,
  h: MS_PER.h,
  hr: MS_PER.h,
  hour: MS_PER.h,
  hours: MS_PER.h,
};
/** Per-second factor of the unit after the slash in `40/s`, `2400/minute`, `2,000 req/s`. */
const RATE_UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  min: 1 / 60,
  m: 1 / 60,
  minute: 1 / 60,
  h: 1 / 3600,
  hour: 1 / 3600,
};
/** A number as people write it: `1200`, `1,200`, `2,000,000.5`, `.5`, `1e3` (commas only between groups of three). */
const NUMBER = String.raw`([+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`;
const DURATION_RE = new RegExp(String.raw`^\s*${NUMBER}\s*([a-zA-Zµ]*)\s*$`);
/** `40/s`, `2400/minute`, and with what is counted before the slash: `2,000 req/s`, `50 msg/s`, `50 messages/s`. */
const RATE_SLASH_RE = new RegExp(String.raw`^\s*${NUMBER}\s*(?:req|requests|msg|messages)?\s*/\s*([a-zA-Z]+)\s*$`);
const RATE_RPS_RE = new RegExp(String.raw`^\s*${NUMBER}\s*rps\s*$`, 'i');
const BARE_NUMBER_RE = new RegExp(String.raw`^\s*${NUMBER}\s*$`);
const PERCENT_RE = new RegExp(String.raw`^\s*${NUMBER}\s*%\s*$`);
/** `10x`, `x10`, `×10` (a space is allowed between the sign and the number). */
const FACTOR_RE = new RegExp(String.raw`^\s*(?:${NUMBER}\s*x|[x×]\s*${NUMBER})\s*$`);
const COUNT_GROUPED_RE = /^\s*\d{1,3}(?:,\d{3})+\s*$/;
/** Runs of digits joined by commas (`1,20`, `12,0000`, `1,200`); grouping when each is `\d{1,3}(,\d{3})+`. */
const COMMA_DIGITS_RE = /\d[\d,]*,[\d,]*\d/g;
const GROUPING_RE = /^\d{1,3}(?:,\d{3})+$/;

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** The value of a matched NUMBER: grouping commas carry no value. */
const numberOf = (text: string): number => Number(text.replace(/,/g, ''));

function finite(n: number, what: string): Parsed<number> {
  if (!Number.isFinite(n)) return fail(`${what} must be a finite number`);
  if (n < 0) return fail(`${what} cannot be negative`);
  return ok(n);
}

/** Why a text with a comma inside a number is not one, or undefined when the comma is not the problem. */
function misgrouped(v: string, example: string): string | undefined {
  return (v.match(COMMA_DIGITS_RE) ?? []).some(run => !GROUPING_RE.test(run))
    ? `"${v.trim()}" has a comma that is not digit grouping: commas go between groups of three digits, e.g. ${example}`
    : undefined;
}

/** Milliseconds from `250us`, `40ms`, `1.2s`, `30min`, `2h`, `1,200 ms`, `2 seconds` (a space is allowed). */
export function parseDuration(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    // YAML's .nan and .inf are numbers too; "write NaNms" would be no help.
    if (!Number.isFinite(v)) return fail('a duration must be a finite number with a unit, e.g. 40ms');
    // Zero is the same in every unit: spec §10.7 writes `cooldown: 0` (no cooldown, CM007).
    if (v === 0) return ok(0);
    return fail(`duration ${v} has no unit: write ${v}ms (or s, min, h, us)`);
  }
  if (typeof v !== 'string') return fail(`expected a duration such as 40ms, got ${describe(v)}`);
  const m = DURATION_RE.exec(v);
  if (!m)
    return fail(
      misgrouped(v, '1,200 ms') ?? `"${v}" is not a duration: expected a number and a unit, e.g. 40ms or 1.2s`,
    );
  const unit = m[2];
  if (!unit && numberOf(m[1]) === 0) return ok(0);
  if (!unit) return fail(`duration ${m[1]} has no unit: write ${m[1]}ms (or s, min, h, us)`);
  const factor = Object.hasOwn(DURATION_UNITS, unit) ? DURATION_UNITS[unit] : undefined;
  if (factor === undefined)
    return fail(`unknown duration unit "${unit}" in "${v.trim()}": use us, ms, s/seconds, min/minutes or h/hours`);
  return finite(numberOf(m[1]) * factor, 'a duration');
}

/** Per second from a bare number, `40/s`, `2400/min`, `10/h`, `500 rps`, `2,000 RPS`, `50 msg/s`, `120/minute`. */
export function parseRate(v: unknown): Parsed<number> {
  if (typeof v === 'number') return finite(v, 'a rate');
  if (typeof v !== 'string') return fail(`expected a rate such as 40/s or 500, got ${describe(v)}`);
  const rps = RATE_RPS_RE.exec(v) ?? BARE_NUMBER_RE.exec(v);
  if (rps) return finite(numberOf(rps[1]), 'a rate');
  const m = RATE_SLASH_RE.exec(v);
  if (!m)
    return fail(
      misgrouped(v, '2,000 rps') ?? `"${v}" is not a rate: expected e.g. 40/s, 2400/min, 10/h, 500 rps or 50 msg/s`,
    );
  const factor = Object.hasOwn(RATE_UNITS, m[2]) ? RATE_UNITS[m[2]] : undefined;
  if (factor === undefined)
    return fail(`unknown rate unit "/${m[2]}" in "${v.trim()}": use /s, /min (/minute) or /h (/hour)`);
  return finite(numberOf(m[1]) * factor, 'a rate');
}

/** A fraction 0..1 from `20%` or `0.2`. */
export function parseRatio(v: unknown): Parsed<number> {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = PERCENT_RE.exec(v);
    if (m) n = Number(m[1]) / 100;
    else if (/^\s*[+-]?[\d.]+\s*$/.test(v)) n = Number(v);
    else return fail(`"${v}" is not a ratio: expected e.g. 20% or 0.2`);
  } else return fail(`expected a ratio such as 20% or 0.2, got ${describe(v)}`);
  if (!Number.isFinite(n)) return fail('a ratio must be a finite number');
  if (n < 0 || n > 1) return fail(`ratio ${typeof v === 'string' ? v.trim() : v} is outside 0..100%`);
  return ok(n);
}

/**
 * A non-negative integer: a YAML number, or digits grouped in threes (`2,000,000`), which YAML
 * reads as text. A quoted number without grouping ("3") stays text, as in v1.
 */
export function parseCount(v: unknown): Parsed<number> {
  const n = typeof v === 'string' && COUNT_GROUPED_RE.test(v) ? numberOf(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    return fail(
      (typeof v === 'string' && misgrouped(v, '2,000,000')) || `expected a whole number ≥ 0, got ${describe(v)}`,
    );
  return ok(n);
}

/** A multiplier (§8 factor): a positive number, also written `10x`, `x10` or `×10`. */
export function parseFactor(v: unknown): Parsed<number> {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = FACTOR_RE.exec(v) ?? BARE_NUMBER_RE.exec(v);
    if (!m) return fail(misgrouped(v, '1,000x') ?? `"${v}" is not a factor: expected e.g. 10x, x10, ×10 or 1.5`);
    n = numberOf(m[1] ?? m[2]);
  } else return fail(`expected a factor such as 10x or 1.5, got ${describe(v)}`);
  if (!Number.isFinite(n)) return fail('a factor must be a finite number');
  if (n <= 0) return fail(`a factor must be above 0, got ${typeof v === 'string' ? v.trim() : v}`);
  return ok(n);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'object') return Array.isArray(v) ? 'a list' : 'a mapping';
  return String(v);
}

// --- formatting shared by messages, hovers, inlay hints and the CLI ---

/** `480 ms`, `1.2 s`, `30 min`: the unit a reader would use (negative values keep their sign). */
export function formatMs(ms: number): string {
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms >= 3_600_000 && ms % 60_000 === 0) return `${formatNumber(ms / 3_600_000, 2)} h`;
  if (ms >= 60_000 && ms % 1000 === 0) return `${formatNumber(ms / 60_000, 2)} min`;
  if (ms >= 1000) return `${formatNumber(ms / 1000, 2)} s`;
  if (ms < 1 && ms > 0) return `${formatNumber(ms * 1000, 1)} µs`;
  return `${formatNumber(ms, 1)} ms`;
}

let intlFormats: Map<number, Intl.NumberFormat> | undefined;

/**
 * `2,000,000`, `27.8`: en-US digit groups and at most `digits` decimals, as Intl.NumberFormat
 * writes them (property-tested against it), without Intl: the first Intl.NumberFormat of a
 * process loads ICU's locale data, 10-35 ms of a `perfdoc check` on one small file.
 */
export function formatNumber(n: number, digits = 1): string {
  const r = round(n, digits);
  // Below 2^52 units of the last decimal, toFixed's digits are Intl's (the shortest that
  // round-trip); figures that large (never seen in a design) and the non-finite go to Intl.
  if (!(Math.abs(r) * 10 ** digits < 2 ** 52)) {
    intlFormats ??= new Map();
    let f = intlFormats.get(digits);
    if (!f) intlFormats.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
    return f.format(r);
  }
  const [whole, fraction = ''] = Math.abs(r).toFixed(digits).split('.');
  const decimals = fraction.replace(/0+$/, '');
  const sign = r < 0 || Object.is(r, -0) ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${decimals ? `.${decimals}` : ''}`;
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${formatNumber(fraction * 100, digits)}%`;
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
