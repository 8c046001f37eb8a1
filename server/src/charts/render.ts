// SVG for the chart models of model.ts. Layout only: every number comes from the model, every
// color from a CSS class (style.ts), so the webview follows the VS Code theme and the report
// its fallbacks. Elements with `data-line` reveal their YAML line when clicked in the preview.
import { formatMs, formatNumber, formatPercent } from '../core/units';
import { CapacityChart, CriteriaRow, LatencyChart, LoadTestChart, Status, WaterfallBar, worstStatus } from './model';
import { Attrs, CHAR_W, Scale, axis, chartRoot, esc, fit, lineLink, tag, tooltip } from './svg';

/** A chart and the caption it is shown under. */
export interface Figure {
  title: string;
  svg: string;
  /** Charts shown side by side under the caption (base vs a scenario); folded away when `folded`. */
  panels?: { title: string; svg: string }[];
  folded?: boolean;
}

// Sized for a preview beside the editor: 600 px wide keeps 12 px text readable at the ~500 px
// a side panel usually has.
const W = 600;
const LABEL_W = 160;
const X0 = 168;
const X1 = 468;
const ROW = 22;
const BAR = 14;
const INDENT = 12;

/** The class that colours an element by its worst finding (errors and warnings only). */
export const statusClass = (s: Status) => (s === 'error' || s === 'warning' ? ` pd-st-${s}` : '');

const svgChart = (label: string, height: number, body: string) => chartRoot(label, W, height, body);

function text(x: number, y: number, content: string, cls: string, attrs: Attrs = {}): string {
  return tag('text', { x, y, class: cls, ...attrs }, esc(content));
}

/** A bar's value, just after its end `x`; shifted left when it would run past the chart's edge. */
function valueAfter(x: number, y: number, content: string, cls: string): string {
  return text(Math.min(x + 4, W - 4 - content.length * CHAR_W), y + BAR - 3, content, cls);
}

function rect(x: number, y: number, width: number, height: number, cls: string): string {
  return tag('rect', { x, y, width: Math.max(0, width), height, class: cls });
}

function vline(x: number, y1: number, y2: number, cls: string): string {
  return tag('line', { x1: x, x2: x, y1, y2, class: cls });
}

/** A clickable group: reveals `line`, shows `title` as its tooltip. */
function link(line: number, title: string, body: string, cls?: string): string {
  return tag('g', { class: cls, ...lineLink(line) }, tooltip(title) + body);
}

/** A row's label at the left; `suffix` (e.g. " (async)") stays visible when the label is shortened. */
function rowLabel(y: number, label: string, indent = 0, cls = 'pd-label', suffix = ''): string {
  return text(4 + indent, y + BAR - 3, fit(label, LABEL_W - indent - suffix.length * CHAR_W) + suffix, cls);
}

/** Horizontal position for a label centred on `x` that stays inside the plot. */
const labelX = (x: number) => Math.min(Math.max(x, X0 + 28), W - 40);

function grid(scale: Scale, ticks: number[], top: number, bottom: number, format: (v: number) => string): string {
  return ticks
    .map(
      t =>
        vline(scale.at(t), top, bottom, 'pd-grid') +
        text(scale.at(t), bottom + 13, format(t), 'pd-tick', { 'text-anchor': 'middle' }),
    )
    .join('');
}

// --- LatencyBudget ---

export function renderLatencyCharts(c: LatencyChart): Figure[] {
  return [waterfall(c), worstCase(c)];
}

const ROLE_NOTE: Record<WaterfallBar['role'], string> = {
  segment: 'on the critical path',
  group: 'parallel group: costs the slowest of its branches',
  branch: 'parallel branch',
  async: 'async: off the critical path, not counted in the total',
  buffer: 'buffer reserved for variance (§5.1 rule 5)',
};

function waterfallRow(b: WaterfallBar, y: number, scale: Scale): string {
  const cost = b.endMs - b.startMs;
  const suffix = b.role === 'group' ? ' (parallel)' : b.role === 'async' ? ' (async)' : '';
  const note = b.critical ? "the slowest branch: it sets the group's cost" : ROLE_NOTE[b.role];
  const title = `${b.name}: ${formatMs(cost)}, from ${formatMs(b.startMs)} to ${formatMs(b.endMs)}; ${note}`;
  const cls = `pd-bar pd-${b.role}${b.critical ? ' pd-critical' : ''}${statusClass(b.status)}`;
  return link(
    b.line,
    title,
    rowLabel(y, b.name, b.inGroup ? INDENT : 0, `pd-label${statusClass(b.status)}`, suffix) +
      rect(scale.at(b.startMs), y, scale.span(b.startMs, b.endMs), BAR, cls) +
      valueAfter(scale.at(b.endMs), y, formatMs(cost), 'pd-value'),
  );
}

function criticalPathRow(c: LatencyChart, y: number, scale: Scale): string {
  let rest: string;
  let title = `critical path: ${formatMs(c.totalMs)}`;
  if (c.targetMs === null || c.headroomMs === null) {
    rest = valueAfter(
      scale.at(c.totalMs),
      y,
      `${formatMs(c.totalMs)}, no ${c.percentile} target`,
      'pd-value pd-st-warning',
    );
  } else if (c.headroomMs >= 0) {
    title += ` of the ${formatMs(c.targetMs)} ${c.percentile} target; headroom ${formatMs(c.headroomMs)}, buffer ${formatMs(c.bufferMs)}`;
    rest =
      rect(scale.at(c.totalMs), y, scale.span(c.totalMs, c.targetMs), BAR, 'pd-headroom') +
      valueAfter(scale.at(c.targetMs), y, `headroom ${formatMs(c.headroomMs)}`, `pd-value${statusClass(c.pathStatus)}`);
  } else {
    title += `, over the ${formatMs(c.targetMs)} ${c.percentile} target by ${formatMs(-c.headroomMs)}`;
    rest =
      rect(scale.at(c.targetMs), y, scale.span(c.targetMs, c.totalMs), BAR, 'pd-overrun') +
      valueAfter(scale.at(c.totalMs), y, `over by ${formatMs(-c.headroomMs)}`, 'pd-value pd-st-error');
  }
  return link(
    c.pathLine,
    title,
    rowLabel(y, `critical path ${formatMs(c.totalMs)}`, 0, `pd-label pd-strong${statusClass(c.pathStatus)}`) +
      rect(X0, y, scale.span(0, c.totalMs), BAR, `pd-bar pd-total${statusClass(c.pathStatus)}`) +
      rest,
    'pd-path',
  );
}

function targetLine(t: LatencyChart['targets'][number], index: number, bottom: number, scale: Scale): string {
  const x = scale.at(t.ms);
  const labelY = index % 2 ? 26 : 12;
  return link(
    t.line,
    `${t.percentile} target ${formatMs(t.ms)}${t.budgeted ? ': the percentile the segments must fit' : ''}`,
    vline(x, labelY + 4, bottom, `pd-target${t.budgeted ? ' pd-budgeted' : ''}`) +
      text(labelX(x), labelY, `${t.percentile} ${formatMs(t.ms)}`, `pd-target-label${t.budgeted ? ' pd-strong' : ''}`, {
        'text-anchor': 'middle',
      }),
  );
}

function waterfall(c: LatencyChart): Figure {
  const top = 34;
  const ax = axis(Math.max(c.totalMs, ...c.targets.map(t => t.ms), ...c.bars.map(b => b.endMs), 1));
  const scale = new Scale(ax.max, X0, X1);
  const rows = c.bars.map((b, i) => waterfallRow(b, top + i * ROW, scale)).join('');
  const pathY = top + c.bars.length * ROW + 6;
  const bottom = pathY + ROW;
  const title = `Critical path against the ${c.percentile} target`;
  return {
    title,
    svg: svgChart(
      title,
      bottom + 20,
      grid(scale, ax.ticks, top - 4, bottom, formatMs) +
        rows +
        criticalPathRow(c, pathY, scale) +
        c.targets.map((t, i) => targetLine(t, i, bottom, scale)).join(''),
    ),
  };
}

function worstCase(c: LatencyChart): Figure {
  const wc = c.worstCase;
  const top = 22;
  const ax = axis(Math.max(c.totalMs, wc.totalMs ?? 0, wc.timeoutMs ?? 0, ...wc.steps.map(s => s.endMs), 1));
  const scale = new Scale(ax.max, X0, X1);
  const budgetRow = link(
    c.pathLine,
    `the segment budgets on the critical path: ${formatMs(c.totalMs)}`,
    rowLabel(top, 'budgets on the path') +
      rect(X0, top, scale.span(0, c.totalMs), BAR, 'pd-bar pd-total') +
      text(scale.at(c.totalMs) + 4, top + BAR - 3, formatMs(c.totalMs), 'pd-value'),
  );
  const y = top + ROW;
  const steps = wc.steps
    .map((s, i) =>
      link(
        s.line,
        `${s.name}: ${formatMs(s.endMs - s.startMs)} worst case (every attempt times out, plus backoff)`,
        rect(
          scale.at(s.startMs),
          y,
          scale.span(s.startMs, s.endMs),
          BAR,
          `pd-bar pd-step-${i % 2}${statusClass(s.status)}`,
        ),
      ),
    )
    .join('');
  const reached = wc.steps.length ? wc.steps[wc.steps.length - 1].endMs : 0;
  const over = wc.totalMs !== null && wc.timeoutMs !== null && wc.totalMs > wc.timeoutMs;
  const overlay = over
    ? rect(scale.at(wc.timeoutMs!), y, scale.span(wc.timeoutMs!, wc.totalMs!), BAR, 'pd-overrun-overlay')
    : '';
  const value = wc.totalMs === null ? `≥ ${formatMs(reached)}, unbounded` : formatMs(wc.totalMs);
  const worstRow =
    rowLabel(y, 'worst case with retries', 0, `pd-label${statusClass(wc.status)}`) +
    steps +
    overlay +
    valueAfter(
      scale.at(reached),
      y,
      value,
      `pd-value${wc.totalMs === null ? ' pd-st-warning' : statusClass(wc.status)}`,
    );
  const bottom = y + ROW;
  const timeout =
    wc.timeoutMs === null || wc.timeoutLine === null
      ? ''
      : link(
          wc.timeoutLine,
          `request timeout ${formatMs(wc.timeoutMs)}`,
          vline(scale.at(wc.timeoutMs), 14, bottom, `pd-timeout${statusClass(wc.status)}`) +
            text(labelX(scale.at(wc.timeoutMs)), 10, `timeout ${formatMs(wc.timeoutMs)}`, 'pd-target-label pd-strong', {
              'text-anchor': 'middle',
            }),
        );
  const note = worstCaseNote(c, bottom + 32);
  const title = 'Worst case with timeouts and retries against the request timeout';
  return {
    title,
    svg: svgChart(
      title,
      bottom + 40,
      grid(scale, ax.ticks, top - 4, bottom, formatMs) + budgetRow + worstRow + timeout + note,
    ),
  };
}

function worstCaseNote(c: LatencyChart, y: number): string {
  const wc = c.worstCase;
  if (wc.unbounded.length) {
    const names = wc.unbounded
      .map((u, i) => tag('tspan', { class: 'pd-st-warning', ...lineLink(u.line) }, esc((i ? ', ' : '') + u.name)))
      .join('');
    return tag('text', { x: 4, y, class: 'pd-note' }, esc('unbounded: no timeout on ') + names);
  }
  if (wc.timeoutMs === null)
    return text(4, y, 'no request timeout: nothing bounds the wait (LB004)', 'pd-note pd-st-warning');
  if (wc.totalMs === null) return '';
  return wc.totalMs > wc.timeoutMs
    ? text(
        4,
        y,
        `the caller gives up ${formatMs(wc.totalMs - wc.timeoutMs)} before the retries finish (LB007, §5.1 rule 3)`,
        'pd-note pd-st-error',
      )
    : text(4, y, `${formatMs(wc.timeoutMs - wc.totalMs)} to spare within the request timeout`, 'pd-note');
}

// --- gauges: bars against a limit (tiers, connections, queues, quotas) ---

interface Part {
  value: number;
  cls: string;
  line: number;
  title: string;
}
interface GaugeRow {
  label: string;
  parts: Part[];
  value: string;
  valueCls?: string;
  overCls?: string;
}
interface Marker {
  value: number;
  label: string;
  cls: string;
  line: number;
  title: string;
}
interface Gauge {
  title: string;
  line: number;
  tip: string;
  rows: GaugeRow[];
  limit?: Marker;
  markers?: Marker[];
  note?: { text: string; cls: string };
}

const rowTotal = (r: GaugeRow) => r.parts.reduce((sum, p) => sum + p.value, 0);

function gauge(g: Gauge, top: number): { svg: string; height: number } {
  const marks = [...(g.limit ? [g.limit] : []), ...(g.markers ?? [])];
  const scale = new Scale(Math.max(...g.rows.map(rowTotal), ...marks.map(m => m.value), 1) * 1.08, X0, X1);
  let svg = link(g.line, g.tip, text(4, top + 12, fit(g.title, W - 8), 'pd-label pd-strong'));
  const rowsTop = top + 18;
  g.rows.forEach((r, i) => {
    const y = rowsTop + i * ROW;
    let x = X0;
    const parts = r.parts
      .map(p => {
        const width = scale.span(0, p.value);
        const bar = link(p.line, p.title, rect(x, y, width, BAR, `pd-bar ${p.cls}`));
        x += width;
        return bar;
      })
      .join('');
    const total = rowTotal(r);
    const over =
      g.limit && r.parts.length && total > g.limit.value
        ? rect(scale.at(g.limit.value), y, scale.span(g.limit.value, total), BAR, r.overCls ?? 'pd-overrun-overlay')
        : '';
    const valueX = Math.max(x, g.limit && total <= g.limit.value ? scale.at(g.limit.value) : x);
    svg += rowLabel(y, r.label, INDENT) + parts + over + valueAfter(valueX, y, r.value, `pd-value ${r.valueCls ?? ''}`);
  });
  const rowsBottom = rowsTop + g.rows.length * ROW;
  // The limit and the markers are labelled under the bars, one line each, so labels never collide.
  marks.forEach((m, i) => {
    const x = scale.at(m.value);
    svg += link(
      m.line,
      m.title,
      vline(x, rowsTop - 4, rowsBottom + 2 + i * 13, m.cls) +
        text(labelX(x), rowsBottom + 10 + i * 13, m.label, 'pd-target-label', { 'text-anchor': 'middle' }),
    );
  });
  let height = rowsBottom - top + marks.length * 13 + 4;
  if (g.note) {
    svg += text(INDENT + 4, top + height + 8, g.note.text, `pd-note ${g.note.cls}`);
    height += 16;
  }
  return { svg, height: height + 8 };
}

function gaugeFigure(title: string, gauges: Gauge[]): Figure[] {
  if (!gauges.length) return [];
  let y = 4;
  const body = gauges
    .map(g => {
      const r = gauge(g, y);
      y += r.height;
      return r.svg;
    })
    .join('');
  return [{ title, svg: svgChart(title, y, body) }];
}

const rps = (n: number) => `${formatNumber(n)} rps`;
const single = (value: number | null, cls: string, line: number, title: string): Part[] =>
  value === null ? [] : [{ value, cls, line, title }];

// --- CapacityModel ---

export function renderCapacityCharts(c: CapacityChart): Figure[] {
  return [
    ...gaugeFigure(
      "Tiers: each tier's demand at peak (and × safety factor) against its capacity (units × unit rps × max utilization)",
      c.tiers.map(t => {
        const capacityTitle = `capacity at max scale and ${formatPercent(t.maxUtilization)} utilization: ${t.capacityRps === null ? 'n/a (no max units)' : rps(t.capacityRps)}`;
        const bits = [
          t.unitsNeeded === null ? null : `needs ${t.unitsNeeded} of ${t.maxUnits ?? '?'} units`,
          t.utilizationAtPeak === null ? null : `${formatPercent(t.utilizationAtPeak)} utilized at peak`,
        ];
        return {
          title: `tier ${t.name}`,
          line: t.line,
          tip: `tier ${t.name}`,
          rows: [
            {
              label: 'demand at peak',
              parts: single(
                t.rps,
                'pd-demand',
                t.line,
                `demand at peak ${t.rps === null ? 'n/a' : rps(t.rps)} (§10.1)`,
              ),
              value: t.rps === null ? 'no demand figure' : rps(t.rps),
            },
            {
              label: 'demand × safety factor',
              parts: single(
                t.requiredRps,
                'pd-required',
                t.line,
                `required with headroom: ${t.requiredRps === null ? 'n/a' : rps(t.requiredRps)}`,
              ),
              value: t.requiredRps === null ? 'n/a' : rps(t.requiredRps),
            },
            {
              label: `capacity at ${formatPercent(t.maxUtilization)}`,
              parts: single(t.capacityRps, `pd-capacity${statusClass(t.status.capacity)}`, t.line, capacityTitle),
              value: t.capacityRps === null ? 'no max units' : rps(t.capacityRps),
              valueCls: statusClass(t.status.capacity),
            },
          ],
          markers:
            t.failoverRps === null
              ? []
              : [
                  {
                    value: t.failoverRps,
                    label: `1 of ${t.zones} zones lost: ${formatNumber(t.failoverRps)}`,
                    cls: `pd-marker${statusClass(t.status.failover)}`,
                    line: t.line,
                    title: `with one of ${t.zones} zones lost the tier serves ${rps(t.failoverRps)} at full utilization`,
                  },
                ],
          note: {
            text: bits.filter(Boolean).join(' · '),
            cls: statusClass(worstStatus([t.status.capacity, t.status.utilization])),
          },
        };
      }),
    ),
    ...gaugeFigure(
      'Connections into each tier at max scale against its max connections',
      c.connections.map(k => ({
        title: `connections into ${k.tier}`,
        line: k.line,
        tip: `${k.connections} connections into ${k.tier} at max scale`,
        rows: [
          {
            label: k.sources.map(s => s.name).join(' + ') || 'sources',
            parts: k.sources.map((s, i) => ({
              value: s.connections,
              cls: `pd-src-${i % 3}`,
              line: s.line,
              title: `${s.name}: ${s.connections} connections`,
            })),
            value:
              k.maxConnections === null
                ? formatNumber(k.connections, 0)
                : `${formatNumber(k.connections, 0)} of ${formatNumber(k.maxConnections, 0)}`,
            valueCls: statusClass(k.status),
            overCls: 'pd-overrun-overlay',
          },
        ],
        limit:
          k.maxConnections === null
            ? undefined
            : {
                value: k.maxConnections,
                label: `max ${formatNumber(k.maxConnections, 0)}`,
                cls: `pd-limit${statusClass(k.status)}`,
                line: k.line,
                title: `maxConnections ${k.maxConnections}`,
              },
      })),
    ),
    ...gaugeFigure(
      'Queues: drain time with the declared and the needed workers',
      c.queues.map(q => ({
        title: `queue ${q.name}${q.backlog === null ? '' : `: ${formatNumber(q.backlog, 0)} messages`}`,
        line: q.line,
        tip: `queue ${q.name}`,
        rows: [
          {
            label: `declared: ${q.workers ?? '?'} workers`,
            parts: single(
              q.drainTimeS,
              `pd-capacity${statusClass(q.status)}`,
              q.line,
              `drains in ${duration(q.drainTimeS)} with ${q.workers ?? '?'} workers`,
            ),
            value: duration(q.drainTimeS),
            valueCls: statusClass(q.status),
            overCls: 'pd-overrun-overlay',
          },
          {
            label: `needed: ${q.workersNeeded ?? '?'} workers`,
            parts: single(
              q.neededDrainTimeS,
              'pd-required',
              q.line,
              `drains in ${duration(q.neededDrainTimeS)} with ${q.workersNeeded ?? '?'} workers`,
            ),
            value: duration(q.neededDrainTimeS),
          },
        ],
        limit:
          q.targetDrainS === null
            ? undefined
            : {
                value: q.targetDrainS,
                label: `target ${duration(q.targetDrainS)}`,
                cls: `pd-limit${statusClass(q.status)}`,
                line: q.line,
                title: `drainTime ${duration(q.targetDrainS)}`,
              },
      })),
    ),
    ...gaugeFigure(
      'Quotas against in flight now, at p95 latency and at the request timeout',
      c.quotas.map(q => {
        const concurrency = q.measures === 'concurrency';
        const rows: GaugeRow[] = concurrency
          ? [
              quotaRow('at avg latency', q.now, q.line, 'pd-over-error'),
              quotaRow('at p95 latency', q.atP95, q.line, 'pd-over-warning'),
              quotaRow(
                c.timeoutMs === null ? 'at the timeout' : `at the ${formatMs(c.timeoutMs)} timeout`,
                q.atTimeout,
                q.line,
                'pd-over-note',
              ),
            ]
          : [
              quotaRow('peak rps', q.now, q.line, 'pd-over-error'),
              quotaRow('peak × safety factor', q.atP95, q.line, 'pd-over-warning'),
            ];
        return {
          title: `quota ${q.name} (measures ${q.measures})`,
          line: q.line,
          tip: `quota ${q.name}`,
          rows,
          limit:
            q.limit === null
              ? undefined
              : {
                  value: q.limit,
                  label: `limit ${formatNumber(q.limit, 0)}`,
                  cls: `pd-limit${statusClass(q.status)}`,
                  line: q.line,
                  title: `limit ${formatNumber(q.limit, 0)}`,
                },
          note:
            concurrency && q.atTimeout === null
              ? { text: 'at the timeout: set traffic.latencyFrom to a budget with a timeout', cls: '' }
              : undefined,
        };
      }),
    ),
  ];
}

function quotaRow(label: string, value: number | null, line: number, overCls: string): GaugeRow {
  return {
    label,
    parts: single(value, 'pd-demand', line, `${label}: ${value === null ? 'n/a' : formatNumber(value)}`),
    value: value === null ? 'n/a' : formatNumber(value),
    overCls,
  };
}

/** Seconds as a duration, rounded to whole seconds: "29.77 min", not "1,785.71 s". */
const duration = (s: number | null) => (s === null ? 'n/a' : formatMs(Math.round(s) * 1000));

// --- LoadTestPlan ---

export function renderLoadTestCharts(c: LoadTestChart): Figure[] {
  return [coverage(c), criteria(c)];
}

function coverage(c: LoadTestChart): Figure {
  const columns = 4;
  const width = (W - 8) / columns;
  const body = c.coverage
    .map((cell, i) => {
      const x = 4 + (i % columns) * width;
      const y = 4 + Math.floor(i / columns) * 46;
      const covered = cell.tests > 0;
      return link(
        cell.line,
        covered
          ? `${cell.type}: ${cell.tests} test${cell.tests === 1 ? '' : 's'}`
          : `${cell.type}: missing (LT001, §13.1)`,
        rect(x + 2, y, width - 4, 40, covered ? 'pd-covered' : 'pd-missing') +
          text(x + width / 2, y + 17, cell.type, 'pd-label pd-strong', { 'text-anchor': 'middle' }) +
          text(
            x + width / 2,
            y + 33,
            covered ? `✓ ${cell.tests} test${cell.tests === 1 ? '' : 's'}` : 'missing',
            covered ? 'pd-value' : 'pd-value pd-muted',
            { 'text-anchor': 'middle' },
          ),
      );
    })
    .join('');
  const title = `Test types: ${c.coverage.filter(x => x.tests).length} of ${c.coverage.length} covered (§13.1)`;
  return { title, svg: svgChart(title, 4 + Math.ceil(c.coverage.length / columns) * 46, body) };
}

const PERCENTILE_KEYS = ['p50', 'p95', 'p99'] as const;

function criteria(c: LoadTestChart): Figure {
  const top = 34;
  const targets = (c.budget?.targets ?? []).filter(t => t.key !== 'errorRate');
  const values = c.rows.flatMap(r => r.criteria.filter(k => k.key !== 'errorRate').map(k => k.value));
  const ax = axis(Math.max(...values, ...targets.map(t => t.value), 1));
  const scale = new Scale(ax.max, X0, X1 - 30);
  const rows = c.rows.map((r, i) => criteriaRow(r, top + i * ROW, scale)).join('');
  const bottom = top + c.rows.length * ROW;
  const lines = targets
    .map((t, i) => {
      const x = scale.at(t.value);
      return (
        vline(x, (i % 2 ? 26 : 12) + 4, bottom, `pd-target pd-target-${t.key}`) +
        text(labelX(x), i % 2 ? 26 : 12, `budget ${t.key} ${formatMs(t.value)}`, 'pd-target-label', {
          'text-anchor': 'middle',
        })
      );
    })
    .join('');
  const budgetError = c.budget?.targets.find(t => t.key === 'errorRate');
  const legend =
    PERCENTILE_KEYS.map(
      (k, i) =>
        tag('circle', { cx: 10 + i * 44, cy: bottom + 30, r: 4, class: `pd-dot pd-${k}` }) +
        text(17 + i * 44, bottom + 34, k, 'pd-tick'),
    ).join('') +
    text(
      150,
      bottom + 34,
      c.budget
        ? `dashed: targets of budget "${c.budget.name}"${budgetError ? `, errorRate ${formatPercent(budgetError.value, 2)}` : ''}`
        : 'no budget referenced: criteria are not compared with a target',
      'pd-tick',
    );
  const title = c.budget ? `Criteria against the budget "${c.budget.name}"` : 'Criteria (no budget referenced)';
  return {
    title,
    svg: svgChart(title, bottom + 44, grid(scale, ax.ticks, top - 4, bottom, formatMs) + lines + rows + legend),
  };
}

function criteriaRow(r: CriteriaRow, y: number, scale: Scale): string {
  const label = [r.type || 'test', r.name].filter(Boolean).join(': ');
  const detail = [r.rps === null ? null : rps(r.rps), r.cache ? `${r.cache} cache` : null].filter(Boolean).join(', ');
  const percentiles = r.criteria.filter(k => k.key !== 'errorRate');
  const span =
    percentiles.length > 1
      ? tag('line', {
          x1: scale.at(percentiles[0].value),
          x2: scale.at(percentiles[percentiles.length - 1].value),
          y1: y + BAR / 2,
          y2: y + BAR / 2,
          class: 'pd-range',
        })
      : '';
  const dots = percentiles
    .map(k =>
      link(
        k.line,
        `${k.key} ≤ ${formatMs(k.value)}${k.status === 'ok' ? '' : ': looser than the budget (LT004)'}`,
        tag('circle', {
          cx: scale.at(k.value),
          cy: y + BAR / 2,
          r: 5,
          class: `pd-dot pd-${k.key}${statusClass(k.status)}`,
        }),
      ),
    )
    .join('');
  const errorRate = r.criteria.find(k => k.key === 'errorRate');
  const errorText = errorRate
    ? link(
        errorRate.line,
        `errorRate ≤ ${formatPercent(errorRate.value, 2)}`,
        text(
          X1 - 22,
          y + BAR - 3,
          `err ≤ ${formatPercent(errorRate.value, 2)}`,
          `pd-value${statusClass(errorRate.status)}`,
        ),
      )
    : text(X1 - 22, y + BAR - 3, 'no errorRate', 'pd-value pd-st-warning');
  const missing = percentiles.length
    ? ''
    : text(X0, y + BAR - 3, 'no latency criteria (LT002)', 'pd-value pd-st-warning');
  return (
    link(r.line, `${label}${detail ? ` (${detail})` : ''}`, rowLabel(y, label, 0, `pd-label${statusClass(r.status)}`)) +
    span +
    dots +
    errorText +
    missing
  );
}
