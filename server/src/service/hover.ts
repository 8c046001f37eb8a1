// Hover: the figure behind the key under the cursor, with its formula and the document's
// numbers substituted, and the lesson's reasoning for any rule whose squiggle lies there.
// Figures are read from the analysis (`d.latency.figures`, `d.capacity.figures`…) and
// formulas called from the core; whether a rule fires is read from the document's findings.
// This module only words them.
import { assertNever, type DocumentAnalysis, type FileAnalysis } from '../core/analyze';
import type { Finding } from '../core/types';
import { ruleInfo } from '../core/ruleCatalog';
import { headline, keyFigures } from '../core/summary';
import { formatMs, formatNumber, formatPercent } from '../core/units';
import { PNode, mapGet } from '../core/yamlTree';
import {
  LatencyAnalysis,
  LatencyBudget,
  LatencyFigures,
  Segment,
  SegmentFigure,
  segmentCostMs,
  segmentWorstCaseMs,
  shareOfTarget,
} from '../core/latencyBudget';
import { FORMULAS } from '../core/formulas';
import {
  CapacityAnalysis,
  Edge,
  EdgeFigure,
  QUOTA_UNIT,
  QueueFigure,
  QuotaFigure,
  QuotaMeasure,
  ScalingPolicy,
  ScenarioResult,
  TierFigure,
  metricResource,
  workersNeededGap,
} from '../core/capacityModel';
import { breakingPointText, constraintLabel } from '../core/capacity/summary';
import { formatSeconds } from '../core/capacity/format';
import type { BorrowedLatency } from '../core/capacityModel';
import { LoadTest, LoadTestAnalysis, TEST_TYPES, TestType } from '../core/loadTestPlan';
import { fanoutLines, ownerLine, tailExposureLine } from './hover/latency';
import { NodeLocation, Span, containing, entryFor, nodeAt, startingWithin, stepSpan } from './nodeAt';
import { HoverResult } from './types';
import { observabilityHover } from './hover/observability';
import { resourceHover, resultsHover } from './hover/loadTest';

export function hoverAt(file: FileAnalysis, offset: number): HoverResult | null {
  const at = nodeAt(file, offset);
  if (!at) return null;
  const d = at.document;
  const findings = containing(d.findings, offset, f => f);
  const figure = at.location && at.location.steps.length ? figureHover({ d, loc: at.location }) : null;
  const codes = [...new Set(findings.map(f => f.code))];
  const parts = [...codes.flatMap(ruleExplanation), ...(figure ? [figure.markdown] : [])];
  if (!parts.length) return null;
  const span: Span = figure ?? findings[0];
  return { markdown: parts.join('\n\n---\n\n'), start: span.start, end: span.end };
}

/** The rule behind a squiggle: its code and title, the lesson's reasoning, and the section. */
function ruleExplanation(code: string): string[] {
  const info = ruleInfo(code);
  return info ? [`**${code} · ${info.title}** (${info.section})\n\n${info.why}`] : [];
}

export interface Context {
  d: DocumentAnalysis;
  loc: NodeLocation;
}

/** A small title, the lesson section it rests on, and the figures as bullets. */
export function card(title: string, section: string, lines: (string | null | undefined | false)[]): string {
  const body = lines
    .filter((l): l is string => !!l)
    .map(l => `- ${l}`)
    .join('\n');
  return `**${title}** · ${section}${body ? `\n\n${body}` : ''}`;
}

function figureHover(c: Context): (Span & { markdown: string }) | null {
  const { d, loc } = c;
  const markdown = kindHover(c) ?? (loc.path.length === 1 && d.kind ? documentHover(d) : null);
  return markdown ? { markdown, ...stepSpan(loc.steps[loc.steps.length - 1]) } : null;
}

function kindHover(c: Context): string | null {
  const { d } = c;
  switch (d.kind) {
    case 'LatencyBudget':
      return latencyHover(c, d.latency);
    case 'CapacityModel':
      return capacityHover(c, d.capacity);
    case 'LoadTestPlan':
      return loadTestHover(c, d.loadTest);
    case 'ObservabilityPlan':
      return observabilityHover(c, d.observability);
    case null:
      return null;
    default:
      return assertNever(d);
  }
}

const KIND_SECTION = {
  LatencyBudget: '§5',
  CapacityModel: '§4.3, §6',
  LoadTestPlan: '§13',
  ObservabilityPlan: '§14, §18.6',
} as const;

/** On a top-level key with no figure of its own: the document's headline and key figures. */
function documentHover(d: DocumentAnalysis): string {
  return card(`${d.kind} "${d.name ?? ''}"`, KIND_SECTION[d.kind!], [headline(d), ...keyFigures(d)]);
}

/** The finding of `code` that the rule reported inside `span`, if it fired there. */
function firedIn(d: DocumentAnalysis, code: string, span: Span): Finding | undefined {
  return startingWithin(d.findings, span.start, span.end, f => f).find(f => f.code === code);
}

/** The analysis entry (segment, tier, test…) made from the list item at `depth` of the path under the cursor. */
export function listEntry<T>(
  loc: NodeLocation,
  entries: readonly T[],
  nodeOf: (t: T) => PNode,
  depth = 1,
): T | undefined {
  const step = loc.steps[depth];
  return step?.type === 'item' ? entryFor(entries, step.index, step.node, nodeOf) : undefined;
}

const rps = (n: number) => `${formatNumber(n)} rps`;
const seconds = (ms: number) => `${formatNumber(ms / 1000, 3)} s`;
const raw = (n: PNode | null | undefined) => (n?.type === 'scalar' ? String(n.value) : '?');

// --- LatencyBudget (§5) ---

function latencyHover(c: Context, a: LatencyAnalysis): string | null {
  const { model, figures } = a;
  const p = c.loc.path;
  if (p[0] === 'target')
    return p[1] === 'timeout' ? timeoutHover(c, a) : targetHover(a, typeof p[1] === 'string' ? p[1] : undefined);
  if (p[0] === 'budgetPercentile') return targetHover(a, model.budgetPercentile);
  if (p[0] !== 'segments') return null;
  if (p.length === 1) return criticalPathHover(a);
  const fig = listEntry(c.loc, figures.perSegment, f => f.segment.node);
  if (!fig) return null;
  if (p[2] === 'parallel' && p.length > 3) {
    const child = listEntry(c.loc, fig.segment.parallel ?? [], s => s.node, 3);
    return child ? parallelCallHover(a, fig, child) : null;
  }
  return fig.segment.parallel ? parallelGroupHover(a, fig) : segmentHover(a, fig, p[1] as number);
}

/** "220 ms = 44% of the p95 target 500 ms"; `share` is the core's figure for `ms`. */
function shareText(ms: number, share: number | null, m: LatencyBudget, f: LatencyFigures): string {
  if (f.targetMs === null) return `${formatMs(ms)} (no ${m.budgetPercentile} target to compare with, LB003)`;
  const shown = share === null ? '' : ` = ${formatPercent(share)}`;
  return `${formatMs(ms)}${shown} of the ${m.budgetPercentile} target ${formatMs(f.targetMs)}`;
}

function runningTotal(fig: SegmentFigure, f: LatencyFigures): string {
  return `running total after it: ${formatMs(fig.runningTotalMs)}${f.targetMs === null ? '' : ` of ${formatMs(f.targetMs)}`}`;
}

/** One segment's worst case with its numbers (§5.1 rule 3); `named` also states the formula of a dependency. */
function worstCaseText(s: Segment, named = false): string {
  const worst = segmentWorstCaseMs(s);
  if (s.parallel)
    return worst === null
      ? 'unbounded: a call in the group has no timeout (LB005)'
      : `the max of its calls' worst cases, ${formatMs(worst)}`;
  if (s.dependency === undefined) return `its budget, ${formatMs(worst ?? 0)}`;
  if (!s.timeout || worst === null) return `unbounded: the call to ${s.dependency} has no timeout (LB005)`;
  return `${named ? `${FORMULAS.worstCase.text} = ` : ''}(1 + ${s.retries}) × ${formatMs(s.timeout.value)} + ${s.retries} × ${formatMs(s.backoff?.value ?? 0)} = ${formatMs(worst)}`;
}

function requestTimeout(m: LatencyBudget): string {
  return m.target.timeout ? `, of the ${formatMs(m.target.timeout.value)} request timeout` : '';
}

function segmentHover(a: LatencyAnalysis, fig: SegmentFigure, index: number): string {
  const { model, figures } = a;
  const s = fig.segment;
  return card(s.name, `segment ${index + 1} of ${model.segments.length} · §5`, [
    s.async
      ? `async: off the critical path, not counted; the running total stays ${formatMs(fig.runningTotalMs)}`
      : `${shareText(fig.costMs, fig.shareOfTarget, model, figures)}; ${runningTotal(fig, figures)}`,
    s.buffer &&
      `buffer reserved for variance: the budget holds ${formatMs(figures.bufferMs)} of buffer in all (§5.1 rule 5)`,
    s.dependency !== undefined &&
      !s.async &&
      `calls ${s.dependency}; worst case with retries: ${worstCaseText(s, true)}${requestTimeout(model)} (§5.1 rule 3)`,
    s.dependency !== undefined && !s.async && tailExposureLine(a),
    ownerLine(s),
  ]);
}

function parallelGroupHover(a: LatencyAnalysis, fig: SegmentFigure): string {
  const { model, figures } = a;
  const s = fig.segment;
  const slowest = fig.slowestCall;
  return card(s.name, 'parallel group · §4.5', [
    `costs the max of its calls${slowest ? ` (${slowest.name})` : ''}: ${shareText(fig.costMs, fig.shareOfTarget, model, figures)}; ${runningTotal(fig, figures)}`,
    ...fanoutLines(a, s),
    `worst case: ${worstCaseText(s)}${requestTimeout(model)} (§5.1 rule 3)`,
    ownerLine(s),
  ]);
}

function parallelCallHover(a: LatencyAnalysis, group: SegmentFigure, call: Segment): string {
  const { model, figures } = a;
  const slowest = group.slowestCall;
  return card(call.name, `call in parallel group "${group.segment.name}" · §4.5`, [
    call.async
      ? 'async: not waited for, the group does not count it'
      : `${shareText(segmentCostMs(call), shareOfTarget(segmentCostMs(call), figures.targetMs), model, figures)}; the group costs the max of its calls, ${formatMs(group.costMs)}${slowest === call ? ' (this call)' : slowest ? ` (${slowest.name})` : ''}`,
    ...fanoutLines(a, group.segment),
    call.dependency !== undefined &&
      `calls ${call.dependency}; worst case with retries: ${worstCaseText(call, true)} (§5.1 rule 3)`,
    ownerLine(call),
  ]);
}

function headroomLine(f: LatencyFigures): string | null {
  if (f.headroomMs === null) return null;
  return `headroom ${formatMs(f.headroomMs)}${f.headroomMs < 0 ? ' (over the target, LB001)' : ''}; buffer segments ${formatMs(f.bufferMs)}: room for variance (§5.1 rule 5)`;
}

function criticalPathHover(a: LatencyAnalysis): string {
  const { model, figures } = a;
  return card('Critical path', '§5', [
    `Σ ${shareText(figures.totalMs, figures.shareOfTarget, model, figures)}, over ${model.segments.length} segments in order (async segments are not counted; a parallel group counts the max of its calls)`,
    headroomLine(figures),
    tailExposureLine(a),
  ]);
}

const TARGET_KEYS = ['p50', 'p95', 'p99', 'timeout'] as const;

function targetHover({ model, figures }: LatencyAnalysis, key: string | undefined): string {
  const t = model.target;
  const value =
    key === 'errorRate'
      ? t.errorRate && formatPercent(t.errorRate.value, 2)
      : key === 'p50' || key === 'p95' || key === 'p99'
        ? t[key] && formatMs(t[key].value)
        : undefined;
  const budgeted = key === model.budgetPercentile;
  const declared = TARGET_KEYS.filter(k => t[k]).map(k => `${k} ${formatMs(t[k]!.value)}`);
  return card(value ? `${key} target ${value}` : 'Targets', '§5.3', [
    key === 'errorRate' && 'the tolerated 5xx rate; load-test criteria are held to it (LT004, §18.5)',
    value &&
      key !== 'errorRate' &&
      !budgeted &&
      `the segments are budgeted against ${model.budgetPercentile} (budgetPercentile); load-test criteria are held to ${key} (LT004)`,
    `critical path Σ ${shareText(figures.totalMs, figures.shareOfTarget, model, figures)}`,
    headroomLine(figures),
    declared.length ? `targets ascend: ${declared.join(' ≤ ')} (LB009)` : null,
  ]);
}

/** How many worst-case contributors a timeout hover lists when the budget is long. */
const MAX_CONTRIBUTORS = 8;

function timeoutHover({ d }: Context, { model, figures }: LatencyAnalysis): string {
  const timeout = model.target.timeout;
  const counted = figures.perSegment.filter(f => !f.segment.async);
  const shown =
    counted.length <= MAX_CONTRIBUTORS ? counted : largest(counted, MAX_CONTRIBUTORS, f => f.worstCaseMs ?? Infinity);
  const overrun = timeout && firedIn(d, 'LB007', timeout.node);
  const worst = figures.worstCaseMs;
  return card(timeout ? `Request timeout ${formatMs(timeout.value)}` : 'Request timeout', '§5.1 rule 3', [
    worst === null
      ? 'worst case with timeouts and retries: unbounded, a dependency has no timeout (LB005)'
      : `worst case with timeouts and retries: ${formatMs(worst)}${timeout ? (overrun ? `, over the ${formatMs(timeout.value)} timeout (LB007)` : `, within the ${formatMs(timeout.value)} timeout`) : ''}`,
    `summed over the critical path: a dependency costs ${FORMULAS.worstCase.text}, any other segment its budget, a parallel group the max of its calls; async segments nothing`,
    ...shown.map(f => `${f.segment.name}: ${worstCaseText(f.segment)}`),
    counted.length > shown.length && `… and ${formatNumber(counted.length - shown.length, 0)} more segments`,
  ]);
}

/** The `k` largest by `score`, largest first: one pass over a long list instead of sorting it. */
function largest<T>(list: readonly T[], k: number, score: (t: T) => number): T[] {
  const top: { item: T; score: number }[] = [];
  for (const item of list) {
    const s = score(item);
    if (top.length === k && s <= top[k - 1].score) continue;
    let i = Math.min(top.length, k - 1);
    top[i] = { item, score: s };
    for (; i > 0 && top[i - 1].score < s; i--) [top[i - 1], top[i]] = [top[i], top[i - 1]];
  }
  return top.map(t => t.item);
}

// --- CapacityModel (§4.3, §6, §7, §8.4, §10) ---

function capacityHover(c: Context, a: CapacityAnalysis): string | null {
  const p = c.loc.path;
  const tier = () => listEntry(c.loc, a.figures.tiers, f => f.tier.node);
  switch (p[0]) {
    case 'traffic':
      return trafficHover(c, a);
    case 'headroom':
      return headroomHover(a);
    case 'tiers': {
      const f = tier();
      if (!f) return null;
      if (p[2] === 'dependsOn' && p.length > 3) {
        const edge = listEntry(c.loc, f.tier.calls, e => e.node, 3);
        return edge ? edgeHover(a, f, edge) : null;
      }
      return tierHover(a, f);
    }
    case 'queues': {
      const f = listEntry(c.loc, a.figures.queues, q => q.queue.node);
      return f ? queueHover(c, f) : null;
    }
    case 'quotas': {
      const f = listEntry(c.loc, a.figures.quotas, q => q.quota.node);
      return f ? quotaHover(c, a, f) : null;
    }
    case 'scaling': {
      const s = listEntry(c.loc, a.model.scaling, x => x.node);
      return s ? scalingHover(a, s) : null;
    }
    case 'scenarios': {
      const s = listEntry(c.loc, a.scenarios, x => x.scenario!.node);
      return s ? scenarioHover(a, s) : null;
    }
  }
  return null;
}

/** What a scenario changes and what breaks in it, with its figures (§10.8, §21). */
function scenarioHover(a: CapacityAnalysis, s: ScenarioResult): string {
  const sc = s.scenario!;
  const f = s.figures;
  const zoned = sc.zoneLost
    ? s.model.tiers.flatMap((t, i) => {
        const before = a.model.tiers[i];
        return before.zones && before.maxUnits !== undefined
          ? [`${t.name} ${before.maxUnits} → ${t.maxUnits} units`]
          : [];
      })
    : [];
  const changes = [
    sc.zoneLost && `one zone lost: ${zoned.join(', ') || 'no tier declares zones'}`,
    ...sc.hitRatio.map(h => `cache ${h.cache} hit ratio ${formatPercent(h.value, 1)}`),
    ...sc.latency.map(
      l => `${l.target === null ? 'every latency' : `calls into ${l.target}`} × ${formatNumber(l.factor, 2)}`,
    ),
    sc.traffic !== undefined && `traffic × ${formatNumber(sc.traffic, 2)}: ${rps(s.model.peakRps ?? 0)} at peak`,
    s.addedLatencyMs > 0 &&
      a.model.latencyMs !== undefined &&
      `request latency ${formatMs(a.model.latencyMs)} → ${formatMs(s.model.latencyMs!)} (+${formatMs(s.addedLatencyMs)} on the critical path)`,
    f.inFlight !== null &&
      `in flight ${a.figures.inFlight === null ? '?' : formatNumber(a.figures.inFlight)} → ${formatNumber(f.inFlight)}`,
  ];
  const breaks = s.breaks.map(
    b => `breaks: ${constraintLabel(b)} at ${formatNumber(b.multiple, 2)}× the scenario's peak (${rps(b.rps)})`,
  );
  const beyond = s.findings.filter(x => x.beyondDesign);
  const findings = beyond.slice(0, 6).map(x => `${x.code} (${x.severity}): ${x.message}`);
  return card(`Scenario ${s.name}`, '§10.8, §13.4, §21', [
    ...changes,
    ...(breaks.length ? breaks : ["nothing traffic-bound breaks at the scenario's peak"]),
    f.breakingPoint && `breaks first: ${breakingPointText(f.breakingPoint)}`,
    ...findings,
    beyond.length > 6 && `… and ${beyond.length - 6} more findings`,
  ]);
}

function trafficHover(c: Context, a: CapacityAnalysis): string {
  const { model, figures } = a;
  const traffic = model.trafficNode;
  const peak = model.peakRps;
  const budget = model.borrowed;
  const timeout = budget?.timeoutMs ?? undefined;
  const fromAverage = traffic && !mapGet(traffic, 'peakRps') && peak !== undefined;
  const littles = (label: string, ms: number | undefined, n: number | null) =>
    peak !== undefined && ms !== undefined && n !== null
      ? `${label}: ${rps(peak)} × ${seconds(ms)} = ${formatNumber(n)} in flight`
      : null;
  const card1 = card("In flight (Little's law)", '§4.3', [
    c.loc.path[1] === 'latencyFrom' && latencyFromLine(model.latencySource, budget),
    fromAverage &&
      `peak = averageRps × burstMultiplier = ${raw(mapGet(traffic, 'averageRps'))} × ${raw(mapGet(traffic, 'burstMultiplier'))} = ${rps(peak)} (§6)`,
    littles('now, at the average latency', model.latencyMs, figures.inFlight) ??
      `${FORMULAS.inFlight.text}: give peakRps and latency (or latencyFrom) to compute it`,
    littles('at p95 latency', model.p95LatencyMs, figures.inFlightP95),
    timeout !== undefined &&
      `${littles(`at the ${formatMs(timeout)} request timeout of "${budget!.budgetName}"`, timeout, figures.inFlightAtTimeout)}: when every request waits for its timeout`,
    'concurrency grows with latency: latency degradation becomes a capacity incident (quotas, pools; CM005, CM009)',
    figures.requiredRps !== null &&
      peak !== undefined &&
      `${FORMULAS.requiredRps.text} = ${rps(peak)} × ${model.safetyFactor?.value ?? 1} = ${rps(figures.requiredRps)} (§6)`,
  ]);
  return c.loc.path[1] === 'peakRps' || fromAverage ? `${card1}\n\n${breakingPointCard(a)}` : card1;
}

/** What breaks first (§10.6): every traffic-bound limit with the multiple of peak at which it is reached. */
function breakingPointCard({ figures }: CapacityAnalysis): string {
  const list = figures.constraints;
  return card('What breaks first', '§3, §10.6, §21 q. 4 and 10', [
    figures.breakingPoint
      ? `breaks first: ${breakingPointText(figures.breakingPoint)}${figures.breakingPoint.multiple < 1 ? ' — already over at peak' : ''}`
      : 'no traffic-bound limit: give compute tiers unitRps and units, edges a latency and a pool, or quotas of concurrency or rps',
    ...list
      .slice(0, 6)
      .map(x => `${constraintLabel(x)}: ${formatNumber(x.multiple, 2)}× peak = ${formatNumber(x.rps, 0)} rps`),
    list.length > 6 && `… and ${list.length - 6} more`,
  ]);
}

function latencyFromLine(source: string, budget: BorrowedLatency | undefined): string {
  if (source === 'latency') return 'not used: `latency` is given in this model and takes precedence';
  if (source !== 'latencyFrom' || !budget)
    return 'the reference does not resolve to a LatencyBudget (PD004), so no latency is borrowed';
  const p95 = budget.p95Ms === null ? 'no p95' : `p95 ${formatMs(budget.p95Ms)}`;
  return `borrows the latency of the budget "${budget.budgetName}": average ${formatMs(budget.latencyMs)} (its p50 target, or its critical path Σ without one) and ${p95} (its critical path Σ when budgeted at p95, else its p95 target), unless given here (§9)`;
}

function headroomHover({ model, figures }: CapacityAnalysis): string {
  const declared = model.headroomNode && mapGet(model.headroomNode, 'maxUtilization');
  return card('Headroom', '§6, §6.2', [
    model.safetyFactor
      ? model.peakRps !== undefined &&
        figures.requiredRps !== null &&
        `${FORMULAS.requiredRps.text} = ${rps(model.peakRps)} × ${model.safetyFactor.value} = ${rps(figures.requiredRps)}`
      : 'no safetyFactor: the tiers are sized for the bare demand (CM008)',
    `tiers are sized to run at most at ${formatPercent(model.maxUtilization)} of their bottleneck${declared ? '' : ' (the default, perfdoc.defaultMaxUtilization)'}; the rest absorbs spikes, bad deployments, AZ impairment and failover`,
  ]);
}

/** How the tier's rps follows from §10.1's precedence, with the numbers. */
function demandLine({ model }: CapacityAnalysis, f: TierFigure): string {
  const t = f.tier;
  const peak = model.peakRps;
  const n = (x: number | null) => (x === null ? '?' : formatNumber(x));
  switch (f.demandRule) {
    case 'cycle':
      return 'on a dependsOn/missesTo cycle (PD002): no demand figure is computed along it';
    case 'share':
      return `rps = peakRps × share = ${n(peak ?? null)} × ${formatPercent(t.share!.value, 1)} = ${rps(f.rps ?? 0)}`;
    case 'requests':
      return t.requests === 'all'
        ? `rps = peakRps = ${n(peak ?? null)} (requests: all)`
        : `rps = peakRps × ${t.requests === 'writes' ? 'writeRatio' : '(1 − writeRatio)'} = ${n(peak ?? null)} × ${model.writeRatio === undefined ? '?' : formatPercent(t.requests === 'writes' ? model.writeRatio : 1 - model.writeRatio, 1)} = ${n(f.rps)}`;
    case 'callers': {
      const via = { call: 'calls', miss: 'cache misses', queue: 'queue workers' } as const;
      const parts = f.demandSources.map(s => `${s.name} ${via[s.via]} ${n(s.rps)}`);
      return `rps = Σ callers = ${parts.join(' + ')} = ${n(f.rps)} (a callee is sized by its callers' demand, §10.1)`;
    }
    case 'entry':
      return `rps = peakRps = ${n(peak ?? null)} (an entry tier: no tier, cache or queue calls it)`;
  }
}

function tierHover(a: CapacityAnalysis, f: TierFigure): string {
  const { model, figures } = a;
  const t = f.tier;
  const unitRps = t.unitRps?.value;
  const compute = unitRps !== undefined;
  const sf = model.safetyFactor?.value ?? 1;
  const constraint = figures.constraints.find(x => x.kind === 'tier' && x.name === t.name);
  const dependencies = t.dependsOn.flatMap(name => {
    const dep = figures.tiers.find(x => x.tier.name === name);
    const mine = dep?.connectionSources.find(s => s.name === t.name);
    if (!dep || !mine || t.maxUnits === undefined) return [];
    const max = dep.tier.maxConnections;
    const perUnit = t.calls.find(e => e.callee === name)?.connectionsPerUnit ?? t.connectionsPerUnit;
    return [
      `connections into ${name}: ${t.maxUnits} units × ${perUnit?.value ?? '?'} = ${formatNumber(mine.connections)}; ${dep.connections === null ? 'unbounded' : formatNumber(dep.connections)} in all${max ? ` of its ${formatNumber(max.value)} maxConnections` : ''} (§10.1)`,
    ];
  });
  return card(`Tier ${t.name}`, compute ? '§6, §6.2, §10.1' : '§10.1', [
    demandLine(a, f),
    t.dimensions.length > 0 &&
      `unitRps = min(${t.dimensions.map(d => `${d.name} ${formatNumber(d.value)}`).join(', ')}) = ${rps(unitRps!)}: ${t.bottleneck}-bound (§6.1)`,
    compute &&
      f.unitsNeeded !== null &&
      f.rps !== null &&
      `${FORMULAS.unitsNeeded.text} = ceil(${formatNumber(f.rps)} × ${sf} / (${formatNumber(unitRps)} × ${formatPercent(model.maxUtilization)})) = ${f.unitsNeeded}; ${t.maxUnits === undefined ? 'no max units' : `scales to ${t.maxUnits}`}`,
    f.utilizationAtPeak !== null &&
      `utilization at peak = rps / (maxUnits × unitRps) = ${formatNumber(f.rps!)} / (${t.maxUnits} × ${formatNumber(unitRps!)}) = ${formatPercent(f.utilizationAtPeak)} (CM006 warns when too high)`,
    f.failoverRps !== null &&
      `with the zone holding the most units lost: (maxUnits − ceil(maxUnits / zones)) × unitRps = (${t.maxUnits} − ${t.maxUnits! - f.failoverUnits!}) × ${formatNumber(unitRps!)} = ${f.failoverUnits} × ${formatNumber(unitRps!)} = ${rps(f.failoverRps)}${f.failoverUtilization === null ? '' : `; the survivors run at ${formatPercent(f.failoverUtilization)} (CM002 above the utilization warning)`} (§6.2, §10.3)`,
    constraint &&
      `saturates at max scale at ${formatNumber(constraint.multiple, 2)}× peak, ${rps(constraint.rps)} (§10.6)`,
    f.inFlight !== null &&
      `in flight = rps × ${t.latency ? 'latency' : 'traffic.latency (an entry tier holds the whole request)'} = ${formatNumber(f.rps!)} × ${seconds(t.latency?.value ?? model.latencyMs!)} = ${formatNumber(f.inFlight)} (§4.3)`,
    ...f.calls.map(e => edgeLine(e)),
    f.connections !== null &&
      `connections at max scale: ${f.connectionSources.map(s => `${s.name} ${formatNumber(s.connections)}`).join(' + ')}${f.connectionSources.length > 1 ? ` = ${formatNumber(f.connections)}` : ''}${t.maxConnections ? ` of maxConnections ${formatNumber(t.maxConnections.value)}` : ''} (§10.1)`,
    f.unboundedCallers.length > 0 &&
      `connections unbounded: ${f.unboundedCallers.join(', ')} ${f.unboundedCallers.length > 1 ? 'have' : 'has'} no max units (CM003, §16 anti-patterns 8 and 11)`,
    ...dependencies,
    !compute &&
      f.connections === null &&
      !dependencies.length &&
      !f.calls.length &&
      'declare unitRps (a compute tier) or maxConnections (a data tier) to get its capacity figures',
  ]);
}

/** Little's law on one dependency (§10.1): `→ db: 4,000 calls/s × 20 ms = 80 in flight / pool 200`. */
function edgeLine(e: EdgeFigure): string {
  const inFlight = e.inFlight === null ? '?' : formatNumber(e.inFlight);
  const pool = e.pool === null ? 'no pool (give connectionsPerUnit and units)' : `pool ${formatNumber(e.pool, 0)}`;
  const over = e.pool !== null && e.inFlight !== null && e.inFlight > e.pool ? ' — over the pool (CM009)' : '';
  return `→ ${e.callee}: ${e.rps === null ? '?' : formatNumber(e.rps)} calls/s × ${seconds(e.edge.latency!.value)} = ${inFlight} in flight / ${pool}${over}`;
}

function edgeHover({ figures }: CapacityAnalysis, f: TierFigure, edge: Edge): string {
  const e = f.calls.find(x => x.edge === edge);
  const perUnit = edge.connectionsPerUnit ?? f.tier.connectionsPerUnit;
  const constraint = e && figures.constraints.find(x => x.kind === 'pool' && x.node === edge.node);
  return card(`Call ${f.tier.name} → ${edge.callee}`, '§4.3, §10.1', [
    f.rps !== null &&
      `call rate = rps(${f.tier.name}) × callsPerRequest = ${formatNumber(f.rps)} × ${formatNumber(edge.callsPerRequest, 3)} = ${rps(f.rps * edge.callsPerRequest)}`,
    e ? edgeLine(e) : 'give the call a latency to get its in-flight calls and compare them with the pool (CM009)',
    e &&
      e.pool !== null &&
      perUnit &&
      `pool = maxUnits × connectionsPerUnit${edge.connectionsPerUnit ? " (this edge's own)" : ''} = ${f.tier.maxUnits} × ${perUnit.value} = ${formatNumber(e.pool, 0)}`,
    constraint && `the pool fills at ${formatNumber(constraint.multiple, 2)}× peak, ${rps(constraint.rps)} (§10.6)`,
    edge.cyclic && 'closes a cycle (PD002): carries no demand',
  ]);
}

function queueHover({ d }: Context, f: QueueFigure): string {
  const q = f.queue;
  const rate = q.ratePerWorker && `${formatNumber(q.ratePerWorker.value)}/s`;
  const backlog = q.backlog && formatNumber(q.backlog.value, 0);
  const short = q.workers && firedIn(d, 'CM004', q.workers.node);
  const work = f.backlogWork !== null && q.backlog && f.backlogWork !== q.backlog.value;
  const arrivals = f.arrivalRate ? ` + ${formatNumber(f.arrivalRate)}/s arriving` : '';
  return card(`Queue ${q.name}`, '§8.4, §10.4, §20 ex. 2', [
    work &&
      `${FORMULAS.backlogWork.text} = ${backlog} × (1 + ${formatPercent(q.poisonRatio!.value, 1)} × ${q.maxReceiveCount!.value - 1}) = ${formatNumber(f.backlogWork!, 0)}`,
    f.workersNeeded !== null
      ? `${FORMULAS.workersNeeded.text} = ceil((${formatNumber(f.backlogWork!, 0)} / ${seconds(q.drainTime!.value)}${arrivals}) / ${rate}) = ${f.workersNeeded}`
      : `${FORMULAS.workersNeeded.text}: ${workersNeededGap(q)}`,
    f.workers !== null &&
      f.drainTimeS !== null &&
      `with ${q.workers ? 'the declared' : `the consumer's max of`} ${f.workers} workers: ${FORMULAS.drainTime.text} = ${formatNumber(f.backlogWork!, 0)} / (${f.workers} × ${rate}${f.arrivalRate ? ` − ${formatNumber(f.arrivalRate)}/s` : ''}) = ${formatSeconds(f.drainTimeS)}${q.drainTime ? `, target ${formatMs(q.drainTime.value)}` : ''}${short ? ' (CM004: too few workers)' : ''}`,
    f.workers !== null &&
      f.drainTimeS === null &&
      f.backlogWork !== null &&
      'with these workers the backlog never drains (CM004)',
    q.consumer && `runs on tier ${q.consumer}: its units are the workers and open its pools (§10.4)`,
    'a queue protects the caller only if its consumers drain it fast enough (§3)',
  ]);
}

const USAGE_FORMULA: Record<QuotaMeasure, string> = {
  concurrency: 'Σ tiers’ in flight + Σ queues’ workers',
  rps: 'Σ tiers’ rps',
  connections: 'Σ connections into the tiers',
  units: 'Σ max units',
  workers: 'Σ queues’ workers',
};

function quotaHover({ d }: Context, { figures }: CapacityAnalysis, f: QuotaFigure): string {
  const q = f.quota;
  const limit = q.limit ? ` of the ${formatNumber(q.limit.value, 0)} limit` : ' (no limit given)';
  const overrun = q.limit && firedIn(d, 'CM005', q.limit.node);
  const constraint = figures.constraints.find(x => x.kind === 'quota' && x.node === q.node);
  if (!q.measures)
    return card(`Quota ${q.name}`, '§7', [
      'measures is not one of concurrency, rps, connections, units, workers (PD002): no usage figure',
    ]);
  const unit = QUOTA_UNIT[q.measures];
  return card(`Quota ${q.name}`, '§7, §4.3, §10.5', [
    q.appliesTo.length
      ? `usage = ${USAGE_FORMULA[q.measures]} over ${q.appliesTo.join(', ')}`
      : `measures ${q.measures === 'rps' ? 'the request rate (peakRps)' : q.measures === 'concurrency' ? 'concurrency (in flight = peakRps × latency)' : `${unit} over the whole model`}`,
    f.usage !== null &&
      `at peak: ${formatNumber(f.usage)} ${unit}${limit}${f.usedPercent === null ? '' : ` = ${formatPercent(f.usedPercent)}`}`,
    f.usageP95 !== null && `at p95 latency: ${formatNumber(f.usageP95)} ${unit}${limit}`,
    f.usageRequired !== null && `with the safety factor: ${formatNumber(f.usageRequired)} ${unit}${limit}`,
    constraint && `reached at ${formatNumber(constraint.multiple, 2)}× peak, ${rps(constraint.rps)} (§10.6)`,
    q.adjustable === false &&
      'not adjustable: when usage exceeds it, the design must change (split accounts or cells, §7.3 rule 6)',
    q.increaseRequested && `increase requested to ${formatNumber(q.increaseRequested.value, 0)} (§7.3 rule 2)`,
    overrun && `over the limit (CM005, ${overrun.severity}): quotas are architecture constraints`,
  ]);
}

function scalingHover({ model, figures }: CapacityAnalysis, s: ScalingPolicy): string {
  const f = figures.tiers.find(x => x.tier.name === s.tier);
  const resource = s.metric && metricResource(s.metric);
  return card(`Scaling ${s.tier}${s.policy ? `: ${s.policy}` : ''}`, '§8, §8.5', [
    f &&
      f.unitsNeeded !== null &&
      `tier ${s.tier} needs ${f.unitsNeeded} units at peak${f.tier.maxUnits === undefined ? ' and has no max' : ` and scales to ${f.tier.maxUnits}`}: limit max capacity to protect dependencies (§8.5 rule 5)`,
    f?.bottleneck &&
      `bottleneck ${f.bottleneck}${resource ? `; the metric tracks ${resource}${resource === f.bottleneck.toLowerCase() ? ' (matches, §18.3)' : ' (CM011: not the bottleneck)'}` : ''}`,
    s.scaleOutTime &&
      `scale-out time ${formatMs(s.scaleOutTime.value)}${mapGet(s.node, 'scaleOutTime') ? '' : ' (its warmup)'}${model.rampTime ? ` against a ${formatMs(model.rampTime.value)} traffic ramp` : ''} (§8.5 rules 3 and 4)`,
    s.hasCooldown
      ? 'has a cooldown: avoids oscillation (§8.5 rule 2)'
      : 'no cooldown: the loop oscillates (CM007, §8.5 rule 2)',
  ]);
}

// --- LoadTestPlan (§13) ---

/** What each test type answers (§13.1). */
const TEST_PURPOSE: Record<TestType, string> = {
  smoke: 'confirm the basic path works',
  baseline: 'establish normal performance',
  load: 'validate expected peak traffic',
  stress: 'find the breaking point',
  spike: 'validate burst handling',
  soak: 'detect leaks and degradation over time',
  failover: 'validate performance during component failure',
  'backlog-drain': 'validate async recovery speed',
};

const purpose = (type: string) => (TEST_PURPOSE as Record<string, string | undefined>)[type];

function loadTestHover(c: Context, a: LoadTestAnalysis): string | null {
  const p = c.loc.path;
  if (p[0] === 'tests') {
    if (p.length === 1) return coverageHover(a);
    const t = listEntry(c.loc, a.model.tests, x => x.node);
    if (t && p[2] === 'results') return resultsHover(a, t);
    if (t && p[2] === 'criteria' && p[3] === 'resources' && typeof p[4] === 'string') return resourceHover(a, t, p[4]);
    return t ? testHover(c, a, t) : null;
  }
  if (p[0] === 'budget' && a.references.budget) {
    const { model, figures } = a.references.budget;
    return card(`Budget "${model.name}"`, '§18.5', [
      `critical path Σ ${shareText(figures.totalMs, figures.shareOfTarget, model, figures)}`,
      "each test's criteria are held to its targets (LT004)",
    ]);
  }
  if (p[0] === 'capacity' && a.references.capacity) {
    const { model, figures } = a.references.capacity;
    return card(`Capacity model "${model.name}"`, '§13.1', [
      model.peakRps !== undefined &&
        `peak ${rps(model.peakRps)}${figures.inFlight === null ? '' : `, ${formatNumber(figures.inFlight)} in flight`}: a load test must reach it (LT003)`,
    ]);
  }
  return null;
}

function coverageHover({ figures }: LoadTestAnalysis): string {
  return card('Test types', '§13.1', [
    `covers ${TEST_TYPES.length - figures.missingTestTypes.length} of ${TEST_TYPES.length}: ${figures.testTypes.join(', ') || 'none'}`,
    ...figures.missingTestTypes.map(t => `missing ${t}: ${TEST_PURPOSE[t]}`),
  ]);
}

function testHover({ d }: Context, { references }: LoadTestAnalysis, t: LoadTest): string {
  const peak = references.capacity?.model.peakRps;
  const target = references.budget?.model.target;
  const criteria = (['p50', 'p95', 'p99'] as const).flatMap(k => {
    const c = t.criteria[k];
    if (!c) return [];
    const goal = target?.[k];
    return [
      `${k} ${formatMs(c.value)}${goal ? ` against the budget's ${formatMs(goal.value)}${firedIn(d, 'LT004', c.node) ? ' — looser (LT004)' : ''}` : ''}`,
    ];
  });
  const e = t.criteria.errorRate;
  if (e)
    criteria.push(
      `errorRate ${formatPercent(e.value, 2)}${target?.errorRate ? ` against the budget's ${formatPercent(target.errorRate.value, 2)}${firedIn(d, 'LT004', e.node) ? ' — looser (LT004)' : ''}` : ''}`,
    );
  return card(`${t.type || 'Untyped'} test`, '§13.1, §13.3', [
    purpose(t.type) && `purpose: ${purpose(t.type)}`,
    t.rps &&
      `${rps(t.rps.value)}${peak === undefined || t.type !== 'load' ? '' : ` against the capacity model's ${rps(peak)} peak${firedIn(d, 'LT003', t.rps.node) ? ' — below it (LT003)' : ''}`}`,
    criteria.length
      ? `criteria: ${criteria.join('; ')}`
      : 'no latency criteria: "the load test passed" is not a criterion (LT002)',
    t.cache && `cache: ${t.cache} (§18.5: test warm and cold)`,
  ]);
}
