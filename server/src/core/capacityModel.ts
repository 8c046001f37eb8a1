// CapacityModel (spec §4; lesson §4.3, §6, §7, §8, §10): Little's law, tier sizing,
// failover capacity, connection budgets, queue drain and quotas.
import { AnalysisSettings, Metrics } from './types';
import { PMap, PScalar, mapGet, mapPair, scalarText } from './yamlTree';
import { Quantity, Reader, firstLine, keyRange } from './reader';
import { formatMs, formatNumber, formatPercent, round } from './units';

export interface Tier {
  name: string;
  node: PMap;
  unitRps?: Quantity;
  /** `units.max`, or `units` when it is a plain count. */
  maxUnits?: number;
  minUnits?: number;
  unitsHasMax: boolean;
  zones?: Quantity;
  connectionsPerUnit?: Quantity;
  maxConnections?: Quantity;
  dependsOn: string[];
}

export interface Queue {
  name: string;
  node: PMap;
  backlog?: Quantity;
  ratePerWorker?: Quantity;
  drainTime?: Quantity;
  workers?: Quantity;
  connectionsPerWorker?: Quantity;
  dependsOn: string[];
}

export interface Quota {
  name: string;
  node: PMap;
  limit?: Quantity;
  measures: 'concurrency' | 'rps';
}

export interface ScalingPolicy {
  tier: string;
  node: PMap;
  policy?: string;
  hasCooldown: boolean;
  cooldown?: Quantity;
  warmup?: Quantity;
}

export interface CapacityModel {
  kind: 'CapacityModel';
  name: string;
  root: PMap;
  trafficNode?: PMap;
  peakRps?: number;
  peakRpsNode?: PScalar;
  latencyMs?: number;
  /** Where the average latency came from: the document itself or a referenced budget. */
  latencySource: 'latency' | 'latencyFrom' | 'none';
  p95LatencyMs?: number;
  /** The budget `latencyFrom` resolved to, if any: its request timeout bounds how long requests stay in flight. */
  borrowed?: BorrowedLatency;
  headroomNode?: PMap;
  safetyFactor?: Quantity;
  maxUtilization: number;
  tiers: Tier[];
  queues: Queue[];
  quotas: Quota[];
  scaling: ScalingPolicy[];
}

export interface TierFigure {
  tier: Tier;
  unitsNeeded: number | null;
  utilizationAtPeak: number | null;
  failoverRps: number | null;
  /** Capacity at max scale and max utilization: units × unitRps × maxUtilization. */
  capacityRps: number | null;
  connections: number | null;
  connectionSources: { name: string; connections: number }[];
}

export interface QueueFigure {
  queue: Queue;
  workersNeeded: number | null;
  drainTimeS: number | null;
}

export interface QuotaFigure {
  quota: Quota;
  usage: number | null;
  usageP95: number | null;
}

export interface CapacityFigures {
  inFlight: number | null;
  inFlightP95: number | null;
  /** In flight when every request waits for the referenced budget's timeout (null without one). */
  inFlightAtTimeout: number | null;
  requiredRps: number | null;
  tiers: TierFigure[];
  queues: QueueFigure[];
  quotas: QuotaFigure[];
}

export interface CapacityAnalysis {
  model: CapacityModel;
  figures: CapacityFigures;
}

/** What a referenced LatencyBudget contributes (`traffic.latencyFrom`). */
export interface BorrowedLatency {
  budgetName: string;
  latencyMs: number;
  p95Ms: number | null;
  timeoutMs: number | null;
}

export function readCapacityModel(
  root: PMap,
  r: Reader,
  settings: AnalysisSettings,
  borrowed?: BorrowedLatency,
): CapacityModel {
  const traffic = r.map(root, 'traffic');
  const headroom = r.map(root, 'headroom');
  let peak = r.rate(traffic, 'peakRps');
  if (!peak) {
    // The spec allows averageRps + burstMultiplier instead of a peak: peak = average × burst.
    const avg = r.rate(traffic, 'averageRps'),
      burst = r.number(traffic, 'burstMultiplier');
    if (avg && burst) peak = { value: avg.value * burst.value, node: avg.node };
  }
  const latency = r.duration(traffic, 'latency');
  const p95 = r.duration(traffic, 'p95Latency');
  const maxUtil = r.ratio(headroom, 'maxUtilization');
  return {
    kind: 'CapacityModel',
    name: r.string(root, 'name') ?? '',
    root,
    trafficNode: traffic,
    peakRps: peak?.value,
    peakRpsNode: peak?.node,
    latencyMs: latency?.value ?? borrowed?.latencyMs,
    latencySource: latency ? 'latency' : borrowed ? 'latencyFrom' : 'none',
    p95LatencyMs: p95?.value ?? borrowed?.p95Ms ?? undefined,
    borrowed,
    headroomNode: headroom,
    safetyFactor: r.number(headroom, 'safetyFactor'),
    maxUtilization: maxUtil && maxUtil.value > 0 ? maxUtil.value : settings.defaultMaxUtilization,
    tiers: r.maps(root, 'tiers').map(t => readTier(t, r)),
    queues: r.maps(root, 'queues').map(q => ({
      name: r.string(q, 'name') ?? '(unnamed)',
      node: q,
      backlog: r.count(q, 'backlog'),
      ratePerWorker: r.rate(q, 'ratePerWorker'),
      drainTime: r.duration(q, 'drainTime'),
      workers: r.count(q, 'workers'),
      connectionsPerWorker: r.count(q, 'connectionsPerWorker'),
      dependsOn: names(q, r),
    })),
    quotas: r.maps(root, 'quotas').map(q => ({
      name: r.string(q, 'name') ?? '(unnamed)',
      node: q,
      limit: r.count(q, 'limit'),
      measures: r.string(q, 'measures') === 'rps' ? 'rps' : 'concurrency',
    })),
    scaling: r.maps(root, 'scaling').map(s => ({
      tier: r.string(s, 'tier') ?? '',
      node: s,
      policy: r.string(s, 'policy'),
      hasCooldown: r.has(s, 'cooldown'),
      cooldown: r.duration(s, 'cooldown'),
      warmup: r.duration(s, 'warmup'),
    })),
  };
}

function names(node: PMap, r: Reader): string[] {
  return (r.seq(node, 'dependsOn')?.items ?? []).flatMap(i =>
    i.type === 'scalar' && i.value !== null ? [scalarText(i.value)] : [],
  );
}

function readTier(node: PMap, r: Reader): Tier {
  const unitsNode = mapGet(node, 'units');
  let maxUnits: number | undefined,
    minUnits: number | undefined,
    unitsHasMax = false;
  if (unitsNode?.type === 'scalar') {
    maxUnits = r.count(node, 'units')?.value;
    minUnits = maxUnits;
    unitsHasMax = maxUnits !== undefined;
  } else if (unitsNode?.type === 'map') {
    maxUnits = r.count(unitsNode, 'max')?.value;
    minUnits = r.count(unitsNode, 'min')?.value;
    unitsHasMax = maxUnits !== undefined;
  }
  return {
    name: r.string(node, 'name') ?? '(unnamed)',
    node,
    unitRps: r.rate(node, 'unitRps'),
    maxUnits,
    minUnits,
    unitsHasMax,
    zones: r.count(node, 'zones'),
    connectionsPerUnit: r.count(node, 'connectionsPerUnit'),
    maxConnections: r.count(node, 'maxConnections'),
    dependsOn: names(node, r),
  };
}

// --- formulas (spec §4 table) ---

/** Little's law (§4.3): in-flight work = arrival rate × time in the system. */
export function inFlight(rps: number, latencyMs: number): number {
  return (rps * latencyMs) / 1000;
}

/** ceil() that ignores floating-point dust (27.000000001 stays 27). */
const ceilSafe = (x: number) => Math.ceil(x - 1e-9);

/** Units a tier needs to carry `requiredRps` at `maxUtilization` of each unit's bottleneck. */
export function unitsNeeded(requiredRps: number, unitRps: number, maxUtilization: number): number | null {
  const perUnit = unitRps * maxUtilization;
  return perUnit > 0 ? ceilSafe(requiredRps / perUnit) : null;
}

/** Queue workers to drain `backlog` within `drainTimeMs` (§8.4, §20 exercise 2). */
export function workersNeeded(backlog: number, drainTimeMs: number, ratePerWorker: number): number | null {
  const perWorker = (drainTimeMs / 1000) * ratePerWorker;
  return perWorker > 0 ? ceilSafe(backlog / perWorker) : null;
}

/** The zero that leaves a queue with a backlog undrainable by any number of workers (CM004), or null. */
export function undrainableBy(q: Queue): 'ratePerWorker' | 'drainTime' | null {
  if (!q.backlog?.value) return null;
  if (q.ratePerWorker?.value === 0) return 'ratePerWorker';
  if (q.drainTime?.value === 0) return 'drainTime';
  return null;
}

/** Why a queue has no workersNeeded figure: the fields it lacks, or the zero that makes any number of workers too few. */
export function workersNeededGap(q: Queue): string {
  const missing = (['backlog', 'drainTime', 'ratePerWorker'] as const).filter(k => !q[k]);
  if (missing.length) return `give ${missing.join(', ')}`;
  switch (undrainableBy(q)) {
    case 'ratePerWorker':
      return 'ratePerWorker is 0/s: workers that process nothing never drain the backlog';
    case 'drainTime':
      return 'drainTime is 0: no number of workers drains a backlog in no time';
    default:
      return 'the backlog is 0: there is nothing to drain';
  }
}

/** Seconds the declared workers take to drain the backlog. */
export function drainTimeS(backlog: number, workers: number, ratePerWorker: number): number | null {
  const rate = workers * ratePerWorker;
  return rate > 0 ? backlog / rate : null;
}

/** Capacity left with one of `zones` zones lost (§3, §6.2). */
export function failoverRps(maxUnits: number, zones: number, unitRps: number): number | null {
  // Divide last: 7 × 4 / 5 × 700 is 3,919.9999999999995, 7 × 4 × 700 / 5 is exactly 3,920.
  return zones > 0 ? (maxUnits * (zones - 1) * unitRps) / zones : null;
}

export function capacityFigures(m: CapacityModel): CapacityFigures {
  const peak = m.peakRps;
  const required = peak === undefined ? null : peak * (m.safetyFactor?.value ?? 1);
  const tiers: TierFigure[] = m.tiers.map(t => {
    const compute = t.unitRps !== undefined;
    const unitRps = t.unitRps?.value ?? 0;
    const capacity = t.maxUnits === undefined ? 0 : t.maxUnits * unitRps;
    return {
      tier: t,
      unitsNeeded: compute && required !== null ? unitsNeeded(required, unitRps, m.maxUtilization) : null,
      utilizationAtPeak: compute && peak !== undefined && capacity > 0 ? peak / capacity : null,
      failoverRps:
        compute && t.maxUnits !== undefined && t.zones ? failoverRps(t.maxUnits, t.zones.value, unitRps) : null,
      capacityRps: compute && t.maxUnits !== undefined ? capacity * m.maxUtilization : null,
      connections: null,
      connectionSources: [],
    };
  });
  const byName = new Map(tiers.map(f => [f.tier.name, f]));
  const addConnections = (target: string, name: string, connections: number) => {
    const f = byName.get(target);
    if (!f) return;
    f.connectionSources.push({ name, connections });
    f.connections = (f.connections ?? 0) + connections;
  };
  for (const t of m.tiers) {
    if (t.maxUnits === undefined || !t.connectionsPerUnit) continue;
    for (const d of t.dependsOn) addConnections(d, t.name, t.maxUnits * t.connectionsPerUnit.value);
  }
  for (const q of m.queues) {
    if (!q.workers || !q.connectionsPerWorker) continue;
    for (const d of q.dependsOn) addConnections(d, q.name, q.workers.value * q.connectionsPerWorker.value);
  }
  const inFlightNow = peak !== undefined && m.latencyMs !== undefined ? inFlight(peak, m.latencyMs) : null;
  const inFlightP95 = peak !== undefined && m.p95LatencyMs !== undefined ? inFlight(peak, m.p95LatencyMs) : null;
  const timeoutMs = m.borrowed?.timeoutMs;
  return {
    inFlight: inFlightNow,
    inFlightP95,
    inFlightAtTimeout: peak !== undefined && timeoutMs != null ? inFlight(peak, timeoutMs) : null,
    requiredRps: required,
    tiers,
    queues: m.queues.map(q => ({
      queue: q,
      workersNeeded:
        q.backlog && q.drainTime && q.ratePerWorker
          ? workersNeeded(q.backlog.value, q.drainTime.value, q.ratePerWorker.value)
          : null,
      drainTimeS:
        q.backlog && q.workers && q.ratePerWorker
          ? drainTimeS(q.backlog.value, q.workers.value, q.ratePerWorker.value)
          : null,
    })),
    quotas: m.quotas.map(q => ({
      quota: q,
      usage: q.measures === 'rps' ? (peak ?? null) : inFlightNow,
      usageP95: q.measures === 'rps' ? required : inFlightP95,
    })),
  };
}

const r3 = (n: number | null) => (n === null ? null : round(n, 3));

export function capacityMetrics(f: CapacityFigures): Metrics {
  return {
    inFlight: r3(f.inFlight),
    inFlightP95: r3(f.inFlightP95),
    requiredRps: r3(f.requiredRps),
    tiers: Object.fromEntries(
      f.tiers.map(t => [
        t.tier.name,
        {
          unitsNeeded: t.unitsNeeded,
          utilizationAtPeak: r3(t.utilizationAtPeak),
          failoverRps: r3(t.failoverRps),
          connections: t.connections,
        },
      ]),
    ),
    queues: Object.fromEntries(
      f.queues.map(q => [q.queue.name, { workersNeeded: q.workersNeeded, drainTimeS: r3(q.drainTimeS) }]),
    ),
  };
}

// --- rules (spec §4 rules table) ---

type CapacityRule = (a: CapacityAnalysis, r: Reader, settings: AnalysisSettings) => void;

const tierTooSmall: CapacityRule = ({ model, figures }, r) => {
  for (const f of figures.tiers) {
    const t = f.tier;
    if (!t.unitRps) continue;
    if (t.unitRps.value === 0) {
      r.report(
        'CM001',
        'error',
        `tier "${t.name}" has unitRps 0: a unit that serves nothing cannot carry any load`,
        t.unitRps.node,
      );
      continue;
    }
    if (f.unitsNeeded === null || t.maxUnits === undefined || t.maxUnits >= f.unitsNeeded) continue;
    r.report(
      'CM001',
      'error',
      `tier "${t.name}" needs ${f.unitsNeeded} units to carry ${formatNumber(figures.requiredRps!)} rps (peak × safety factor) at ${formatPercent(model.maxUtilization)} utilization of ${formatNumber(t.unitRps.value)} rps per unit, but scales to ${t.maxUnits}`,
      unitsRange(t),
      { unitsNeeded: f.unitsNeeded },
    );
  }
};

function unitsRange(t: Tier): { start: number; end: number } {
  const units = mapGet(t.node, 'units');
  if (units?.type === 'map') {
    const max = mapGet(units, 'max');
    if (max) return max;
  }
  return units ?? firstLine(t.node);
}

const noFailoverCapacity: CapacityRule = ({ model, figures }, r) => {
  for (const f of figures.tiers) {
    const t = f.tier;
    if (!t.unitRps || !t.zones) continue;
    if (t.zones.value <= 1) {
      r.report(
        'CM002',
        'warning',
        `tier "${t.name}" runs in ${t.zones.value} zone: one zone impairment takes the whole tier down (§3, §6.2)`,
        t.zones.node,
      );
    } else if (f.failoverRps !== null && model.peakRps !== undefined && f.failoverRps < model.peakRps) {
      r.report(
        'CM002',
        'warning',
        `with one of ${t.zones.value} zones lost, tier "${t.name}" serves ${formatNumber(f.failoverRps)} rps at full utilization, below the ${formatNumber(model.peakRps)} rps peak: a multi-AZ design needs spare capacity during AZ impairment (§6.2)`,
        t.zones.node,
      );
    }
  }
};

const connectionOverrun: CapacityRule = ({ figures }, r) => {
  for (const f of figures.tiers) {
    const max = f.tier.maxConnections;
    if (!max || f.connections === null || f.connections <= max.value) continue;
    const sources = f.connectionSources.map(s => `${s.name} ${s.connections}`).join(' + ');
    r.report(
      'CM003',
      'error',
      `${f.connections} connections into "${f.tier.name}" at max scale (${sources}) exceed its maxConnections of ${max.value}: pool bounds protect the database only when they are bounded (§10.1, §16 anti-pattern 8)`,
      max.node,
      { connections: f.connections },
    );
  }
};

const tooFewWorkers: CapacityRule = ({ figures }, r) => {
  for (const f of figures.queues) {
    const q = f.queue;
    const backlog = q.backlog ? formatNumber(q.backlog.value, 0) : '';
    // A zero divisor leaves workersNeeded without a value; the queue still never drains.
    const zero = undrainableBy(q);
    if (zero === 'ratePerWorker') {
      r.report(
        'CM004',
        'error',
        `queue "${q.name}" has ratePerWorker 0: workers that process nothing never drain its ${backlog} messages (§8.4)`,
        q.ratePerWorker!.node,
      );
      continue;
    }
    if (zero === 'drainTime') {
      r.report(
        'CM004',
        'error',
        `queue "${q.name}" must drain ${backlog} messages in no time: no number of workers can; give drainTime the time the backlog may take (§8.4)`,
        q.drainTime!.node,
      );
      continue;
    }
    if (f.workersNeeded === null || !q.workers || q.workers.value >= f.workersNeeded) continue;
    const taking = f.drainTimeS === null ? 'never drain it' : `take ${formatMs(f.drainTimeS * 1000)}`;
    r.report(
      'CM004',
      'error',
      `queue "${q.name}" needs ${f.workersNeeded} workers to drain ${backlog} messages in ${formatMs(q.drainTime!.value)} at ${formatNumber(q.ratePerWorker!.value)}/s each; ${q.workers.value} ${taking} (§8.4: a queue protects the caller only if consumers drain it)`,
      q.workers.node,
      { workersNeeded: f.workersNeeded },
    );
  }
};

const quotaOverrun: CapacityRule = ({ figures }, r) => {
  for (const f of figures.quotas) {
    const q = f.quota;
    if (!q.limit) continue;
    const what = q.measures === 'rps' ? 'rps' : 'in flight';
    if (f.usage !== null && f.usage > q.limit.value) {
      r.report(
        'CM005',
        'error',
        `quota "${q.name}": ${formatNumber(f.usage)} ${what} at peak exceeds the limit of ${formatNumber(q.limit.value, 0)} (§7: quotas are architecture constraints)`,
        q.limit.node,
      );
    } else if (f.usageP95 !== null && f.usageP95 > q.limit.value) {
      const at = q.measures === 'rps' ? 'with the safety factor' : 'at p95 latency';
      r.report(
        'CM005',
        'warning',
        `quota "${q.name}": ${formatNumber(f.usageP95)} ${what} ${at} exceeds the limit of ${formatNumber(q.limit.value, 0)}: latency degradation becomes a capacity incident (§4.3)`,
        q.limit.node,
      );
    }
  }
};

const highUtilization: CapacityRule = ({ figures }, r, settings) => {
  for (const f of figures.tiers) {
    // Compare fractions, not percentages: 0.07 × 100 is 7.000000000000001, 7 / 100 is exactly 0.07.
    if (f.utilizationAtPeak === null || f.utilizationAtPeak <= settings.utilizationWarnPercent / 100) continue;
    r.report(
      'CM006',
      'warning',
      `tier "${f.tier.name}" runs at ${formatPercent(f.utilizationAtPeak)} of its max capacity at peak: above ${settings.utilizationWarnPercent}% there is no room for a spike, a bad deploy or an AZ loss (§6.2)`,
      unitsRange(f.tier),
    );
  }
};

const unsafeScaling: CapacityRule = ({ model }, r) => {
  for (const s of model.scaling) {
    if (!s.hasCooldown) {
      r.report(
        'CM007',
        'warning',
        `scaling policy for "${s.tier}" has no cooldown: without one the loop oscillates (§8.5 rule 2)`,
        firstLine(s.node),
      );
    }
    const tier = model.tiers.find(t => t.name === s.tier);
    if (tier && !tier.unitsHasMax) {
      r.report(
        'CM007',
        'warning',
        `tier "${tier.name}" scales with no max: limit max capacity to protect dependencies (§8.5 rule 5)`,
        mapPair(tier.node, 'units') ? keyRange(tier.node, 'units') : firstLine(tier.node),
      );
    }
  }
};

const noSafetyFactor: CapacityRule = ({ model }, r) => {
  if (model.safetyFactor) return;
  r.report(
    'CM008',
    'warning',
    'no headroom.safetyFactor: headroom must be defined before launch (§6.2, §18.2)',
    model.headroomNode ? keyRange(model.root, 'headroom') : firstLine(model.root),
  );
};

const unknownNames: CapacityRule = ({ model }, r) => {
  const tiers = new Set(model.tiers.map(t => t.name));
  const check = (node: PMap, key: string, name: string) => {
    if (tiers.has(name)) return;
    const v = mapGet(node, key);
    const at =
      v?.type === 'seq'
        ? (v.items.find(i => i.type === 'scalar' && i.value !== null && scalarText(i.value) === name) ?? v)
        : (v ?? firstLine(node));
    r.report(
      'PD002',
      'error',
      `${key}: no tier named "${name}" in this model (known: ${[...tiers].join(', ') || 'none'})`,
      at,
    );
  };
  for (const t of model.tiers) for (const d of t.dependsOn) check(t.node, 'dependsOn', d);
  for (const q of model.queues) for (const d of q.dependsOn) check(q.node, 'dependsOn', d);
  for (const s of model.scaling) if (s.tier) check(s.node, 'tier', s.tier);
};

export const CAPACITY_RULES: readonly CapacityRule[] = [
  tierTooSmall,
  noFailoverCapacity,
  connectionOverrun,
  tooFewWorkers,
  quotaOverrun,
  highUtilization,
  unsafeScaling,
  noSafetyFactor,
  unknownNames,
];

export function analyzeCapacityModel(
  root: PMap,
  r: Reader,
  settings: AnalysisSettings,
  borrowed?: BorrowedLatency,
): CapacityAnalysis {
  const model = readCapacityModel(root, r, settings, borrowed);
  const analysis = { model, figures: capacityFigures(model) };
  for (const rule of CAPACITY_RULES) rule(analysis, r, settings);
  return analysis;
}
