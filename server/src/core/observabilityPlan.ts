// ObservabilityPlan (spec §12; lesson §14, §18.6): what is measured per tier of the
// capacity model, which constrained resources have alarms, and whether traces, logs and
// dashboards can answer "which path is slow, which dependency is causing it" (§14).
// The alarms a model needs, with their thresholds, are figures here, so the OB002 quick
// fix, the hover and the checklist all read the same numbers.
import { AnalysisSettings, Metrics } from './types';
import { PMap, PNode, PScalar, PSeq, mapGet, mapPair, scalarText } from './yamlTree';
import { Reader, firstLine, keyRange } from './reader';
import { formatMs, formatNumber, parseCount, parseDuration, parseRatio, round } from './units';
import type { CapacityAnalysis } from './capacityModel';
import type { LatencyAnalysis } from './latencyBudget';

/** §14.1: the four signals every tier needs. */
export const GOLDEN_SIGNALS = ['latency', 'traffic', 'errors', 'saturation'] as const;
export type GoldenSignal = (typeof GOLDEN_SIGNALS)[number];

/** §14.3 trace fields (spec §12 names), each with the lesson's wording. */
export const TRACE_FIELDS = {
  tenant: 'tenant/request classification',
  retryCount: 'retry count',
  timeoutReason: 'timeout reason',
  cacheHit: 'cache hit/miss tag',
  queryClass: 'database query class, not raw sensitive query text',
  queueAge: 'queue message age',
  az: 'region/AZ/cell dimension where relevant',
} as const;
export type TraceField = keyof typeof TRACE_FIELDS;

/** §18.6: "dashboards separate user, service, dependency, and infrastructure view". */
export const DASHBOARD_VIEWS = ['user', 'service', 'dependency', 'infrastructure'] as const;

/** §14.2, per layer: the metrics to correlate, as signal names (camelCase of the lesson's words). */
export const LAYER_METRICS: Readonly<Record<string, readonly string[]>> = {
  CloudFront: ['cacheHitRate', 'originLatency', '4xx', '5xx'],
  'API Gateway': ['latency', 'integrationLatency', '4xx', '5xx', 'throttles'],
  ALB: ['targetResponseTime', 'target5xx', 'healthyHosts', 'requestCountPerTarget'],
  'ECS/EKS': ['cpu', 'memory', 'taskCount', 'podCount', 'restartCount', 'pendingPods'],
  Lambda: ['duration', 'initDuration', 'concurrentExecutions', 'throttles', 'errors', 'iteratorAge'],
  SQS: ['visibleMessages', 'oldestMessageAge', 'inFlightMessages'],
  DynamoDB: ['consumedCapacity', 'throttles', 'latency', 'hotPartitions'],
  'RDS/Aurora': ['cpu', 'connections', 'readIops', 'writeIops', 'replicaLag', 'lockWaits', 'deadlocks'],
  ElastiCache: ['cpu', 'memory', 'evictions', 'cacheHits', 'cacheMisses', 'connections'],
  Kinesis: ['incomingRecords', 'writeThrottles', 'readThrottles', 'iteratorAge'],
  'NAT Gateway': ['bytes', 'packets', 'errorPortAllocation', 'connections'],
};

export interface Alarm {
  node: PMap;
  metric?: string;
  metricNode?: PScalar;
  /** The threshold as written (`80%`, `400`, `30m`): its unit depends on the metric. */
  above?: string;
  aboveNode?: PScalar;
  runbook?: string;
}

export interface TierSignals {
  tier: string;
  /** The key under `signals:` (absent when the tier is not listed). */
  keyNode?: { start: number; end: number };
  /** The list of signals, when written. */
  listNode?: PSeq;
  signals: string[];
}

export interface ObservabilityPlan {
  kind: 'ObservabilityPlan';
  name: string;
  root: PMap;
  signalsNode?: PMap;
  signals: TierSignals[];
  tracesNode?: PMap;
  traces: { correlationId: boolean; propagated: boolean; fields: string[] };
  logsNode?: PMap;
  logs: { correlationId: boolean };
  dashboardsNode?: PSeq;
  dashboards: string[];
  alarmsNode?: PSeq;
  alarms: Alarm[];
  costMetrics: string[];
}

/** A constrained resource of the model and the alarm it needs (spec §12, OB002). */
export interface RequiredAlarm {
  resource: 'quota' | 'connections' | 'queue';
  /** The quota, data tier or queue. */
  name: string;
  metric: string;
  /** Threshold in the resource's unit (a count, or ms for a queue age); null when the model lacks the figure. */
  above: number | null;
  /** The threshold as the alarm writes it: `400`, `30m`. */
  aboveText: string | null;
  /** How the threshold follows from the model, e.g. "80% of maxConnections 500". */
  basis: string;
  /** The limit a percentage threshold is a share of (quota limit, maxConnections); null for a queue. */
  limit: number | null;
  /** The alarm that covers it, if any. */
  alarm?: Alarm;
}

export interface TierCoverage {
  tier: string;
  signals: string[];
  missing: GoldenSignal[];
  listed: TierSignals | undefined;
}

export interface ObservabilityFigures {
  /** Per tier of the referenced model (or each tier listed under signals, without a model). */
  tiers: TierCoverage[];
  requiredAlarms: RequiredAlarm[];
  missingTraceFields: TraceField[];
  /** `traces.correlationId` and `traces.propagated`: the trace ID and dependency span timings (§14.3). */
  tracesCorrelated: boolean;
  logsCorrelationId: boolean;
  missingDashboards: (typeof DASHBOARD_VIEWS)[number][];
  alarmsWithoutRunbook: Alarm[];
}

export interface ObservabilityReferences {
  capacity?: CapacityAnalysis;
  budget?: LatencyAnalysis;
}

export interface ObservabilityAnalysis {
  model: ObservabilityPlan;
  figures: ObservabilityFigures;
  references: ObservabilityReferences;
}

function strings(node: PNode | null | undefined): string[] {
  if (node?.type !== 'seq') return [];
  return node.items.flatMap(i => (i.type === 'scalar' && i.value !== null ? [scalarText(i.value)] : []));
}

export function readObservabilityPlan(root: PMap, r: Reader): ObservabilityPlan {
  const signalsNode = r.map(root, 'signals');
  const tracesNode = r.map(root, 'traces');
  const logsNode = r.map(root, 'logs');
  return {
    kind: 'ObservabilityPlan',
    name: r.string(root, 'name') ?? '',
    root,
    signalsNode,
    signals: (signalsNode?.pairs ?? []).map(p => ({
      tier: p.key,
      keyNode: { start: p.keyStart, end: p.keyEnd },
      listNode: p.value?.type === 'seq' ? p.value : undefined,
      signals: strings(p.value),
    })),
    tracesNode,
    traces: {
      correlationId: r.bool(tracesNode, 'correlationId'),
      propagated: r.bool(tracesNode, 'propagated'),
      fields: strings(tracesNode && mapGet(tracesNode, 'fields')),
    },
    logsNode,
    logs: { correlationId: r.bool(logsNode, 'correlationId') },
    dashboardsNode: r.seq(root, 'dashboards'),
    dashboards: strings(mapGet(root, 'dashboards')),
    alarmsNode: r.seq(root, 'alarms'),
    alarms: r.maps(root, 'alarms').map(node => ({
      node,
      metric: r.string(node, 'metric'),
      metricNode: r.scalar(node, 'metric'),
      above: r.string(node, 'above'),
      aboveNode: r.scalar(node, 'above'),
      runbook: r.string(node, 'runbook'),
    })),
    costMetrics: strings(mapGet(root, 'costMetrics')),
  };
}

// --- figures ---

/** Alarm thresholds are counts written whole: the alarm fires before the limit, so round down. */
const share = (percent: number, limit: number) => Math.floor(round((percent / 100) * limit, 9));

/** `30m`, `2h`, `90s`, `250ms`: a duration as a threshold is written. */
export function thresholdDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${round(ms, 3)}ms`;
}

/** The alarms the referenced model's constrained resources need (spec §12 OB002), in the model's order. */
export function requiredAlarms(capacity: CapacityAnalysis | undefined, settings: AnalysisSettings): RequiredAlarm[] {
  if (!capacity) return [];
  const { model, figures } = capacity;
  const out: RequiredAlarm[] = [];
  for (const q of model.quotas) {
    const limit = q.limit?.value;
    const above = limit === undefined ? null : share(settings.quotaWarnPercent, limit);
    out.push({
      resource: 'quota',
      name: q.name,
      metric: q.name,
      above,
      aboveText: above === null ? null : String(above),
      limit: limit ?? null,
      basis:
        limit === undefined
          ? 'the quota has no limit to take a share of'
          : `${settings.quotaWarnPercent}% of the limit ${formatNumber(limit, 0)}`,
    });
  }
  for (const t of model.tiers) {
    const max = t.maxConnections?.value;
    if (max === undefined) continue;
    const above = share(settings.connectionsWarnPercent, max);
    out.push({
      resource: 'connections',
      name: t.name,
      metric: `${t.name}.connections`,
      above,
      aboveText: String(above),
      limit: max,
      basis: `${settings.connectionsWarnPercent}% of maxConnections ${formatNumber(max, 0)}`,
    });
  }
  for (const q of model.queues) {
    // The age past which the backlog cannot drain in time: its drainTime, else how long the declared workers take.
    const drainS = figures.queues.find(f => f.queue === q)?.drainTimeS ?? null;
    const above = q.drainTime?.value ?? (drainS === null ? null : Math.ceil(drainS) * 1000);
    out.push({
      resource: 'queue',
      name: q.name,
      metric: `${q.name}.oldestMessageAge`,
      above,
      aboveText: above === null ? null : thresholdDuration(above),
      limit: null,
      basis: q.drainTime
        ? `its drainTime ${formatMs(q.drainTime.value)}`
        : above === null
          ? 'the queue has no drainTime (nor workers to drain it with)'
          : `the ${formatMs(above)} its declared workers take to drain the backlog (no drainTime)`,
    });
  }
  return out;
}

/**
 * The threshold of the alarm that covers `a`, in the resource's unit: `80%` of a 500-connection
 * tier is 400; a count is itself; a queue age is a duration in ms. Null when it does not read as one.
 */
export function coveringThreshold(a: RequiredAlarm): number | null {
  const written = a.alarm?.aboveNode?.value;
  if (written === undefined) return null;
  if (a.resource === 'queue') {
    const d = parseDuration(written);
    return d.ok ? d.value : null;
  }
  if (typeof written === 'string' && written.trim().endsWith('%')) {
    const r = parseRatio(written);
    return r.ok && a.limit !== null ? r.value * a.limit : null;
  }
  const n = parseCount(written);
  return n.ok ? n.value : null;
}

export function observabilityFigures(
  m: ObservabilityPlan,
  refs: ObservabilityReferences,
  settings: AnalysisSettings,
): ObservabilityFigures {
  const listed = new Map(m.signals.map(s => [s.tier, s]));
  const tierNames = refs.capacity ? refs.capacity.model.tiers.map(t => t.name) : m.signals.map(s => s.tier);
  const tiers = [...new Set(tierNames)].map(tier => {
    const l = listed.get(tier);
    const signals = l?.signals ?? [];
    return { tier, signals, listed: l, missing: GOLDEN_SIGNALS.filter(g => !signals.includes(g)) };
  });
  const required = requiredAlarms(refs.capacity, settings);
  for (const a of required) a.alarm = m.alarms.find(x => x.metric === a.metric);
  return {
    tiers,
    requiredAlarms: required,
    missingTraceFields: (Object.keys(TRACE_FIELDS) as TraceField[]).filter(f => !m.traces.fields.includes(f)),
    tracesCorrelated: m.traces.correlationId && m.traces.propagated,
    logsCorrelationId: m.logs.correlationId,
    missingDashboards: DASHBOARD_VIEWS.filter(v => !m.dashboards.includes(v)),
    alarmsWithoutRunbook: m.alarms.filter(a => !a.runbook),
  };
}

export function observabilityMetrics(f: ObservabilityFigures): Metrics {
  return {
    tiersWithoutGoldenSignals: f.tiers.filter(t => t.missing.length).map(t => t.tier),
    requiredAlarms: f.requiredAlarms.map(a => ({ metric: a.metric, above: a.aboveText, covered: !!a.alarm })),
    missingAlarms: f.requiredAlarms.filter(a => !a.alarm).map(a => a.metric),
    alarmsWithoutRunbook: f.alarmsWithoutRunbook.length,
    missingTraceFields: [...f.missingTraceFields],
    tracesCorrelated: f.tracesCorrelated,
    logsCorrelationId: f.logsCorrelationId,
    missingDashboards: [...f.missingDashboards],
  };
}

// --- rules (spec §12) ---

type PlanRule = (a: ObservabilityAnalysis, r: Reader) => void;

/** Where a finding about a missing top-level section goes: its key, else the document's first line. */
const sectionAnchor = (m: ObservabilityPlan, key: string) =>
  mapPair(m.root, key) ? keyRange(m.root, key) : firstLine(m.root);

const missingGoldenSignals: PlanRule = ({ model, figures }, r) => {
  for (const t of figures.tiers) {
    if (!t.missing.length) continue;
    const at = t.listed?.keyNode ?? sectionAnchor(model, 'signals');
    r.report(
      'OB001',
      'warning',
      t.listed
        ? `tier "${t.tier}" lacks the golden signal${t.missing.length > 1 ? 's' : ''} ${t.missing.join(', ')}: metrics must exist per critical tier (§14.1, §18.6)`
        : `tier "${t.tier}" of the capacity model has no signals: measure its latency, traffic, errors and saturation (§14.1, §18.6)`,
      at,
      { tier: t.tier, missing: t.missing },
    );
  }
};

const WHAT: Record<RequiredAlarm['resource'], string> = {
  quota: 'quota',
  connections: 'connections into data tier',
  queue: 'queue',
};

const missingAlarms: PlanRule = ({ model, figures }, r) => {
  for (const a of figures.requiredAlarms) {
    if (a.alarm) continue;
    r.report(
      'OB002',
      'warning',
      `no alarm on ${WHAT[a.resource]} "${a.name}": add ${a.metric}${a.aboveText === null ? '' : ` above ${a.aboveText}`} (${a.basis}) so the limit is seen before it is hit (§7.1, §18.4, §18.6)`,
      sectionAnchor(model, 'alarms'),
      { metric: a.metric, ...(a.aboveText === null ? {} : { above: a.aboveText }) },
    );
  }
};

const alarmsWithoutRunbook: PlanRule = ({ figures }, r) => {
  for (const a of figures.alarmsWithoutRunbook) {
    r.report(
      'OB003',
      'information',
      `alarm${a.metric ? ` on ${a.metric}` : ''} has no runbook: an alarm is actionable when it says what to do (§18.6)`,
      firstLine(a.node),
    );
  }
};

const traceGaps: PlanRule = ({ model, figures }, r) => {
  const gaps = [
    !model.traces.correlationId && 'correlationId: true (correlation ID at ingress)',
    !model.traces.propagated && 'propagated: true (trace ID across services, dependency span timings)',
    figures.missingTraceFields.length && `fields ${figures.missingTraceFields.join(', ')}`,
  ].filter(Boolean);
  if (gaps.length)
    r.report('OB004', 'information', `traces lack ${gaps.join('; ')} (§14.3)`, sectionAnchor(model, 'traces'), {
      section: 'traces',
      missingFields: figures.missingTraceFields,
    });
  if (!figures.logsCorrelationId)
    r.report(
      'OB004',
      'information',
      'logs lack correlationId: true: logs must include the correlation ID (§14.3, §18.6)',
      sectionAnchor(model, 'logs'),
      { section: 'logs' },
    );
  if (figures.missingDashboards.length)
    r.report(
      'OB004',
      'information',
      `no ${figures.missingDashboards.join(', ')} dashboard view: dashboards separate user, service, dependency and infrastructure views (§18.6)`,
      sectionAnchor(model, 'dashboards'),
      { section: 'dashboards', missingViews: figures.missingDashboards },
    );
};

export const OBSERVABILITY_RULES: readonly PlanRule[] = [
  missingGoldenSignals,
  missingAlarms,
  alarmsWithoutRunbook,
  traceGaps,
];

export function analyzeObservabilityPlan(
  root: PMap,
  r: Reader,
  references: ObservabilityReferences,
  settings: AnalysisSettings,
): ObservabilityAnalysis {
  const model = readObservabilityPlan(root, r);
  const analysis = { model, figures: observabilityFigures(model, references, settings), references };
  for (const rule of OBSERVABILITY_RULES) rule(analysis, r);
  return analysis;
}

// --- summaries (read by core/summary.ts) ---

const ofAll = (n: number, all: number, what: string) => `${n} of ${all} ${what}`;

/** "2 of 3 tiers with golden signals · 3 of 4 alarms · 7 of 7 trace fields" */
export function observabilityHeadline(f: ObservabilityFigures): string {
  const traced = Object.keys(TRACE_FIELDS).length - f.missingTraceFields.length;
  return [
    ofAll(f.tiers.filter(t => !t.missing.length).length, f.tiers.length, 'tiers with golden signals'),
    ofAll(f.requiredAlarms.filter(a => a.alarm).length, f.requiredAlarms.length, 'required alarms'),
    ofAll(traced, Object.keys(TRACE_FIELDS).length, 'trace fields'),
  ].join(' · ');
}

export function observabilityKeyFigures(f: ObservabilityFigures): string[] {
  const out = f.tiers.filter(t => t.missing.length).map(t => `tier ${t.tier}: lacks ${t.missing.join(', ')}`);
  for (const a of f.requiredAlarms.filter(x => !x.alarm))
    out.push(`no alarm: ${a.metric}${a.aboveText === null ? '' : ` above ${a.aboveText}`} (${a.basis})`);
  if (f.missingTraceFields.length) out.push(`trace fields missing: ${f.missingTraceFields.join(', ')}`);
  if (f.missingDashboards.length) out.push(`dashboard views missing: ${f.missingDashboards.join(', ')}`);
  return out;
}
