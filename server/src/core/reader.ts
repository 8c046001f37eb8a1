// Reads typed fields out of the YAML tree, turning unit mistakes into PD003 findings at
// the offending value. Shape mistakes (a list where a duration belongs) are left to the
// JSON Schema (PD002) so one mistake gives one diagnostic.
import { Finding, Severity } from './types';
import { PMap, PNode, PScalar, PSeq, mapGet, mapPair, scalarText } from './yamlTree';
import { Parsed, parseCount, parseDuration, parseFactor, parseRate, parseRatio } from './units';

/** A number read from the document, with the node it came from (for ranges and edits). */
export interface Quantity {
  value: number;
  node: PScalar;
}

export class Reader {
  readonly findings: Finding[] = [];

  /** `text`: the file the tree was parsed from, to quote what was written. */
  constructor(private readonly text = '') {}

  report(
    code: string,
    severity: Severity,
    message: string,
    at: { start: number; end: number },
    data?: Record<string, unknown>,
  ): void {
    this.findings.push({ code, severity, message, start: at.start, end: at.end, ...(data ? { data } : {}) });
  }

  map(parent: PMap | undefined, key: string): PMap | undefined {
    const n = parent && mapGet(parent, key);
    return n && n.type === 'map' ? n : undefined;
  }

  seq(parent: PMap | undefined, key: string): PSeq | undefined {
    const n = parent && mapGet(parent, key);
    return n && n.type === 'seq' ? n : undefined;
  }

  /** Items of a list that are mappings (others are the schema's to report). */
  maps(parent: PMap | undefined, key: string): PMap[] {
    return (this.seq(parent, key)?.items ?? []).filter((i): i is PMap => i.type === 'map');
  }

  scalar(parent: PMap | undefined, key: string): PScalar | undefined {
    const n = parent && mapGet(parent, key);
    return n && n.type === 'scalar' && n.value !== null ? n : undefined;
  }

  string(parent: PMap | undefined, key: string): string | undefined {
    const n = this.scalar(parent, key);
    return n && (typeof n.value === 'string' || typeof n.value === 'number') ? scalarText(n.value) : undefined;
  }

  bool(parent: PMap | undefined, key: string): boolean {
    return this.scalar(parent, key)?.value === true;
  }

  has(parent: PMap | undefined, key: string): boolean {
    return !!parent && mapPair(parent, key) !== undefined;
  }

  duration(parent: PMap | undefined, key: string): Quantity | undefined {
    return this.quantity(parent, key, parseDuration);
  }
  rate(parent: PMap | undefined, key: string): Quantity | undefined {
    return this.quantity(parent, key, parseRate);
  }
  ratio(parent: PMap | undefined, key: string): Quantity | undefined {
    return this.quantity(parent, key, parseRatio);
  }
  /** A multiplier such as `10x` (§8 factor); PD003 when it is not a positive number. */
  factor(parent: PMap | undefined, key: string): Quantity | undefined {
    return this.quantity(parent, key, parseFactor);
  }

  count(parent: PMap | undefined, key: string): Quantity | undefined {
    const n = this.scalar(parent, key);
    if (!n || this.splitAtComma(parent!, n, key, parseCount)) return undefined;
    const r = parseCount(n.value);
    return r.ok ? this.inRange({ value: r.value, node: n }, key, '') : undefined;
  }

  /** A plain number (e.g. a safety factor); non-numbers are the schema's to report. */
  number(parent: PMap | undefined, key: string): Quantity | undefined {
    const n = this.scalar(parent, key);
    return n && typeof n.value === 'number' && Number.isFinite(n.value)
      ? this.inRange({ value: n.value, node: n }, key, '')
      : undefined;
  }

  private quantity(parent: PMap | undefined, key: string, parse: (v: unknown) => Parsed<number>): Quantity | undefined {
    const n = this.scalar(parent, key);
    if (!n || (typeof n.value !== 'string' && typeof n.value !== 'number')) return undefined;
    if (this.splitAtComma(parent!, n, key, parse)) return undefined;
    const r = parse(n.value);
    if (!r.ok) {
      const unitless = typeof n.value === 'number' && Number.isFinite(n.value) && parse === parseDuration;
      this.report('PD003', 'error', `${key}: ${r.error}`, n, unitless ? { fix: 'append-unit', unit: 'ms' } : undefined);
      return undefined;
    }
    return this.inRange({ value: r.value, node: n }, key, QUANTITY_UNIT.get(parse) ?? '');
  }

  /**
   * In a flow mapping a comma ends the entry, so `{ p99: 1,200 ms }` is `p99: 1` and a key
   * `200 ms`. A number followed at once by `,ddd` keys is that: PD003 over the whole of what was
   * written, with the quoted form as the fix (and `ms` when a duration has no unit).
   */
  private splitAtComma(parent: PMap, n: PScalar, key: string, parse: (v: unknown) => Parsed<number>): boolean {
    if (!parent.flow || typeof n.value !== 'number' || this.text[n.end] !== ',') return false;
    let i = parent.pairs.findIndex(p => p.value === n);
    let end = n.end;
    while (this.text[end] === ',') {
      const next = parent.pairs[i + 1];
      if (!next || next.value !== null || next.keyStart !== end + 1 || !/^\d{3}(?!\d)/.test(this.text.slice(end + 1)))
        break;
      end = next.keyEnd;
      i++;
    }
    if (end === n.end) return false;
    const written = this.text.slice(n.start, end);
    const quoted = parse === parseDuration && !parse(written).ok ? `${written}ms` : written;
    this.report(
      'PD003',
      'error',
      `${key}: YAML split ${written} at the comma (in { … } a comma separates entries) and read ${key}: ${n.value}: quote it, "${quoted}"`,
      { start: n.start, end },
      { fix: 'quote', text: `"${quoted}"` },
    );
    return true;
  }

  /** Figures multiply and divide quantities: outside this range they overflow to Infinity or lose all precision. */
  private inRange(q: Quantity, key: string, unit: string): Quantity | undefined {
    const size = Math.abs(q.value);
    if (size === 0 || (size >= QUANTITY_RANGE.min && size <= QUANTITY_RANGE.max)) return q;
    const written = String(q.node.value).trim();
    this.report(
      'PD006',
      'error',
      size > QUANTITY_RANGE.max
        ? `${key}: ${written} is beyond perfdoc's analysis limits (at most 1e15${unit})`
        : `${key}: ${written} is too small for perfdoc's figures (0, or at least 1e-9${unit})`,
      q.node,
    );
    return undefined;
  }
}

/** Magnitudes a quantity may have besides 0, in its canonical unit. Their products and quotients stay finite. */
export const QUANTITY_RANGE = { min: 1e-9, max: 1e15 };
const QUANTITY_UNIT = new Map<(v: unknown) => Parsed<number>, string>([
  [parseDuration, ' ms'],
  [parseRate, '/s'],
]);

export function keyRange(parent: PMap, key: string): { start: number; end: number } {
  const p = mapPair(parent, key);
  return p ? { start: p.keyStart, end: p.keyEnd } : firstLine(parent);
}

/** The first line of a node: where a squiggle on a whole mapping is least noisy. */
export function firstLine(node: PNode): { start: number; end: number } {
  if (node.type === 'map' && node.pairs.length) {
    const p = node.pairs[0];
    return { start: p.keyStart, end: p.value && p.value.type === 'scalar' ? p.value.end : p.keyEnd };
  }
  return { start: node.start, end: Math.min(node.end, node.start + 1) };
}
