// A few helpers for writing SVG as strings. Hand-written SVG rather than a chart library: the
// charts are bars, lines and labels on linear axes; they must render in Node with no DOM (D3
// and friends need jsdom there, Vega/Chart.js need a script in the page, which the webview's
// CSP and the self-contained report both rule out); every element needs our own `data-line`
// and theme classes; and the output stays a few kilobytes per document.

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** `<name attrs>body</name>`; attribute values are escaped, numbers rounded to 0.1 px, false/null/undefined left out. */
export function tag(name: string, attrs: Attrs, body = ''): string {
  let a = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    a += v === true ? ` ${k}` : ` ${k}="${esc(typeof v === 'number' ? String(Math.round(v * 10) / 10) : v)}"`;
  }
  return `<${name}${a}>${body}</${name}>`;
}

/** The root `<svg>` of a chart: its own pixel size (the page scales it down to fit), labelled for screen readers. */
export function chartRoot(label: string, width: number, height: number, body: string, cls = ''): string {
  return tag(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: `pd-chart ${cls}`.trim(),
      viewBox: `0 0 ${Math.round(width * 10) / 10} ${Math.round(height * 10) / 10}`,
      width,
      height,
      role: 'img',
      'aria-label': label,
    },
    body,
  );
}

/** Attributes that make an element reveal its YAML line when clicked (or activated by keyboard). */
export function lineLink(line: number): Attrs {
  return { 'data-line': line, tabindex: 0, role: 'button' };
}

/** A `<title>` child: the tooltip with the exact figures, and the element's accessible name. */
export function tooltip(text: string): string {
  return tag('title', {}, esc(text));
}

/** Linear scale from [0, max] onto [x0, x1] pixels. */
export class Scale {
  constructor(
    readonly max: number,
    readonly x0: number,
    readonly x1: number,
  ) {}

  at(v: number): number {
    return this.x0 + (this.max > 0 ? Math.max(0, Math.min(v, this.max)) / this.max : 0) * (this.x1 - this.x0);
  }

  /** Pixel width from a to b (never negative). */
  span(a: number, b: number): number {
    return Math.max(0, this.at(b) - this.at(a));
  }
}

/** A round tick step for an axis up to `max` with about `count` ticks: 1, 2, 2.5 or 5 × 10^k. */
export function tickStep(max: number, count = 5): number {
  const raw = max > 0 ? max / count : 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw)!;
}

/** The axis end: `max` rounded up to a whole tick step, and the ticks from 0 to it. */
export function axis(max: number, count = 5): { max: number; ticks: number[] } {
  const step = tickStep(max, count);
  const end = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; i * step <= end + 1e-9; i++) ticks.push(i * step);
  return { max: end, ticks };
}

/** Width of an average character of the 12 px chart font, for fitting text without a DOM to measure it. */
export const CHAR_W = 6.6;

/** Shortens a label to about `width` pixels of 12 px text (the full text goes in the tooltip). */
export function fit(text: string, width: number): string {
  const chars = Math.max(4, Math.floor(width / CHAR_W));
  return text.length <= chars ? text : text.slice(0, chars - 1) + '…';
}
