// LatencyBudget (spec §3, §9; lesson §4.5, §5, §11, §16): the critical path summed against the target.
import { AnalysisSettings, Metrics } from './types';
import { PMap, PSeq, mapPair } from './yamlTree';
import { Quantity, Reader, firstLine, keyRange } from './reader';
import { formatMs, formatPercent, round } from './units';

export type Percentile = 'p50' | 'p95' | 'p99';
export const PERCENTILES: readonly Percentile[] = ['p50', 'p95', 'p99'];

export interface Segment {
  name: string;
  node: PMap;
  budget?: Quantity;
  dependency?: string;
  timeout?: Quantity;
  retries: number;
  retriesNode?: Quantity;
  backoff?: Quantity;
  jitter: boolean;
  async: boolean;
  buffer: boolean;
  region?: string;
  /** Who is accountable for the segment (§5.1 rule 7). */
  owner?: string;
  /** Children of a parallel group; the group costs the max of them. */
  parallel?: Segment[];
  parallelNode?: PSeq;
}

export interface LatencyBudget {
  kind: 'LatencyBudget';
  name: string;
  root: PMap;
  region?: string;
  targetNode?: PMap;
  target: Partial<Record<Percentile | 'timeout', Quantity>> & { errorRate?: Quantity };
  budgetPercentile: Percentile;
  segmentsNode?: PSeq;
  segments: Segment[];
  /** Top-level segments and the children of parallel groups, in document order. */
  allSegments: Segment[];
}

/** Per top-level segment: what it adds to the critical path and the running total after it. */
export interface SegmentFigure {
  segment: Segment;
  costMs: number;
  runningTotalMs: number;
  worstCaseMs: number | null;
  /** costMs / the budget percentile's target; null without a positive target. */
  shareOfTarget: number | null;
  /** Of a parallel group: the first call that sets its cost (the max of its calls). */
  slowestCall?: Segment;
}

export interface FanoutFigure {
  name: string;
  calls: number;
  /** At least one call beyond its own p99: 1 − 0.99^N (§3). */
  tailProbability: number;
  /** At least one call beyond its own budget: 1 − q^N, q = the budget percentile (§9). */
  exceedsBudgetProbability: number;
  segment: Segment;
}

export interface LatencyFigures {
  totalMs: number;
  targetMs: number | null;
  headroomMs: number | null;
  bufferMs: number;
  timeoutMs: number | null;
  worstCaseMs: number | null;
  fanout: FanoutFigure[];
  /** Dependency calls on the critical path, children of parallel groups one by one (D of §9). */
  dependencyCalls: number;
  /** Requests that meet at least one dependency slower than its budget: 1 − q^D; null when D = 0 (§9). */
  tailExposure: number | null;
  /** totalMs / targetMs: how much of the target the critical path takes; null without a positive target. */
  shareOfTarget: number | null;
  perSegment: SegmentFigure[];
}

export interface LatencyAnalysis {
  model: LatencyBudget;
  figures: LatencyFigures;
}

export function readLatencyBudget(root: PMap, r: Reader): LatencyBudget {
  const targetNode = r.map(root, 'target');
  const target: LatencyBudget['target'] = {};
  for (const key of [...PERCENTILES, 'timeout'] as const) {
    const q = r.duration(targetNode, key);
    if (q) target[key] = q;
  }
  const errorRate = r.ratio(targetNode, 'errorRate');
  if (errorRate) target.errorRate = errorRate;
  const percentile = r.string(root, 'budgetPercentile');
  const segmentsNode = r.seq(root, 'segments');
  const segments = r.maps(root, 'segments').map(s => readSegment(s, r));
  return {
    kind: 'LatencyBudget',
    name: r.string(root, 'name') ?? '',
    root,
    region: r.string(root, 'region'),
    targetNode,
    target,
    budgetPercentile: (PERCENTILES as readonly string[]).includes(percentile ?? '')
      ? (percentile as Percentile)
      : 'p95',
    segmentsNode,
    segments,
    allSegments: segments.flatMap(s => (s.parallel ? [s, ...s.parallel] : [s])),
  };
}

function readSegment(node: PMap, r: Reader): Segment {
  const retries = r.count(node, 'retries');
  const parallelNode = r.seq(node, 'parallel');
  return {
    name: r.string(node, 'name') ?? '(unnamed)',
    node,
    budget: r.duration(node, 'budget'),
    dependency: r.string(node, 'dependency'),
    timeout: r.duration(node, 'timeout'),
    retries: retries?.value ?? 0,
    retriesNode: retries,
    backoff: r.duration(node, 'backoff'),
    jitter: r.bool(node, 'jitter'),
    async: r.bool(node, 'async'),
    buffer: r.bool(node, 'buffer'),
    region: r.string(node, 'region'),
    owner: r.string(node, 'owner'),
    parallel: parallelNode ? r.maps(node, 'parallel').map(c => readSegment(c, r)) : undefined,
    parallelNode,
  };
}

// --- formulas (spec §3 table); each lives here once ---

/** What a segment adds to the critical path: its budget, or for a parallel group the max of its children. */
export function segmentCostMs(s: Segment): number {
  if (s.parallel) return Math.max(0, ...s.parallel.filter(c => !c.async).map(segmentCostMs));
  return s.budget?.value ?? 0;
}

/** Worst case of one segment: (1+retries)×timeout + retries×backoff for a dependency; null if unbounded. */
export function segmentWorstCaseMs(s: Segment): number | null {
  if (s.parallel) {
    let worst = 0;
    for (const c of s.parallel) {
      if (c.async) continue;
      const w = segmentWorstCaseMs(c);
      if (w === null) return null;
      worst = Math.max(worst, w);
    }
    return worst;
  }
  if (s.dependency !== undefined) {
    if (!s.timeout) return null;
    return (1 + s.retries) * s.timeout.value + s.retries * (s.backoff?.value ?? 0);
  }
  return s.budget?.value ?? 0;
}

/** A cost as a share of the target (§5): 220 ms of a 500 ms p95 → 0.44; null without a positive target. */
export function shareOfTarget(ms: number, targetMs: number | null): number | null {
  return targetMs !== null && targetMs > 0 ? ms / targetMs : null;
}

/** The first call of a parallel group that sets its cost, the max of its synchronous calls (§4.5). */
export function slowestCall(group: Segment): Segment | undefined {
  const cost = segmentCostMs(group);
  return group.parallel?.find(c => !c.async && segmentCostMs(c) === cost);
}

/** The budget percentile as the fraction of calls that meet their budget: p95 → 0.95. */
export function percentileFraction(p: Percentile): number {
  return Number(p.slice(1)) / 100;
}

/** Chance that at least one of `calls` independent calls is slower than its q-quantile (§4.5): 1 − q^calls. */
export function atLeastOneBeyond(q: number, calls: number): number {
  return 1 - Math.pow(q, calls);
}

/** Chance that at least one of N calls exceeds its own p99 (§4.5): 1 − 0.99^N. */
export function fanoutTailProbability(calls: number): number {
  return atLeastOneBeyond(0.99, calls);
}

/** The calls of a top-level segment that are on the critical path: itself, or a group's non-async children. */
function criticalCalls(s: Segment): Segment[] {
  if (s.async) return [];
  return s.parallel ? s.parallel.filter(c => !c.async) : [s];
}

export function latencyFigures(m: LatencyBudget): LatencyFigures {
  let total = 0;
  let worst: number | null = 0;
  let buffer = 0;
  const perSegment: SegmentFigure[] = [];
  const fanout: FanoutFigure[] = [];
  const q = percentileFraction(m.budgetPercentile);
  const targetMs = m.target[m.budgetPercentile]?.value ?? null;
  for (const s of m.segments) {
    if (s.buffer) buffer += s.budget?.value ?? 0;
    if (s.async) {
      perSegment.push({ segment: s, costMs: 0, runningTotalMs: total, worstCaseMs: 0, shareOfTarget: null });
      continue;
    }
    const cost = segmentCostMs(s);
    const w = segmentWorstCaseMs(s);
    total += cost;
    worst = worst === null || w === null ? null : worst + w;
    perSegment.push({
      segment: s,
      costMs: cost,
      runningTotalMs: total,
      worstCaseMs: w,
      shareOfTarget: shareOfTarget(cost, targetMs),
      ...(s.parallel && { slowestCall: slowestCall(s) }),
    });
    if (s.parallel) {
      const calls = criticalCalls(s).length;
      fanout.push({
        name: s.name,
        calls,
        tailProbability: fanoutTailProbability(calls),
        exceedsBudgetProbability: atLeastOneBeyond(q, calls),
        segment: s,
      });
    }
  }
  const dependencyCalls = m.segments.flatMap(criticalCalls).filter(c => c.dependency !== undefined).length;
  return {
    totalMs: total,
    targetMs,
    headroomMs: targetMs === null ? null : targetMs - total,
    bufferMs: buffer,
    timeoutMs: m.target.timeout?.value ?? null,
    worstCaseMs: worst,
    fanout,
    dependencyCalls,
    tailExposure: dependencyCalls ? atLeastOneBeyond(q, dependencyCalls) : null,
    shareOfTarget: shareOfTarget(total, targetMs),
    perSegment,
  };
}

export function latencyMetrics(f: LatencyFigures): Metrics {
  return {
    totalMs: round(f.totalMs, 3),
    targetMs: f.targetMs,
    headroomMs: f.headroomMs === null ? null : round(f.headroomMs, 3),
    bufferMs: round(f.bufferMs, 3),
    timeoutMs: f.timeoutMs,
    worstCaseMs: f.worstCaseMs === null ? null : round(f.worstCaseMs, 3),
    fanout: f.fanout.map(g => ({
      name: g.name,
      calls: g.calls,
      tailProbability: round(g.tailProbability, 4),
      exceedsBudgetProbability: round(g.exceedsBudgetProbability, 4),
    })),
    tailExposure: f.tailExposure === null ? null : round(f.tailExposure, 4),
  };
}

// --- rules (spec §3 rules table) ---

type LatencyRule = (a: LatencyAnalysis, r: Reader, settings: AnalysisSettings) => void;

const overTarget: LatencyRule = ({ model, figures }, r) => {
  if (figures.targetMs === null || figures.totalMs <= figures.targetMs) return;
  const over = figures.totalMs - figures.targetMs;
  r.report(
    'LB001',
    'error',
    `critical path sums to ${formatMs(figures.totalMs)}, over the ${model.budgetPercentile} target of ${formatMs(figures.targetMs)} by ${formatMs(over)}: cut or re-negotiate segment budgets (§5)`,
    model.segmentsNode ? keyRange(model.root, 'segments') : firstLine(model.root),
    { overMs: over },
  );
};

const noRoomForVariance: LatencyRule = ({ model, figures }, r, settings) => {
  if (figures.targetMs === null || figures.headroomMs === null || figures.totalMs > figures.targetMs) return;
  const room = figures.headroomMs + figures.bufferMs;
  const needed = (figures.targetMs * settings.minBufferPercent) / 100;
  if (room >= needed) return;
  r.report(
    'LB002',
    'warning',
    `only ${formatMs(room)} of headroom and buffer (${formatPercent(room / figures.targetMs, 1)} of the ${model.budgetPercentile} target); reserve at least ${settings.minBufferPercent}% (${formatMs(needed)}) for variance (§5.1 rule 5)`,
    model.segmentsNode ? keyRange(model.root, 'segments') : firstLine(model.root),
    { bufferMs: Math.ceil(needed - room) },
  );
};

const missingPercentiles: LatencyRule = ({ model }, r) => {
  const missing = (['p95', 'p99'] as const).filter(p => !model.targetNode || !mapPair(model.targetNode, p));
  if (!missing.length) return;
  r.report(
    'LB003',
    'warning',
    `target lacks ${missing.join(' and ')}: averages hide production pain, define p95/p99 (§5.1 rule 2, §18.1)`,
    model.targetNode ? keyRange(model.root, 'target') : firstLine(model.root),
    { missing },
  );
};

const missingTimeout: LatencyRule = ({ model }, r) => {
  if (model.targetNode && mapPair(model.targetNode, 'timeout')) return;
  r.report(
    'LB004',
    'warning',
    'target lacks a timeout: without a timeout budget a slow dependency holds the request forever (§18.1, §16 anti-pattern 7)',
    model.targetNode ? keyRange(model.root, 'target') : firstLine(model.root),
  );
};

const dependencyWithoutTimeout: LatencyRule = ({ model }, r) => {
  for (const s of model.allSegments) {
    if (s.dependency === undefined || mapPair(s.node, 'timeout')) continue;
    const suggested = s.budget ? s.budget.value * 2 : null;
    r.report(
      'LB005',
      'warning',
      `segment "${s.name}" calls ${s.dependency} without a timeout: external dependencies need an explicit timeout and retry policy (§18.1)`,
      keyRange(s.node, 'dependency'),
      suggested === null ? undefined : { timeoutMs: suggested },
    );
  }
};

const retriesWithoutBackoff: LatencyRule = ({ model }, r) => {
  for (const s of model.allSegments) {
    if (s.retries <= 0) continue;
    const lacks = [!s.backoff && 'backoff', !s.jitter && 'jitter: true'].filter(Boolean);
    if (!lacks.length) continue;
    r.report(
      'LB006',
      'warning',
      `segment "${s.name}" retries ${s.retries}× without ${lacks.join(' or ')}: synchronized retries amplify an overload into a retry storm (§16 anti-pattern 6)`,
      s.retriesNode ? s.retriesNode.node : keyRange(s.node, 'retries'),
    );
  }
};

const worstCaseOverTimeout: LatencyRule = ({ model, figures }, r) => {
  if (figures.worstCaseMs === null || figures.timeoutMs === null || figures.worstCaseMs <= figures.timeoutMs) return;
  r.report(
    'LB007',
    'error',
    `worst case with timeouts and retries is ${formatMs(figures.worstCaseMs)}, over the request timeout of ${formatMs(figures.timeoutMs)}: the caller gives up before the retries finish (§5.1 rule 3)`,
    model.target.timeout!.node,
  );
};

const timeoutBelowBudget: LatencyRule = ({ model }, r) => {
  for (const s of model.allSegments) {
    if (!s.timeout || !s.budget || s.timeout.value >= s.budget.value) continue;
    r.report(
      'LB008',
      'error',
      `segment "${s.name}" times out at ${formatMs(s.timeout.value)}, below its own budget of ${formatMs(s.budget.value)}: calls that meet the budget would be cut off`,
      s.timeout.node,
    );
  }
};

const targetsNotAscending: LatencyRule = ({ model }, r) => {
  const order = (['p50', 'p95', 'p99', 'timeout'] as const).filter(k => model.target[k]);
  for (let i = 1; i < order.length; i++) {
    const lo = model.target[order[i - 1]]!,
      hi = model.target[order[i]]!;
    if (lo.value <= hi.value) continue;
    r.report(
      'LB009',
      'error',
      `targets must ascend (p50 ≤ p95 ≤ p99 ≤ timeout): ${order[i]} ${formatMs(hi.value)} is below ${order[i - 1]} ${formatMs(lo.value)}`,
      hi.node,
    );
  }
};

/** A zero target is a typo, not a goal: every request would miss it, and shares of it divide by zero. */
const zeroTarget: LatencyRule = ({ model }, r) => {
  for (const k of [...PERCENTILES, 'timeout'] as const) {
    const q = model.target[k];
    if (q?.value === 0)
      r.report('PD002', 'error', `target.${k} must be above 0 ms: no request completes in no time`, q.node, {
        path: `target.${k}`,
      });
  }
};

const crossRegionCall: LatencyRule = ({ model }, r) => {
  if (model.region === undefined) return crossRegionWithoutHome(model, r);
  for (const s of model.allSegments) {
    if (s.async || s.region === undefined || s.region === model.region) continue;
    r.report(
      'LB010',
      'warning',
      `segment "${s.name}" runs in ${s.region} while the request path is in ${model.region}: a synchronous cross-region call is a major design smell (§11.2); make it async or read locally`,
      keyRange(s.node, 'region'),
    );
  }
};

/** Without a home region, two regions among the synchronous segments still mean a call crosses between them (§9). */
function crossRegionWithoutHome(model: LatencyBudget, r: Reader): void {
  const regions = [...new Set(model.segments.flatMap(criticalCalls).flatMap(s => s.region ?? []))];
  if (regions.length < 2) return;
  r.report(
    'LB010',
    'warning',
    `segments run in ${regions.length} regions (${regions.join(', ')}) and the budget declares no home region: at least one synchronous call crosses regions, a major design smell (§11.2); declare \`region:\` and make the remote calls async or read locally`,
    model.segmentsNode ? keyRange(model.root, 'segments') : firstLine(model.root),
    { regions },
  );
}

const fanoutTail: LatencyRule = ({ model, figures }, r) => {
  const p = model.budgetPercentile;
  for (const g of figures.fanout) {
    if (!g.calls) continue; // an empty group fans out to nothing: no tail to report
    const overBudget = `${formatPercent(g.exceedsBudgetProbability, 1)} of requests have at least one call over its ${p} budget (1 − ${percentileFraction(p)}^${g.calls})`;
    const beyondP99 = `${formatPercent(g.tailProbability, 1)} wait on at least one call beyond its p99 (1 − 0.99^${g.calls})`;
    r.report(
      'LB011',
      'information',
      `fan-out of ${g.calls} parallel calls: ${p === 'p99' ? overBudget : `${overBudget}, ${beyondP99}`}; tail latency compounds with fan-out (§4.5)`,
      g.segment.parallelNode ? keyRange(g.segment.node, 'parallel') : firstLine(g.segment.node),
      { calls: g.calls },
    );
  }
};

export const LATENCY_RULES: readonly LatencyRule[] = [
  overTarget,
  noRoomForVariance,
  missingPercentiles,
  missingTimeout,
  dependencyWithoutTimeout,
  retriesWithoutBackoff,
  worstCaseOverTimeout,
  timeoutBelowBudget,
  targetsNotAscending,
  zeroTarget,
  crossRegionCall,
  fanoutTail,
];

export function analyzeLatencyBudget(root: PMap, r: Reader, settings: AnalysisSettings): LatencyAnalysis {
  const model = readLatencyBudget(root, r);
  const analysis = { model, figures: latencyFigures(model) };
  for (const rule of LATENCY_RULES) rule(analysis, r, settings);
  return analysis;
}
