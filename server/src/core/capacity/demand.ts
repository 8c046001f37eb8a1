// Demand per tier (spec §10.1): the rate each tier serves at peak, flowing from the entry
// tiers through `dependsOn` calls, cache misses and queue workers; tier sizing on that
// rate (§6, §6.2); Little's law per tier and per edge (§4.3); failover with whole units (§10.3).
import type { CapacityModel, Edge, Tier } from './model';
import { isCache } from './model';

/** Little's law (§4.3): in-flight work = arrival rate × time in the system. */
export function inFlight(rps: number, latencyMs: number): number {
  return (rps * latencyMs) / 1000;
}

/** ceil() that ignores floating-point dust (27.000000001 stays 27). */
export const ceilSafe = (x: number): number => Math.ceil(x - 1e-9);

/** Units a tier needs to carry `requiredRps` at `maxUtilization` of each unit's bottleneck. */
export function unitsNeeded(requiredRps: number, unitRps: number, maxUtilization: number): number | null {
  const perUnit = unitRps * maxUtilization;
  return perUnit > 0 ? ceilSafe(requiredRps / perUnit) : null;
}

/** Units left when the zone holding the most units is lost (§10.3): maxUnits − ceil(maxUnits / zones). */
export function unitsAfterZoneLoss(maxUnits: number, zones: number): number {
  return zones > 0 ? maxUnits - ceilSafe(maxUnits / zones) : 0;
}

/** Capacity left with one zone lost, in whole units (§10.3 correction; §3, §6.2). */
export function failoverRps(maxUnits: number, zones: number, unitRps: number): number | null {
  return zones > 0 ? unitsAfterZoneLoss(maxUnits, zones) * unitRps : null;
}

/** How a tier's `rps` was found (§10.1 precedence), for hovers and the flow diagram. */
export type DemandRule = 'share' | 'requests' | 'callers' | 'entry' | 'cycle';

/** One contribution to a callee's demand. */
export interface DemandSource {
  /** The calling tier, cache or queue. */
  name: string;
  via: 'call' | 'miss' | 'queue';
  /** `rps(caller) × callsPerRequest`, `rps(cache) × (1 − hitRatio)` or `workers × ratePerWorker × callsPerRequest`. */
  rps: number | null;
}

export interface TierDemand {
  rps: number | null;
  rule: DemandRule;
  sources: DemandSource[];
}

/**
 * `rps` of every tier in the precedence of §10.1: share, requests, the sum over callers,
 * else the peak. Tiers on a cycle and callees of an unknown rate get null.
 * `workersOf(q)` is a queue's effective worker count (§10.4).
 */
export function tierDemand(m: CapacityModel, workersOf: (queueName: string) => number | null): Map<string, TierDemand> {
  const peak = m.peakRps ?? null;
  const out = new Map<string, TierDemand>();
  const incoming = new Map<string, DemandSource[]>();
  const add = (callee: string, s: DemandSource) => {
    const list = incoming.get(callee);
    if (list) list.push(s);
    else incoming.set(callee, [s]);
  };
  for (const q of m.queues) {
    const workers = workersOf(q.name);
    const rate = q.ratePerWorker?.value;
    for (const e of q.calls)
      add(e.callee, {
        name: q.name,
        via: 'queue',
        rps: workers === null || rate === undefined ? null : workers * rate * e.callsPerRequest,
      });
  }
  const byName = new Map(m.tiers.map(t => [t.name, t]));
  for (const name of m.demandOrder) {
    const t = byName.get(name)!;
    const sources = incoming.get(name) ?? [];
    const d = ownDemand(m, t, peak, sources);
    out.set(name, d);
    for (const e of t.calls)
      if (!e.cyclic) add(e.callee, { name, via: 'call', rps: d.rps === null ? null : d.rps * e.callsPerRequest });
    if (isCache(t) && !t.missCyclic)
      add(t.missesTo!, { name, via: 'miss', rps: d.rps === null ? null : d.rps * (1 - t.hitRatio!.value) });
  }
  return out;
}

function ownDemand(m: CapacityModel, t: Tier, peak: number | null, sources: DemandSource[]): TierDemand {
  if (m.onCycle.has(t.name)) return { rps: null, rule: 'cycle', sources };
  if (t.share) return { rps: peak === null ? null : peak * t.share.value, rule: 'share', sources };
  if (t.requests) {
    const w = m.writeRatio;
    const rps =
      peak === null
        ? null
        : t.requests === 'all'
          ? peak
          : w === undefined
            ? null
            : peak * (t.requests === 'writes' ? w : 1 - w);
    return { rps, rule: 'requests', sources };
  }
  if (sources.length) {
    const rps = sources.some(s => s.rps === null) ? null : sources.reduce((sum, s) => sum + s.rps!, 0);
    return { rps, rule: 'callers', sources };
  }
  return { rps: peak, rule: 'entry', sources };
}

/** Little's law on one `dependsOn` edge with a latency (§10.1): `tiers.<caller>.calls.<callee>`. */
export interface EdgeFigure {
  caller: string;
  callee: string;
  edge: Edge;
  /** `rps(caller) × callsPerRequest`. */
  rps: number | null;
  /** `rps × latency`. */
  inFlight: number | null;
  /** `maxUnits(caller) × connectionsPerUnit(edge, else caller)`; null when either is unknown. */
  pool: number | null;
}

export function edgeFigures(t: Tier, rps: number | null): EdgeFigure[] {
  return t.calls
    .filter(e => e.latency && !e.cyclic)
    .map(e => {
      const perUnit = e.connectionsPerUnit ?? t.connectionsPerUnit;
      const callRps = rps === null ? null : rps * e.callsPerRequest;
      return {
        caller: t.name,
        callee: e.callee,
        edge: e,
        rps: callRps,
        inFlight: callRps === null ? null : inFlight(callRps, e.latency!.value),
        pool: t.maxUnits === undefined || !perUnit ? null : t.maxUnits * perUnit.value,
      };
    });
}
