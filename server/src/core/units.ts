// Quantities of spec §2: durations, rates, ratios and counts, with precise errors (PD003).

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DURATION_UNITS: Record<string, number> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
};
const RATE_UNITS: Record<string, number> = { s: 1, sec: 1, min: 1 / 60, m: 1 / 60, h: 1 / 3600 };
const NUMBER = String.raw`([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`;
const DURATION_RE = new RegExp(String.raw`^\s*${NUMBER}\s*([a-zA-Zµ]*)\s*$`);
const RATE_SLASH_RE = new RegExp(String.raw`^\s*${NUMBER}\s*/\s*([a-zA-Z]+)\s*$`);
const RATE_RPS_RE = new RegExp(String.raw`^\s*${NUMBER}\s*rps\s*$`, 'i');
const PERCENT_RE = new RegExp(String.raw`^\s*${NUMBER}\s*%\s*$`);

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

function finite(n: number, what: string): Parsed<number> {
  if (!Number.isFinite(n)) return fail(`${what} must be a finite number`);
  if (n < 0) return fail(`${what} cannot be negative`);
  return ok(n);
}

/** Milliseconds from `250us`, `40ms`, `1.2s`, `30m`, `30min`, `2h` (a space is allowed). */
export function parseDuration(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    // YAML's .nan and .inf are numbers too; "write NaNms" would be no help.
    if (!Number.isFinite(v)) return fail('a duration must be a finite number with a unit, e.g. 40ms');
    return fail(`duration ${v} has no unit: write ${v}ms (or s, min, h, us)`);
  }
  if (typeof v !== 'string') return fail(`expected a duration such as 40ms, got ${describe(v)}`);
  const m = DURATION_RE.exec(v);
  if (!m) return fail(`"${v}" is not a duration: expected a number and a unit, e.g. 40ms or 1.2s`);
  const unit = m[2];
  if (!unit) return fail(`duration ${m[1]} has no unit: write ${m[1]}ms (or s, min, h, us)`);
  const factor = DURATION_UNITS[unit];
  if (factor === undefined) return fail(`unknown duration unit "${unit}" in "${v.trim()}": use us, ms, s, m/min or h`);
  return finite(Number(m[1]) * factor, 'a duration');
}

/** Requests (or messages) per second from a bare number, `40/s`, `2400/min`, `10/h`, `500 rps`. */
export function parseRate(v: unknown): Parsed<number> {
  if (typeof v === 'number') return finite(v, 'a rate');
  if (typeof v !== 'string') return fail(`expected a rate such as 40/s or 500, got ${describe(v)}`);
  const rps = RATE_RPS_RE.exec(v);
  if (rps) return finite(Number(rps[1]), 'a rate');
  const m = RATE_SLASH_RE.exec(v);
  if (!m) {
    if (/^\s*[+-]?[\d.]+\s*$/.test(v)) return finite(Number(v), 'a rate');
    return fail(`"${v}" is not a rate: expected e.g. 40/s, 2400/min, 10/h or 500 rps`);
  }
  const factor = RATE_UNITS[m[2]];
  if (factor === undefined) return fail(`unknown rate unit "/${m[2]}" in "${v.trim()}": use /s, /min or /h`);
  return finite(Number(m[1]) * factor, 'a rate');
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

/** A non-negative integer. */
export function parseCount(v: unknown): Parsed<number> {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    return fail(`expected a whole number ≥ 0, got ${describe(v)}`);
  return ok(v);
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

const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(n: number, digits = 1): string {
  let f = numberFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    numberFormats.set(digits, f);
  }
  return f.format(round(n, digits));
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${formatNumber(fraction * 100, digits)}%`;
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
