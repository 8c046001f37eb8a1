// The typed CapacityModel (spec §4, §10): what the document declares, read once per edit.
// Figures and rules work on this model only, so a scenario (§10.8) is a transformed copy of
// it evaluated again, never a second parse. Structural mistakes the JSON Schema cannot see
// (unknown names, cycles, min above max) are reported here, once, as PD002.
import { AnalysisSettings } from '../types';
import { PMap, PNode, PScalar, mapGet, scalarText } from '../yamlTree';
import { Quantity, Reader, firstLine, keyRange } from '../reader';
import type { LatencyBudget } from '../latencyBudget';

/** A call from a tier or queue to a tier (`dependsOn`, §10.1). */
export interface Edge {
  /** The tier called. */
  callee: string;
  /** The list item: a name, or `{ tier, callsPerRequest, latency, connectionsPerUnit }`. */
  node: PNode;
  callsPerRequest: number;
  /** Time one call holds a connection: gives the edge its in-flight figures (CM009). */
  latency?: Quantity;
  /** The edge's own pool per unit; the caller's `connectionsPerUnit` otherwise. */
  connectionsPerUnit?: Quantity;
  /** Closes a cycle (PD002): carries no demand and no figures. */
  cyclic: boolean;
}

/** One resource dimension of a unit's capacity (§6.1): the rate one unit sustains at 100% of it. */
export interface Dimension {
  name: string;
  value: number;
  node: PScalar;
}

export type RequestClass = 'reads' | 'writes' | 'all';

export interface Tier {
  name: string;
  node: PMap;
  /** The rate one unit serves at its bottleneck: the scalar, or the smallest dimension. */
  unitRps?: Quantity;
  /** `unitRps` as a mapping of dimensions (§6.1), in document order. */
  dimensions: Dimension[];
  /** The dimension that gives `unitRps` (null for a scalar unitRps). */
  bottleneck: string | null;
  /** `units.max`, or `units` when it is a plain count. */
  maxUnits?: number;
  minUnits?: number;
  unitsHasMax: boolean;
  zones?: Quantity;
  connectionsPerUnit?: Quantity;
  maxConnections?: Quantity;
  /** Names of the tiers called (kept for readers of v1's shape). */
  dependsOn: string[];
  calls: Edge[];
  share?: Quantity;
  requests?: RequestClass;
  /** Service time per request: the tier's in-flight figure (§4.3). */
  latency?: Quantity;
  /** A cache tier: `hitRatio` and `missesTo` (§12). */
  hitRatio?: Quantity;
  missesTo?: string;
  /** The `missesTo` edge closes a cycle (PD002). */
  missCyclic: boolean;
}

export interface Queue {
  name: string;
  node: PMap;
  backlog?: Quantity;
  ratePerWorker?: Quantity;
  drainTime?: Quantity;
  workers?: Quantity;
  connectionsPerWorker?: Quantity;
  arrivalRate?: Quantity;
  poisonRatio?: Quantity;
  maxReceiveCount?: Quantity;
  /** The tier whose units are the workers (§10.4). */
  consumer?: string;
  dependsOn: string[];
  calls: Edge[];
}

export const QUOTA_MEASURES = ['concurrency', 'rps', 'connections', 'units', 'workers'] as const;
export type QuotaMeasure = (typeof QUOTA_MEASURES)[number];

export interface Quota {
  name: string;
  node: PMap;
  limit?: Quantity;
  /** Undefined when `measures` is outside the list: PD002, and no figures (§10.5). */
  measures?: QuotaMeasure;
  /** Tiers and queues whose usage counts against it; empty = the whole traffic (v1). */
  appliesTo: string[];
  scope?: string;
  /** `adjustable: false`: the limit cannot be raised (§7.3 rules 6 and 8). */
  adjustable?: boolean;
  increaseRequested?: Quantity;
}

export interface ScalingPolicy {
  tier: string;
  node: PMap;
  policy?: string;
  metric?: string;
  /** A target-tracking target written as a utilization (`60%`, 0.6); other targets are counts. */
  targetUtilization?: Quantity;
  /** Declared with a non-zero value: `cooldown: 0` counts as none (§10.7). */
  hasCooldown: boolean;
  cooldown?: Quantity;
  warmup?: Quantity;
  /** Breach to new capacity serving; defaults to `warmup` (§10.7). */
  scaleOutTime?: Quantity;
}

/** A latency factor of a scenario: every latency, or the calls into one tier or dependency. */
export interface LatencyChange {
  /** null: every latency of the model. */
  target: string | null;
  factor: number;
  node: PNode;
}

export interface Scenario {
  name: string;
  node: PMap;
  /** Where the scenario's findings are reported (§10.8: on its name). */
  nameNode: PNode;
  zoneLost: boolean;
  hitRatio: { cache: string; value: number; node: PNode }[];
  latency: LatencyChange[];
  traffic?: number;
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
  writeRatio?: number;
  /** How fast traffic climbs from base to peak (§10.7, CM010). */
  rampTime?: Quantity;
  /** The budget `latencyFrom` resolved to, if any: its request timeout bounds how long requests stay in flight. */
  borrowed?: BorrowedLatency;
  headroomNode?: PMap;
  safetyFactor?: Quantity;
  maxUtilization: number;
  tiers: Tier[];
  queues: Queue[];
  quotas: Quota[];
  scaling: ScalingPolicy[];
  scenarios: Scenario[];
  /** Tier names in an order where every caller comes before its callees (cyclic edges left out). */
  demandOrder: string[];
  /** Tiers on a cycle (§10.1): no demand figure is computed along it. */
  onCycle: Set<string>;
}

/** What a referenced LatencyBudget contributes (`traffic.latencyFrom`). */
export interface BorrowedLatency {
  budgetName: string;
  latencyMs: number;
  p95Ms: number | null;
  timeoutMs: number | null;
  /** The budget itself: a latency scenario slows its dependency segments (§10.8). */
  budget?: LatencyBudget;
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
  if (maxUtil && maxUtil.value === 0)
    r.report(
      'PD002',
      'error',
      'headroom.maxUtilization: 0 plans to use none of a unit: no number of units carries any load; give the share you plan to use (default 70%)',
      maxUtil.node,
    );
  const tiers = r.maps(root, 'tiers').map(t => readTier(t, r));
  const model: CapacityModel = {
    kind: 'CapacityModel',
    name: r.string(root, 'name') ?? '',
    root,
    trafficNode: traffic,
    peakRps: peak?.value,
    peakRpsNode: peak?.node,
    latencyMs: latency?.value ?? borrowed?.latencyMs,
    latencySource: latency ? 'latency' : borrowed ? 'latencyFrom' : 'none',
    p95LatencyMs: p95?.value ?? borrowed?.p95Ms ?? undefined,
    writeRatio: r.ratio(traffic, 'writeRatio')?.value,
    rampTime: r.duration(traffic, 'rampTime'),
    borrowed,
    headroomNode: headroom,
    safetyFactor: r.number(headroom, 'safetyFactor'),
    maxUtilization: maxUtil && maxUtil.value > 0 ? maxUtil.value : settings.defaultMaxUtilization,
    tiers,
    queues: r.maps(root, 'queues').map(q => readQueue(q, r)),
    quotas: r.maps(root, 'quotas').map(q => readQuota(q, r)),
    scaling: r.maps(root, 'scaling').map(s => readPolicy(s, r)),
    scenarios: r.maps(root, 'scenarios').map(s => readScenario(s, r)),
    demandOrder: [],
    onCycle: new Set(),
  };
  orderDemand(model, r);
  checkNames(model, r);
  return model;
}

function readEdges(node: PMap, r: Reader): Edge[] {
  return (r.seq(node, 'dependsOn')?.items ?? []).flatMap((item): Edge[] => {
    if (item.type === 'scalar')
      return item.value === null
        ? []
        : [{ callee: scalarText(item.value), node: item, callsPerRequest: 1, cyclic: false }];
    if (item.type !== 'map') return [];
    const callee = r.string(item, 'tier');
    if (callee === undefined) return [];
    return [
      {
        callee,
        node: item,
        callsPerRequest: r.number(item, 'callsPerRequest')?.value ?? 1,
        latency: r.duration(item, 'latency'),
        connectionsPerUnit: r.count(item, 'connectionsPerUnit'),
        cyclic: false,
      },
    ];
  });
}

function readTier(node: PMap, r: Reader): Tier {
  const unitsNode = mapGet(node, 'units');
  let maxUnits: number | undefined, minUnits: number | undefined;
  if (unitsNode?.type === 'scalar') {
    maxUnits = r.count(node, 'units')?.value;
    minUnits = maxUnits;
  } else if (unitsNode?.type === 'map') {
    const max = r.count(unitsNode, 'max'),
      min = r.count(unitsNode, 'min');
    maxUnits = max?.value;
    minUnits = min?.value;
    if (max && min && min.value > max.value)
      r.report(
        'PD002',
        'error',
        `units: min ${min.value} is above max ${max.value}: scaling can never satisfy both`,
        min.node,
      );
  }
  const dimensions: Dimension[] = [];
  const unitRpsMap = r.map(node, 'unitRps');
  for (const p of unitRpsMap?.pairs ?? []) {
    const q = r.rate(unitRpsMap, p.key);
    if (q) dimensions.push({ name: p.key, value: q.value, node: q.node });
  }
  // §6.1: a unit serves what its scarcest resource allows; the first of equal dimensions names it.
  const tightest = dimensions.reduce<Dimension | undefined>((m, d) => (m && m.value <= d.value ? m : d), undefined);
  const calls = readEdges(node, r);
  const requests = r.string(node, 'requests');
  return {
    name: r.string(node, 'name') ?? '(unnamed)',
    node,
    unitRps: tightest ? { value: tightest.value, node: tightest.node } : r.rate(node, 'unitRps'),
    dimensions,
    bottleneck: tightest?.name ?? null,
    maxUnits,
    minUnits,
    unitsHasMax: maxUnits !== undefined,
    zones: r.count(node, 'zones'),
    connectionsPerUnit: r.count(node, 'connectionsPerUnit'),
    maxConnections: r.count(node, 'maxConnections'),
    dependsOn: calls.map(e => e.callee),
    calls,
    share: r.ratio(node, 'share'),
    requests: requests === 'reads' || requests === 'writes' || requests === 'all' ? requests : undefined,
    latency: r.duration(node, 'latency'),
    hitRatio: r.ratio(node, 'hitRatio'),
    missesTo: r.string(node, 'missesTo'),
    missCyclic: false,
  };
}

function readQueue(q: PMap, r: Reader): Queue {
  const calls = readEdges(q, r);
  return {
    name: r.string(q, 'name') ?? '(unnamed)',
    node: q,
    backlog: r.count(q, 'backlog'),
    ratePerWorker: r.rate(q, 'ratePerWorker'),
    drainTime: r.duration(q, 'drainTime'),
    workers: r.count(q, 'workers'),
    connectionsPerWorker: r.count(q, 'connectionsPerWorker'),
    arrivalRate: r.rate(q, 'arrivalRate'),
    poisonRatio: r.ratio(q, 'poisonRatio'),
    maxReceiveCount: r.count(q, 'maxReceiveCount'),
    consumer: r.string(q, 'consumer'),
    dependsOn: calls.map(e => e.callee),
    calls,
  };
}

function readQuota(q: PMap, r: Reader): Quota {
  const measures = r.has(q, 'measures') ? r.string(q, 'measures') : 'concurrency';
  const adjustable = r.scalar(q, 'adjustable');
  return {
    name: r.string(q, 'name') ?? '(unnamed)',
    node: q,
    limit: r.count(q, 'limit'),
    measures: (QUOTA_MEASURES as readonly string[]).includes(measures ?? '') ? (measures as QuotaMeasure) : undefined,
    appliesTo: names(q, 'appliesTo', r),
    scope: r.string(q, 'scope'),
    adjustable: typeof adjustable?.value === 'boolean' ? adjustable.value : undefined,
    increaseRequested: r.count(q, 'increaseRequested'),
  };
}

function readPolicy(s: PMap, r: Reader): ScalingPolicy {
  const cooldown = r.duration(s, 'cooldown');
  const warmup = r.duration(s, 'warmup');
  const target = r.scalar(s, 'target');
  // `60%` or 0.6 is a utilization; 1000 (requests per target) is not.
  const utilization =
    target && (typeof target.value === 'string' ? target.value.includes('%') : Number(target.value) <= 1)
      ? r.ratio(s, 'target')
      : undefined;
  return {
    tier: r.string(s, 'tier') ?? '',
    node: s,
    policy: r.string(s, 'policy'),
    metric: r.string(s, 'metric'),
    targetUtilization: utilization,
    hasCooldown: r.has(s, 'cooldown') && cooldown?.value !== 0,
    cooldown,
    warmup,
    scaleOutTime: r.duration(s, 'scaleOutTime') ?? warmup,
  };
}

function readScenario(s: PMap, r: Reader): Scenario {
  const hit = r.map(s, 'hitRatio');
  const latencyMap = r.map(s, 'latency');
  const latency: LatencyChange[] = [];
  if (latencyMap) {
    for (const p of latencyMap.pairs) {
      const f = r.factor(latencyMap, p.key);
      if (f) latency.push({ target: p.key, factor: f.value, node: mapGet(latencyMap, p.key) ?? f.node });
    }
  } else {
    const f = r.factor(s, 'latency');
    if (f) latency.push({ target: null, factor: f.value, node: f.node });
  }
  return {
    name: r.string(s, 'name') ?? '(unnamed)',
    node: s,
    nameNode: mapGet(s, 'name') ?? s,
    zoneLost: r.bool(s, 'zoneLost'),
    hitRatio: (hit?.pairs ?? []).flatMap(p => {
      const q = r.ratio(hit, p.key);
      return q ? [{ cache: p.key, value: q.value, node: q.node }] : [];
    }),
    latency,
    traffic: r.factor(s, 'traffic')?.value,
  };
}

function names(node: PMap, key: string, r: Reader): string[] {
  return (r.seq(node, key)?.items ?? []).flatMap(i =>
    i.type === 'scalar' && i.value !== null ? [scalarText(i.value)] : [],
  );
}

/** The key `name` inside the mapping `parent[key]`, for a squiggle on the name itself. */
function keyOf(r: Reader, parent: PMap, key: string, name: string): { start: number; end: number } {
  const inner = r.map(parent, key);
  return inner ? keyRange(inner, name) : firstLine(parent);
}

/** A cache tier (§10.1): its misses go to `missesTo`. */
export const isCache = (t: Tier): boolean => t.hitRatio !== undefined && t.missesTo !== undefined;

/**
 * Orders the tiers callers-first (Kahn's algorithm over `dependsOn` and `missesTo`), after a
 * depth-first walk in document order marks each edge that closes a cycle (PD002 on it).
 */
function orderDemand(m: CapacityModel, r: Reader): void {
  const byName = new Map(m.tiers.map(t => [t.name, t]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const closes = (from: Tier, to: string, at: { start: number; end: number }) => {
    const loop = [...stack.slice(stack.indexOf(to)), to];
    for (const n of loop) m.onCycle.add(n);
    r.report(
      'PD002',
      'error',
      `${from.name} → ${to} closes a cycle (${loop.join(' → ')}): demand cannot flow around a loop, so no demand figure is computed along it`,
      at,
    );
  };
  const visit = (t: Tier) => {
    state.set(t.name, 'open');
    stack.push(t.name);
    for (const e of t.calls) {
      const callee = byName.get(e.callee);
      if (!callee) continue;
      if (state.get(callee.name) === 'open') {
        e.cyclic = true;
        closes(t, callee.name, e.node);
      } else if (!state.has(callee.name)) visit(callee);
    }
    const miss = t.missesTo !== undefined && t.hitRatio ? byName.get(t.missesTo) : undefined;
    if (miss) {
      if (state.get(miss.name) === 'open') {
        t.missCyclic = true;
        closes(t, miss.name, mapGet(t.node, 'missesTo') ?? firstLine(t.node));
      } else if (!state.has(miss.name)) visit(miss);
    }
    stack.pop();
    state.set(t.name, 'done');
  };
  for (const t of m.tiers) if (!state.has(t.name)) visit(t);
  // Kahn's algorithm on the acyclic rest: a tier is evaluated once all its callers are.
  const callers = new Map<string, number>(m.tiers.map(t => [t.name, 0]));
  const out = (t: Tier) => [
    ...t.calls.filter(e => !e.cyclic && byName.has(e.callee)).map(e => e.callee),
    ...(t.missesTo !== undefined && t.hitRatio && !t.missCyclic && byName.has(t.missesTo) ? [t.missesTo] : []),
  ];
  for (const t of m.tiers) for (const c of out(t)) callers.set(c, callers.get(c)! + 1);
  const ready = m.tiers.filter(t => callers.get(t.name) === 0).map(t => t.name);
  for (let i = 0; i < ready.length; i++) {
    const t = byName.get(ready[i])!;
    for (const c of out(t)) {
      const left = callers.get(c)! - 1;
      callers.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  m.demandOrder = ready;
}

/** PD002 on every name that refers to nothing, and on `requests` that needs a writeRatio the traffic lacks. */
function checkNames(m: CapacityModel, r: Reader): void {
  const tiers = new Set(m.tiers.map(t => t.name));
  const queues = new Set(m.queues.map(q => q.name));
  const known = (set: Set<string>) => [...set].join(', ') || 'none';
  const at = (node: PMap, key: string, name: string): { start: number; end: number } => {
    const v = mapGet(node, key);
    if (v?.type === 'seq')
      return (
        v.items.find(
          i =>
            (i.type === 'scalar' && i.value !== null && scalarText(i.value) === name) ||
            (i.type === 'map' && r.string(i, 'tier') === name),
        ) ?? v
      );
    return v ?? firstLine(node);
  };
  const tier = (node: PMap, key: string, name: string) => {
    if (!tiers.has(name))
      r.report(
        'PD002',
        'error',
        `${key}: no tier named "${name}" in this model (known: ${known(tiers)})`,
        at(node, key, name),
      );
  };
  for (const t of m.tiers) {
    for (const e of t.calls) tier(t.node, 'dependsOn', e.callee);
    if (t.missesTo !== undefined) tier(t.node, 'missesTo', t.missesTo);
    if ((t.requests === 'reads' || t.requests === 'writes') && m.writeRatio === undefined)
      r.report(
        'PD002',
        'error',
        `requests: ${t.requests} needs traffic.writeRatio: the share of writes splits the peak into reads and writes (§6)`,
        mapGet(t.node, 'requests') ?? firstLine(t.node),
      );
  }
  for (const q of m.queues) {
    for (const e of q.calls) tier(q.node, 'dependsOn', e.callee);
    if (q.consumer !== undefined) tier(q.node, 'consumer', q.consumer);
  }
  for (const s of m.scaling) if (s.tier) tier(s.node, 'tier', s.tier);
  const dependencies = new Set(
    (m.borrowed?.budget?.allSegments ?? []).flatMap(seg => (seg.dependency === undefined ? [] : [seg.dependency])),
  );
  for (const sc of m.scenarios) {
    for (const h of sc.hitRatio)
      if (!m.tiers.some(t => t.name === h.cache && isCache(t)))
        r.report(
          'PD002',
          'error',
          `hitRatio: no cache tier named "${h.cache}" (a tier with hitRatio and missesTo; known: ${
            m.tiers
              .filter(isCache)
              .map(t => t.name)
              .join(', ') || 'none'
          })`,
          keyOf(r, sc.node, 'hitRatio', h.cache),
        );
    for (const l of sc.latency)
      if (l.target !== null && !tiers.has(l.target) && !dependencies.has(l.target))
        r.report(
          'PD002',
          'error',
          `latency: "${l.target}" is no tier of this model${m.borrowed?.budget ? ` and no dependency of the budget "${m.borrowed.budgetName}"` : ' (and no budget is referenced by latencyFrom)'} (known: ${[...tiers, ...dependencies].join(', ') || 'none'})`,
          keyOf(r, sc.node, 'latency', l.target),
        );
  }
  for (const q of m.quotas)
    for (const n of q.appliesTo)
      if (!tiers.has(n) && !queues.has(n))
        r.report(
          'PD002',
          'error',
          `appliesTo: no tier or queue named "${n}" in this model (known: ${known(new Set([...tiers, ...queues]))})`,
          at(q.node, 'appliesTo', n),
        );
}
