// The demand-flow diagram of a CapacityModel (§4.3, §6, §10): traffic enters at the top and
// flows down through the tiers, each arrow with the rate it carries and the calls it holds in
// flight (Little's law), pools and connection limits as gauges, and whatever is over its limit
// in the error colour. Beside it, what breaks first: the ranked multiples of peak at which each
// limit is reached, and the same two charts for each scenario and for the §21 what-ifs.
// This file is the shape of what is drawn and the drawing; the numbers come from the core's
// figures through flowModel.ts, so they match the diagnostics, the hovers and the CLI.
import { formatMs, formatNumber, formatPercent } from '../core/units';
import { DEFAULT_LAYOUT, Layout, Point, layeredLayout } from './layout';
import type { Status } from './model';
import { type Figure, statusClass } from './render';
import { CHAR_W, Scale, axis, chartRoot, esc, fit, lineLink, tag, tooltip } from './svg';

export type FlowNodeKind = 'traffic' | 'compute' | 'data' | 'cache' | 'queue' | 'tier';

export interface Gauge {
  /** What the gauge measures; sets its scale and wording. */
  measure: 'utilization' | 'failover' | 'connections' | 'drain' | 'hits';
  /** null: the figure cannot be computed (e.g. unbounded callers make connections unknown). */
  value: number | null;
  /** The limit it is held to (max utilization, max connections, target drain time…). */
  limit: number | null;
  status: Status;
  /** Why `value` is null, when it is. */
  missing?: string;
}

export interface FlowNode {
  /** Unique in the chart: tiers and queues may share a name. */
  id: string;
  name: string;
  kind: FlowNodeKind;
  line: number;
  /** Requests per second the node serves at peak (a queue: messages per second its workers take). */
  rps: number | null;
  /** In flight at peak (traffic: the whole request; a tier: its own service time). */
  inFlight: number | null;
  units: { min: number | null; max: number | null } | null;
  /** The resource dimension that limits a unit (§6.1). */
  bottleneck: string | null;
  /** A queue: its backlog and the messages arriving while it drains. */
  backlog: number | null;
  arrivalRate: number | null;
  /** A queue: its workers (declared, or its consumer tier's max units) and what each takes per second. */
  workers: number | null;
  ratePerWorker: number | null;
  gauges: Gauge[];
  status: Status;
}

export type FlowEdgeKind = 'traffic' | 'call' | 'miss' | 'consumer';

export interface FlowEdge {
  from: string;
  to: string;
  kind: FlowEdgeKind;
  rps: number | null;
  inFlight: number | null;
  pool: number | null;
  line: number;
  status: Status;
}

export interface FlowChart {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export interface Constraint {
  name: string;
  kind: 'tier' | 'pool' | 'quota';
  /** The multiple of peak traffic at which the limit is reached. */
  multiple: number;
  rps: number;
  line: number;
}

/** One state of the model: as designed, a declared scenario, or a §21 what-if. */
export interface CapacityView {
  title: string;
  /** The scenario's `name:` line (null for the base and the undeclared what-ifs). */
  line: number | null;
  peakRps: number | null;
  flow: FlowChart;
  /** Sorted by multiple, ascending: the first is the breaking point. */
  constraints: Constraint[];
}

/** The model as designed, each declared scenario, and the three §21 what-ifs. */
export interface CapacityViews {
  base: CapacityView;
  scenarios: CapacityView[];
  whatIfs: CapacityView[];
}

/** A constraint reached below peak traffic: it breaks in this state of the model. */
export const breaks = (c: { multiple: number }) => c.multiple < 1;

const rps = (n: number) => `${formatNumber(n)} rps`;
const count = (n: number) => formatNumber(n, 0);
const multiple = (m: number) => `${formatNumber(m, 2)}×`;
const SMALL_CHAR_W = 6.1; // 10 px text, bold when over a limit
const DETAIL_CHAR_W = 6.1; // 11 px text

// --- the flow diagram ---

const BOX_W = 192;
const NAME_H = 22;
const DETAIL_H = 15;
const GAUGE_H = 22;
const ARROW = 7;

const headerHeight = (n: FlowNode) => NAME_H + details(n).length * DETAIL_H + 2;
const boxHeight = (n: FlowNode) => headerHeight(n) + n.gauges.length * GAUGE_H + 6;

const KIND_LABEL: Record<FlowNodeKind, string> = {
  traffic: '',
  compute: 'compute',
  data: 'data',
  cache: 'cache',
  queue: 'queue',
  tier: 'tier',
};

/** The lines under a box's name: what it carries. */
function details(n: FlowNode): string[] {
  if (n.kind === 'traffic')
    return [
      [n.rps === null ? 'no peakRps' : rps(n.rps), n.inFlight === null ? null : `${count(n.inFlight)} in flight`]
        .filter(Boolean)
        .join(' · '),
    ];
  if (n.kind === 'queue')
    return [
      n.backlog === null ? 'no backlog' : `backlog ${count(n.backlog)}`,
      n.workers === null
        ? 'no workers'
        : `${count(n.workers)} workers${n.ratePerWorker === null ? '' : ` × ${formatNumber(n.ratePerWorker)}/s`}`,
      ...(n.arrivalRate ? [`arriving ${formatNumber(n.arrivalRate)}/s`] : []),
    ];
  const units =
    n.units && n.units.max !== null
      ? n.units.min !== null && n.units.min !== n.units.max
        ? `${n.units.min}–${n.units.max} units`
        : `${n.units.max} units`
      : n.units
        ? 'no max units'
        : null;
  const line = [units, n.rps === null ? null : rps(n.rps)].filter(Boolean).join(' · ');
  return line ? [line] : [];
}

interface GaugeText {
  text: string;
  /** Fill of the bar, 0..1 of its width, and where the limit tick goes. */
  fill: number;
  tick: number | null;
  title: string;
}

function gaugeText(g: Gauge): GaugeText {
  const v = g.value;
  const l = g.limit;
  switch (g.measure) {
    case 'utilization': {
      // Scaled to 100% of the units at max scale; over 100% the bar is full and red.
      const text =
        v === null
          ? (g.missing ?? 'utilization n/a')
          : `${formatPercent(v)} at peak${l === null ? '' : ` · max ${formatPercent(l)}`}`;
      return { text, fill: v ?? 0, tick: l, title: `utilization at peak at max scale: ${text}` };
    }
    case 'failover': {
      const text = v === null ? (g.missing ?? 'one zone lost: n/a') : `one zone lost: ${formatPercent(v)}`;
      return { text, fill: v ?? 0, tick: l, title: `utilization of the survivors with one zone lost: ${text}` };
    }
    case 'connections': {
      const text =
        v === null
          ? (g.missing ?? 'unbounded callers')
          : l === null
            ? `${count(v)} connections`
            : `${count(v)} of ${count(l)} connections`;
      const scale = Math.max(v ?? 0, l ?? 0) || 1;
      return {
        text,
        fill: v === null ? 1 : v / scale,
        tick: l === null ? null : l / scale,
        title: `connections opened into this tier at max scale: ${text}`,
      };
    }
    case 'drain': {
      const d = (s: number) => formatMs(Math.round(s) * 1000);
      const text = v === null ? (g.missing ?? 'never drains') : `drains in ${d(v)}${l === null ? '' : ` / ${d(l)}`}`;
      const scale = Math.max(v ?? 0, l ?? 0) || 1;
      return {
        text,
        fill: v === null ? 1 : v / scale,
        tick: l === null ? null : l / scale,
        title: `time to drain the backlog with the declared workers${l === null ? '' : ', against the target drainTime'}: ${text}`,
      };
    }
    case 'hits': {
      const text = v === null ? 'no hitRatio' : `hit ${formatPercent(v)} · miss ${formatPercent(1 - v)}`;
      return { text, fill: v ?? 0, tick: null, title: `cache hits served here, misses passed on: ${text}` };
    }
  }
}

function gaugeSvg(g: Gauge, x: number, y: number, width: number): string {
  const t = gaugeText(g);
  const cls = statusClass(g.status);
  const barY = y + 13;
  const inner = width - 16;
  const fillW = Math.max(0, Math.min(1, t.fill)) * inner;
  const bar =
    g.measure === 'hits'
      ? tag('rect', { x: x + 8, y: barY, width: fillW, height: 6, class: 'pd-flow-hit' }) +
        tag('rect', { x: x + 8 + fillW, y: barY, width: inner - fillW, height: 6, class: 'pd-flow-miss' })
      : tag('rect', { x: x + 8, y: barY, width: inner, height: 6, class: 'pd-flow-track' }) +
        tag('rect', { x: x + 8, y: barY, width: fillW, height: 6, class: `pd-flow-fill${cls}` });
  const tick =
    t.tick === null || t.tick > 1
      ? ''
      : tag('line', {
          x1: x + 8 + t.tick * inner,
          x2: x + 8 + t.tick * inner,
          y1: barY - 2,
          y2: barY + 8,
          class: 'pd-flow-tick',
        });
  return tag(
    'g',
    { class: `pd-gauge pd-gauge-${g.measure}` },
    tooltip(t.title) +
      tag(
        'text',
        { x: x + 8, y: y + 10, class: `pd-flow-small${cls}` },
        esc(fit(t.text, (inner * CHAR_W) / SMALL_CHAR_W)),
      ) +
      bar +
      tick,
  );
}

function nodeSvg(n: FlowNode, x: number, y: number): string {
  const h = boxHeight(n);
  const cls = statusClass(n.status);
  const kind = KIND_LABEL[n.kind] + (n.bottleneck ? ` · ${n.bottleneck}` : '');
  const kindW = kind.length * SMALL_CHAR_W;
  const lines = details(n);
  const title = `${KIND_LABEL[n.kind] || n.kind} ${n.name}: ${lines.join(', ')}`;
  const body =
    tag('rect', { x, y, width: BOX_W, height: h, rx: 4, class: `pd-flow-box pd-flow-${n.kind}${cls}` }) +
    tag('text', { x: x + 8, y: y + 15, class: `pd-strong${cls}` }, esc(fit(n.name, BOX_W - 24 - kindW))) +
    tag('text', { x: x + BOX_W - 8, y: y + 15, class: 'pd-flow-small pd-muted', 'text-anchor': 'end' }, esc(kind)) +
    lines
      .map((l, i) =>
        tag(
          'text',
          { x: x + 8, y: y + 31 + i * DETAIL_H, class: 'pd-flow-detail' },
          esc(fit(l, ((BOX_W - 16) * CHAR_W) / DETAIL_CHAR_W)),
        ),
      )
      .join('') +
    n.gauges.map((g, i) => gaugeSvg(g, x, y + headerHeight(n) + i * GAUGE_H, BOX_W)).join('');
  return tag(
    'g',
    { class: `pd-flow-node${cls}`, 'data-node': n.id, ...(n.kind === 'traffic' && n.line < 0 ? {} : lineLink(n.line)) },
    tooltip(title) + body,
  );
}

/** The edge's label: the rate it carries and, for a call, its in-flight against its pool. */
function edgeLabel(e: FlowEdge): string[] {
  if (e.kind === 'consumer') return ['runs its workers'];
  const first =
    e.rps === null ? (e.kind === 'miss' ? 'misses' : '') : e.kind === 'miss' ? `misses ${rps(e.rps)}` : rps(e.rps);
  const second =
    e.inFlight === null
      ? e.pool === null
        ? null
        : `pool ${count(e.pool)}`
      : `${formatNumber(e.inFlight)} in flight${e.pool === null ? '' : ` / pool ${count(e.pool)}`}`;
  return [first, second].filter((s): s is string => !!s);
}

/** A smooth path through the points: vertical tangents at each point, like a layered diagram's. */
function curve(points: Point[], selfLoop: boolean): string {
  if (selfLoop) {
    const [a, b, c, d] = points;
    return `M${r(a.x)},${r(a.y)} C${r(b.x)},${r(b.y)} ${r(c.x)},${r(c.y)} ${r(d.x)},${r(d.y)}`;
  }
  let path = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1];
    const b = points[k];
    const dy = (b.y - a.y) / 2;
    path += ` C${r(a.x)},${r(a.y + dy)} ${r(b.x)},${r(b.y - dy)} ${r(b.x)},${r(b.y)}`;
  }
  return path;
}
const r = (n: number) => Math.round(n * 10) / 10;

function arrowHead(tip: Point, dir: 'down' | 'up' | 'left', cls: string): string {
  const [a, b] =
    dir === 'down'
      ? [
          { x: tip.x - ARROW / 2, y: tip.y - ARROW },
          { x: tip.x + ARROW / 2, y: tip.y - ARROW },
        ]
      : dir === 'up'
        ? [
            { x: tip.x - ARROW / 2, y: tip.y + ARROW },
            { x: tip.x + ARROW / 2, y: tip.y + ARROW },
          ]
        : [
            { x: tip.x + ARROW, y: tip.y - ARROW / 2 },
            { x: tip.x + ARROW, y: tip.y + ARROW / 2 },
          ];
  return tag('path', {
    d: `M${r(tip.x)},${r(tip.y)} L${r(a.x)},${r(a.y)} L${r(b.x)},${r(b.y)} Z`,
    class: `pd-flow-head${cls}`,
  });
}

interface PlacedLabel {
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  edge: number;
}

const LABEL_LINE = 12;
const POOL_BAR = 6;

/**
 * Labels sit on the stretch of their edge that leaves the upper of its two boxes, at the
 * middle of the gap under that box's layer; labels in one gap are pushed apart sideways so
 * that they never overlap, and the gap's row of labels is kept centred where the edges are.
 */
function placeLabels(layout: Layout, labels: string[][], withPool: boolean[]): PlacedLabel[] {
  const layerOf = new Map(layout.nodes.map(n => [n.id, n.layer]));
  const byGap = new Map<number, PlacedLabel[]>();
  layout.edges.forEach((e, i) => {
    if (!labels[i].length || e.selfLoop) return;
    const upper = e.reversed ? layerOf.get(e.to)! : layerOf.get(e.from)!;
    const [a, b] = e.reversed
      ? [e.points[e.points.length - 1], e.points[e.points.length - 2]]
      : [e.points[0], e.points[1]];
    const gap = layout.layers[upper];
    const next = layout.layers[upper + 1];
    const y = (gap.top + gap.height + next.top) / 2;
    // Where the curve (vertical tangents at both ends) crosses the gap's middle line.
    const t = Math.max(0, Math.min(1, (y - a.y) / (b.y - a.y || 1)));
    const ease = t * t * (3 - 2 * t);
    const width = Math.max(...labels[i].map(s => s.length)) * SMALL_CHAR_W + 8;
    const height = labels[i].length * LABEL_LINE + 3 + (withPool[i] ? POOL_BAR + 2 : 0);
    const label = { lines: labels[i], x: a.x + (b.x - a.x) * ease, y, width, height, edge: i };
    byGap.set(upper, [...(byGap.get(upper) ?? []), label]);
  });
  for (const group of byGap.values()) {
    group.sort((a, b) => a.x - b.x || a.edge - b.edge);
    const wanted = group.map(g => g.x);
    for (let k = 1; k < group.length; k++) {
      const min = group[k - 1].x + (group[k - 1].width + group[k].width) / 2 + 4;
      if (group[k].x < min) group[k].x = min;
    }
    const shift = group.reduce((sum, g, k) => sum + wanted[k] - g.x, 0) / group.length;
    const left = Math.min(...group.map(g => g.x + shift - g.width / 2));
    // Centred on the edges, but never left of the picture.
    const move = left < 4 ? shift + 4 - left : shift;
    for (const g of group) g.x += move;
  }
  return [...byGap.values()].flat().sort((a, b) => a.edge - b.edge);
}

export function flowSvg(c: FlowChart, label: string): string {
  const byId = new Map(c.nodes.map(n => [n.id, n]));
  const edges = c.edges.filter(e => byId.has(e.from) && byId.has(e.to));
  const layout = layeredLayout(
    c.nodes.map(n => ({ id: n.id, width: BOX_W, height: boxHeight(n) })),
    edges.map(e => ({ from: e.from, to: e.to })),
    { ...DEFAULT_LAYOUT, layerGap: 64, nodeGap: 28, margin: 8 },
  );
  const texts = edges.map(edgeLabel);
  const labels = placeLabels(
    layout,
    texts,
    edges.map(e => e.pool !== null && e.inFlight !== null),
  );
  const maxRps = Math.max(1, ...edges.map(e => e.rps ?? 0));
  const width = Math.max(
    layout.width,
    ...labels.map(l => l.x + l.width / 2 + 8),
    ...layout.edges.filter(e => e.selfLoop).map(e => e.points[1].x + 8),
  );
  const edgeSvg = layout.edges
    .map((le, i) => {
      const e = edges[i];
      const cls = statusClass(e.status);
      const points = le.points.map(p => ({ ...p }));
      const end = points[points.length - 1];
      const dir = le.selfLoop ? 'left' : le.reversed ? 'up' : 'down';
      const tip = { ...end };
      // Stop the line where the arrowhead starts.
      if (dir === 'down') end.y -= ARROW - 1;
      else if (dir === 'up') end.y += ARROW - 1;
      else end.x += ARROW - 1;
      const strokeWidth = e.rps === null ? 1.5 : 1.25 + 2.75 * Math.min(1, e.rps / maxRps);
      const title = `${e.from.replace(/^\w+:/, '')} → ${e.to.replace(/^\w+:/, '')}: ${texts[i].join(', ') || e.kind}${le.reversed ? ' (closes a cycle: no demand computed along it)' : ''}`;
      return tag(
        'g',
        {
          class: `pd-flow-edge pd-edge-${e.kind}${le.reversed ? ' pd-edge-cycle' : ''}${cls}`,
          ...(e.line >= 0 ? lineLink(e.line) : {}),
        },
        tooltip(title) +
          tag('path', { d: curve(points, le.selfLoop), class: `pd-flow-line${cls}`, 'stroke-width': strokeWidth }) +
          arrowHead(tip, dir, cls),
      );
    })
    .join('');
  const labelSvg = labels
    .map(l => {
      const e = edges[l.edge];
      const cls = statusClass(e.status);
      const top = l.y - l.height / 2;
      const x0 = l.x - l.width / 2;
      const pool =
        e.pool !== null && e.inFlight !== null
          ? (() => {
              // The pool as a gauge: in flight against the connections the callers hold.
              const barY = top + l.lines.length * LABEL_LINE + 3;
              const inner = l.width - 8;
              const scale = Math.max(e.pool, e.inFlight) || 1;
              return (
                tag('rect', { x: x0 + 4, y: barY, width: inner, height: POOL_BAR - 2, class: 'pd-flow-track' }) +
                tag('rect', {
                  x: x0 + 4,
                  y: barY,
                  width: (inner * e.inFlight) / scale,
                  height: POOL_BAR - 2,
                  class: `pd-flow-fill${cls}`,
                }) +
                tag('line', {
                  x1: x0 + 4 + (inner * e.pool) / scale,
                  x2: x0 + 4 + (inner * e.pool) / scale,
                  y1: barY - 1,
                  y2: barY + POOL_BAR - 1,
                  class: 'pd-flow-tick',
                })
              );
            })()
          : '';
      return tag(
        'g',
        { class: `pd-flow-label${cls}` },
        tag('rect', { x: x0, y: top, width: l.width, height: l.height, rx: 2, class: 'pd-flow-label-bg' }) +
          l.lines
            .map((s, k) =>
              tag(
                'text',
                { x: l.x, y: top + 10 + k * LABEL_LINE, 'text-anchor': 'middle', class: `pd-flow-small${cls}` },
                esc(s),
              ),
            )
            .join('') +
          pool,
      );
    })
    .join('');
  const nodeSvgs = layout.nodes.map(p => nodeSvg(byId.get(p.id)!, p.x, p.y)).join('');
  return chartRoot(label, width, layout.height, edgeSvg + nodeSvgs + labelSvg, 'pd-flow');
}

// --- what breaks first: the constraints ranked by the multiple of peak at which they are reached ---

const C_W = 600;
const C_LABEL = 190;
const C_X0 = 198;
const C_X1 = 470;
const C_ROW = 22;
const C_BAR = 14;
/** Multiples above this are drawn to the edge of the chart and marked as such: the tight ones matter. */
const C_MAX = 10;

const KIND_WORD: Record<Constraint['kind'], string> = { tier: 'tier', pool: 'pool', quota: 'quota' };

export function constraintsSvg(v: CapacityView, label: string): string {
  const top = 24;
  if (!v.constraints.length)
    return chartRoot(
      label,
      C_W,
      28,
      tag(
        'text',
        { x: 4, y: 16, class: 'pd-note' },
        esc('no traffic-bound limit: no tier with unitRps, pool or quota'),
      ),
    );
  const largest = Math.max(...v.constraints.map(c => c.multiple));
  const ax = axis(Math.min(C_MAX, Math.max(1.25, largest)));
  const valueOf = (c: Constraint, first: boolean) =>
    `${multiple(c.multiple)} · ${rps(c.rps)}${first ? ' · breaks first' : ''}`;
  // The plot ends where the longest value, written after a bar at the axis end, still fits.
  const longest = Math.max(
    ...v.constraints.map((c, i) => (c.multiple >= ax.max * 0.6 ? valueOf(c, i === 0).length : 0)),
  );
  const x1 = Math.max(C_X0 + 120, Math.min(C_X1, C_W - 8 - longest * CHAR_W));
  const scale = new Scale(ax.max, C_X0, x1);
  const bottom = top + v.constraints.length * C_ROW;
  const grid = ax.ticks
    .map(
      t =>
        tag('line', { x1: scale.at(t), x2: scale.at(t), y1: top - 4, y2: bottom, class: 'pd-grid' }) +
        tag('text', { x: scale.at(t), y: bottom + 13, class: 'pd-tick', 'text-anchor': 'middle' }, esc(multiple(t))),
    )
    .join('');
  const rows = v.constraints
    .map((c, i) => {
      const y = top + i * C_ROW;
      const first = i === 0;
      const broken = breaks(c);
      const cls = broken ? ' pd-st-error' : first ? ' pd-first' : '';
      const clipped = c.multiple > ax.max;
      const value = valueOf(c, first);
      const valueX = Math.min(scale.at(c.multiple) + 4, C_W - 4 - value.length * CHAR_W);
      return tag(
        'g',
        { class: `pd-constraint${first ? ' pd-breaking' : ''}${broken ? ' pd-broken' : ''}`, ...lineLink(c.line) },
        tooltip(
          `${KIND_WORD[c.kind]} ${c.name}: reached at ${multiple(c.multiple)} peak (${rps(c.rps)})${broken ? ': below peak, it breaks' : ''}${first ? '; the breaking point' : ''}`,
        ) +
          tag(
            'text',
            { x: 4, y: y + C_BAR - 3, class: `pd-label${first ? ' pd-strong' : ''}${broken ? ' pd-st-error' : ''}` },
            esc(fit(c.name, C_LABEL - (KIND_WORD[c.kind].length + 1) * SMALL_CHAR_W)) +
              tag('tspan', { class: 'pd-muted' }, esc(` ${KIND_WORD[c.kind]}`)),
          ) +
          tag('rect', {
            x: C_X0,
            y,
            width: scale.span(0, c.multiple),
            height: C_BAR,
            class: `pd-bar pd-constraint-bar pd-constraint-${c.kind}${cls}`,
          }) +
          (clipped ? tag('text', { x: x1 - 10, y: y + C_BAR - 3, class: 'pd-flow-small' }, '›') : '') +
          tag('text', { x: valueX, y: y + C_BAR - 3, class: `pd-value${cls}` }, esc(value)),
      );
    })
    .join('');
  const one = scale.at(1);
  const peakLine =
    tag('line', { x1: one, x2: one, y1: top - 8, y2: bottom + 2, class: 'pd-limit pd-peak-line' }) +
    tag(
      'text',
      { x: one, y: top - 11, class: 'pd-target-label pd-strong', 'text-anchor': 'middle' },
      esc(v.peakRps === null ? '1× peak' : `1× peak ${rps(v.peakRps)}`),
    );
  return chartRoot(label, C_W, bottom + 20, grid + rows + peakLine, 'pd-constraints');
}

// --- the §21 what-ifs: what breaks in each ---

const W_ROW = 36;

export function whatIfsSvg(base: CapacityView, whatIfs: CapacityView[], label: string): string {
  const views = [base, ...whatIfs];
  const top = 24;
  const firsts = views.map(v => v.constraints[0]?.multiple ?? null);
  const ax = axis(Math.min(C_MAX, Math.max(1.25, ...firsts.map(m => m ?? 0))));
  const scale = new Scale(ax.max, C_X0, C_X1);
  const bottom = top + views.length * W_ROW;
  const grid = ax.ticks
    .map(
      t =>
        tag('line', { x1: scale.at(t), x2: scale.at(t), y1: top - 4, y2: bottom - 14, class: 'pd-grid' }) +
        tag('text', { x: scale.at(t), y: bottom - 1, class: 'pd-tick', 'text-anchor': 'middle' }, esc(multiple(t))),
    )
    .join('');
  const rows = views
    .map((v, i) => {
      const y = top + i * W_ROW;
      const first = v.constraints[0];
      const broken = v.constraints.filter(breaks);
      const cls = broken.length ? ' pd-st-error' : '';
      const verdict = !first
        ? 'no traffic-bound limit'
        : broken.length
          ? `breaks at peak: ${broken.map(c => `${c.name} ${multiple(c.multiple)}`).join(', ')}`
          : `holds at peak; first ${first.name} at ${multiple(first.multiple)}`;
      const bar = first
        ? tag('rect', {
            x: C_X0,
            y,
            width: scale.span(0, first.multiple),
            height: C_BAR,
            class: `pd-bar pd-constraint-bar pd-constraint-${first.kind}${cls}`,
          }) +
          tag(
            'text',
            { x: Math.min(scale.at(first.multiple) + 4, C_W - 60), y: y + C_BAR - 3, class: `pd-value${cls}` },
            esc(multiple(first.multiple)),
          )
        : '';
      return tag(
        'g',
        { class: `pd-whatif${broken.length ? ' pd-broken' : ''}`, ...(v.line === null ? {} : lineLink(v.line)) },
        tooltip(`${v.title}: ${verdict}`) +
          tag(
            'text',
            { x: 4, y: y + C_BAR - 3, class: `pd-label${i === 0 ? ' pd-strong' : ''}` },
            esc(fit(v.title, C_LABEL)),
          ) +
          bar +
          tag(
            'text',
            { x: 14, y: y + C_BAR + 12, class: `pd-flow-small${cls}` },
            esc(fit(verdict, ((C_W - 24) * CHAR_W) / SMALL_CHAR_W)),
          ),
      );
    })
    .join('');
  const one = scale.at(1);
  const peakLine =
    tag('line', { x1: one, x2: one, y1: top - 8, y2: bottom - 14, class: 'pd-limit pd-peak-line' }) +
    tag('text', { x: one, y: top - 11, class: 'pd-target-label pd-strong', 'text-anchor': 'middle' }, '1× peak');
  return chartRoot(label, C_W, bottom + 4, grid + rows + peakLine, 'pd-whatifs');
}

// --- the figures of a CapacityModel's views ---

const viewSvgs = (v: CapacityView) =>
  flowSvg(v.flow, `demand flow: ${v.title}`) + constraintsSvg(v, `what breaks first: ${v.title}`);

export function renderFlowCharts(v: CapacityViews): Figure[] {
  return [
    {
      title: 'Demand flow at peak: rps and in flight per call, pools and connections against their limits',
      svg: flowSvg(v.base.flow, 'demand flow at peak'),
    },
    {
      title: 'What breaks first: the multiple of peak traffic at which each limit is reached (§10.6)',
      svg: constraintsSvg(v.base, 'what breaks first'),
    },
    ...v.scenarios.map(s => ({
      title: `Scenario "${s.title}" beside the model as designed`,
      svg: '',
      panels: [
        { title: v.base.title, svg: viewSvgs(v.base) },
        { title: s.title, svg: viewSvgs(s) },
      ],
    })),
    ...(v.whatIfs.length
      ? [
          {
            title: 'The §21 what-ifs: what breaks with one AZ removed, a cold cache, dependencies 10× slower',
            svg: whatIfsSvg(v.base, v.whatIfs, 'what-ifs'),
          },
          {
            title: 'Flow and limits in each what-if',
            svg: '',
            panels: v.whatIfs.map(w => ({ title: w.title, svg: viewSvgs(w) })),
            folded: true,
          },
        ]
      : []),
  ];
}
