// The numbers each chart is drawn from. Every value is a figure of the analysis core (or a core
// formula called with figures): nothing is recomputed here, so the preview, the report, the
// diagnostics and the CLI's metrics cannot disagree. Each element carries the zero-based line
// of the YAML it comes from (click → reveal) and a status taken from the findings on that YAML,
// so a bar turns red exactly where a diagnostic is.
import { assertNever, type DocumentAnalysis, type FileAnalysis } from '../core/analyze';
import type { Finding, Severity } from '../core/types';
import type { PNode } from '../core/yamlTree';
import { mapGet } from '../core/yamlTree';
import { keyRange } from '../core/reader';
import {
  LatencyAnalysis,
  PERCENTILES,
  Percentile,
  Segment,
  segmentCostMs,
  segmentWorstCaseMs,
} from '../core/latencyBudget';
import { CapacityAnalysis, QuotaMeasure } from '../core/capacityModel';
import { LoadTestAnalysis, TEST_TYPES, TestType } from '../core/loadTestPlan';
import type { CapacityViews } from './flow';
import { capacityViews } from './flowModel';

/** The worst finding on an element, or 'ok'. */
export type Status = 'ok' | Severity;

const RANK: Record<Status, number> = { ok: 0, hint: 1, information: 2, warning: 3, error: 4 };

export function worstStatus(statuses: Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'ok');
}

type Span = { start: number; end: number };

/** Lines and finding statuses of one document's YAML nodes. */
class Anchors {
  constructor(
    private readonly file: FileAnalysis,
    private readonly findings: Finding[],
  ) {}

  line(at: Span): number {
    return this.file.lines.positionAt(at.start).line;
  }

  /** The same document's lines with other findings (a scenario's). */
  with(findings: Finding[]): Anchors {
    return new Anchors(this.file, findings);
  }

  get settings() {
    return this.file.settings;
  }

  /** The worst finding with one of `codes` that starts inside one of `spans`. */
  status(codes: readonly string[], ...spans: (Span | undefined)[]): Status {
    return worstStatus(
      this.findings
        .filter(
          f =>
            codes.includes(f.code) &&
            spans.some(s => s && f.start >= s.start && f.start < Math.max(s.end, s.start + 1)),
        )
        .map(f => f.severity),
    );
  }
}

// --- LatencyBudget: the critical-path waterfall and the worst case against the timeout ---

export type BarRole = 'segment' | 'group' | 'branch' | 'async' | 'buffer';

export interface WaterfallBar {
  name: string;
  line: number;
  role: BarRole;
  /** Where the bar starts and ends on the request's timeline; async bars do not move the path on. */
  startMs: number;
  endMs: number;
  /** A branch of a parallel group, drawn under the group from the group's start. */
  inGroup: boolean;
  /** For a branch: it is the slowest, so it sets the group's cost. */
  critical: boolean;
  status: Status;
}

export interface TargetLine {
  percentile: Percentile;
  ms: number;
  line: number;
  budgeted: boolean;
}

export interface WorstCaseStep {
  name: string;
  line: number;
  startMs: number;
  endMs: number;
  status: Status;
}

export interface LatencyChart {
  percentile: Percentile;
  bars: WaterfallBar[];
  targets: TargetLine[];
  /** The `segments:` key, where LB001/LB002 are reported. */
  pathLine: number;
  totalMs: number;
  targetMs: number | null;
  /** Negative when the path overruns the target. */
  headroomMs: number | null;
  bufferMs: number;
  /** LB001 (over the target) or LB002 (no room for variance). */
  pathStatus: Status;
  worstCase: {
    /** The bounded segments on the path, one after the other. */
    steps: WorstCaseStep[];
    totalMs: number | null;
    timeoutMs: number | null;
    timeoutLine: number | null;
    /** Dependencies without a timeout: they make the worst case unbounded (null). */
    unbounded: { name: string; line: number }[];
    status: Status;
  };
}

const SEGMENT_CODES = ['LB005', 'LB006', 'LB008', 'LB010'];

function latencyChart(a: LatencyAnalysis, at: Anchors): LatencyChart {
  const { model, figures } = a;
  const bars: WaterfallBar[] = [];
  const leaf = (s: Segment, startMs: number, role: BarRole, inGroup = false, critical = false): WaterfallBar => ({
    name: s.name,
    line: at.line(s.node),
    role,
    startMs,
    endMs: startMs + segmentCostMs(s),
    inGroup,
    critical,
    status: at.status(SEGMENT_CODES, s.node),
  });
  for (const f of figures.perSegment) {
    const s = f.segment;
    const startMs = f.runningTotalMs - f.costMs;
    if (!s.parallel) {
      bars.push(leaf(s, startMs, s.async ? 'async' : s.buffer ? 'buffer' : 'segment'));
      continue;
    }
    bars.push({
      name: s.name,
      line: at.line(s.node),
      role: s.async ? 'async' : 'group',
      startMs,
      endMs: startMs + segmentCostMs(s),
      inGroup: false,
      critical: false,
      status: at.status(['LB011'], s.node),
    });
    const slowest = f.slowestCall;
    for (const c of s.parallel)
      bars.push(leaf(c, startMs, c.async || s.async ? 'async' : 'branch', true, c === slowest));
  }

  const steps: WorstCaseStep[] = [];
  const unbounded: { name: string; line: number }[] = [];
  let elapsed = 0;
  for (const f of figures.perSegment) {
    const s = f.segment;
    if (s.async) continue;
    if (f.worstCaseMs === null) {
      const leaves = s.parallel ? s.parallel.filter(c => !c.async && segmentWorstCaseMs(c) === null) : [s];
      unbounded.push(...leaves.map(c => ({ name: c.name, line: at.line(c.node) })));
      continue;
    }
    steps.push({
      name: s.name,
      line: at.line(s.node),
      startMs: elapsed,
      endMs: elapsed + f.worstCaseMs,
      status: at.status(SEGMENT_CODES, s.node),
    });
    elapsed += f.worstCaseMs;
  }

  const timeout = model.target.timeout;
  return {
    percentile: model.budgetPercentile,
    bars,
    targets: PERCENTILES.flatMap(p => {
      const q = model.target[p];
      return q ? [{ percentile: p, ms: q.value, line: at.line(q.node), budgeted: p === model.budgetPercentile }] : [];
    }),
    pathLine: at.line(keyRange(model.root, 'segments')),
    totalMs: figures.totalMs,
    targetMs: figures.targetMs,
    headroomMs: figures.headroomMs,
    bufferMs: figures.bufferMs,
    pathStatus: at.status(['LB001', 'LB002'], model.root),
    worstCase: {
      steps,
      totalMs: figures.worstCaseMs,
      timeoutMs: figures.timeoutMs,
      timeoutLine: timeout ? at.line(timeout.node) : null,
      unbounded,
      status: timeout ? at.status(['LB007'], timeout.node) : 'ok',
    },
  };
}

// --- CapacityModel: tiers, connections, queues, quotas ---

export interface TierRow {
  name: string;
  line: number;
  /** The tier's demand at peak (§10.1): the entry tier's is the peak, a callee's its callers'. */
  rps: number | null;
  /** Its demand × safety factor. */
  requiredRps: number | null;
  /** max units × unit rps × max utilization. */
  capacityRps: number | null;
  /** Capacity with one zone lost (at full utilization, as the spec defines it). */
  failoverRps: number | null;
  unitsNeeded: number | null;
  maxUnits: number | null;
  zones: number | null;
  utilizationAtPeak: number | null;
  maxUtilization: number;
  status: { capacity: Status; failover: Status; utilization: Status };
}

export interface ConnectionRow {
  tier: string;
  line: number;
  connections: number;
  maxConnections: number | null;
  sources: { name: string; line: number; connections: number }[];
  status: Status;
}

export interface QueueRow {
  name: string;
  line: number;
  backlog: number | null;
  targetDrainS: number | null;
  workers: number | null;
  workersNeeded: number | null;
  /** Drain time with the declared workers. */
  drainTimeS: number | null;
  /** Drain time with the workers needed to meet the target. */
  neededDrainTimeS: number | null;
  status: Status;
}

export interface QuotaRow {
  name: string;
  line: number;
  measures: QuotaMeasure | null;
  limit: number | null;
  /** In flight at the average latency (concurrency), or the peak rps. */
  now: number | null;
  /** In flight at the p95 latency (concurrency), or peak × safety factor (rps). */
  atP95: number | null;
  /** In flight when every request waits for the request timeout (concurrency only). */
  atTimeout: number | null;
  status: Status;
}

export interface CapacityChart {
  peakRps: number | null;
  inFlight: number | null;
  inFlightP95: number | null;
  requiredRps: number | null;
  /** The request timeout of the budget `traffic.latencyFrom` names, when there is one. */
  timeoutMs: number | null;
  tiers: TierRow[];
  connections: ConnectionRow[];
  queues: QueueRow[];
  quotas: QuotaRow[];
  /** The demand-flow diagram and what breaks first, as designed, per scenario and per §21 what-if. */
  views: CapacityViews;
}

function capacityChart(a: CapacityAnalysis, at: Anchors): CapacityChart {
  const { model, figures } = a;
  const peak = model.peakRps ?? null;
  const owners = [...model.tiers, ...model.queues];
  const lineOf = (name: string) => {
    const owner = owners.find(o => o.name === name);
    return owner ? at.line(owner.node) : at.line(model.root);
  };
  return {
    peakRps: peak,
    inFlight: figures.inFlight,
    inFlightP95: figures.inFlightP95,
    requiredRps: figures.requiredRps,
    timeoutMs: model.borrowed?.timeoutMs ?? null,
    views: capacityViews(a, at),
    tiers: figures.tiers
      .filter(f => f.tier.unitRps)
      .map(f => ({
        name: f.tier.name,
        line: at.line(f.tier.node),
        rps: f.rps,
        requiredRps: f.requiredRps,
        capacityRps: f.capacityRps,
        failoverRps: f.failoverRps,
        unitsNeeded: f.unitsNeeded,
        maxUnits: f.tier.maxUnits ?? null,
        zones: f.tier.zones?.value ?? null,
        utilizationAtPeak: f.utilizationAtPeak,
        maxUtilization: model.maxUtilization,
        status: {
          capacity: at.status(['CM001'], f.tier.node),
          failover: at.status(['CM002'], f.tier.node),
          utilization: at.status(['CM006'], f.tier.node),
        },
      })),
    connections: figures.tiers
      .filter(f => f.connections !== null)
      .map(f => ({
        tier: f.tier.name,
        line: at.line(f.tier.node),
        connections: f.connections!,
        maxConnections: f.tier.maxConnections?.value ?? null,
        sources: f.connectionSources.map(s => ({ ...s, line: lineOf(s.name) })),
        status: at.status(['CM003'], f.tier.node),
      })),
    queues: figures.queues.map(f => {
      const q = f.queue;
      return {
        name: q.name,
        line: at.line(q.node),
        backlog: q.backlog?.value ?? null,
        targetDrainS: q.drainTime ? q.drainTime.value / 1000 : null,
        workers: q.workers?.value ?? null,
        workersNeeded: f.workersNeeded,
        drainTimeS: f.drainTimeS,
        neededDrainTimeS: f.neededDrainTimeS,
        status: at.status(['CM004'], q.node),
      };
    }),
    quotas: figures.quotas.map(f => ({
      name: f.quota.name,
      line: at.line(f.quota.node),
      measures: f.quota.measures ?? null,
      limit: f.quota.limit?.value ?? null,
      now: f.usage,
      atP95: f.usageP95 ?? f.usageRequired,
      atTimeout: f.quota.measures === 'concurrency' ? figures.inFlightAtTimeout : null,
      status: at.status(['CM005'], f.quota.node),
    })),
  };
}

// --- LoadTestPlan: the eight test types, criteria against the budget ---

export interface CoverageCell {
  type: TestType;
  tests: number;
  /** The first test of this type, or the `tests:` key where the missing one belongs. */
  line: number;
}

export type CriterionKey = Percentile | 'errorRate';

export interface Criterion {
  key: CriterionKey;
  value: number;
  line: number;
  status: Status;
}

export interface CriteriaRow {
  type: string;
  name: string | null;
  line: number;
  rps: number | null;
  cache: string | null;
  /** p50/p95/p99 in ms, errorRate as a fraction; absent criteria are left out. */
  criteria: Criterion[];
  /** LT002 (vague criteria), LT003 (load below peak). */
  status: Status;
}

export interface LoadTestChart {
  coverage: CoverageCell[];
  rows: CriteriaRow[];
  /** The referenced budget's targets, when `budget:` resolves. */
  budget: { name: string; targets: { key: CriterionKey; value: number }[] } | null;
  peakRps: number | null;
}

function loadTestChart(a: LoadTestAnalysis, at: Anchors): LoadTestChart {
  const { model, references } = a;
  const testsLine = at.line(keyRange(model.root, 'tests'));
  const target = references.budget?.model.target;
  return {
    coverage: TEST_TYPES.map(type => {
      const tests = model.tests.filter(t => t.type === type);
      return { type, tests: tests.length, line: tests.length ? at.line(tests[0].node) : testsLine };
    }),
    rows: model.tests.map(t => {
      const criteria: Criterion[] = [];
      for (const key of [...PERCENTILES, 'errorRate'] as const) {
        const q = t.criteria[key];
        if (q) criteria.push({ key, value: q.value, line: at.line(q.node), status: at.status(['LT004'], q.node) });
      }
      return {
        type: t.type,
        name: scalarText(mapGet(t.node, 'name')),
        line: at.line(t.node),
        rps: t.rps?.value ?? null,
        cache: t.cache ?? null,
        criteria,
        status: at.status(['LT002', 'LT003'], t.node),
      };
    }),
    budget:
      target && references.budget
        ? {
            name: references.budget.model.name,
            targets: ([...PERCENTILES, 'errorRate'] as const).flatMap(key => {
              const q = target[key];
              return q ? [{ key, value: q.value }] : [];
            }),
          }
        : null,
    peakRps: references.capacity?.model.peakRps ?? null,
  };
}

function scalarText(n: PNode | null | undefined): string | null {
  return n?.type === 'scalar' && n.value !== null ? String(n.value) : null;
}

// --- one document ---

export interface DocumentCharts {
  latency?: LatencyChart;
  capacity?: CapacityChart;
  loadTest?: LoadTestChart;
}

/** The chart models of one analyzed document. */
export function documentCharts(file: FileAnalysis, d: DocumentAnalysis): DocumentCharts {
  const at = new Anchors(file, d.findings);
  switch (d.kind) {
    case 'LatencyBudget':
      return { latency: latencyChart(d.latency, at) };
    case 'CapacityModel':
      return { capacity: capacityChart(d.capacity, at) };
    case 'LoadTestPlan':
      return { loadTest: loadTestChart(d.loadTest, at) };
    case 'ObservabilityPlan': // coverage, not quantities: its figures are in the hover and the checklist
    case null:
      return {};
    default:
      return assertNever(d);
  }
}
