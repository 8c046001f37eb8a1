// Every figure of a CapacityModel (spec §4, §10.1-10.7), computed from the typed model
// alone, in one pass per topic, so a scenario (§10.8) is the same call on a changed model.
// Hovers, inlay hints, the CLI and the charts read these figures; none re-derives them.
import { Metric, Metrics } from '../types';
import { round } from '../units';
import type { CapacityModel, Tier } from './model';
import {
  DemandRule,
  DemandSource,
  EdgeFigure,
  edgeFigures,
  failoverRps,
  inFlight,
  tierDemand,
  unitsAfterZoneLoss,
  unitsNeeded,
} from './demand';
import { ConnectionSource, tierConnections } from './connections';
import { QueueFigure, queueFigure } from './queues';
import { QuotaFigure, QuotaInputs, quotaFigure } from './quotas';
import { Constraint, constraints } from './constraints';

export interface TierFigure {
  tier: Tier;
  /** Request rate the tier serves at peak (§10.1). */
  rps: number | null;
  /** Which §10.1 rule gave `rps`. */
  demandRule: DemandRule;
  /** The callers' contributions when `demandRule` is 'callers' (or ignored by share/requests). */
  demandSources: DemandSource[];
  /** `rps × safetyFactor`: what the tier must carry with headroom (§6). */
  requiredRps: number | null;
  /** `ceil(requiredRps / (unitRps × maxUtilization))`. */
  unitsNeeded: number | null;
  /** `rps / (maxUnits × unitRps)`. */
  utilizationAtPeak: number | null;
  /** Whole units left with the zone holding the most lost: `maxUnits − ceil(maxUnits / zones)` (§10.3). */
  failoverUnits: number | null;
  /** `failoverUnits × unitRps` (§10.3). */
  failoverRps: number | null;
  /** `rps / failoverRps` (null when failoverRps is 0). */
  failoverUtilization: number | null;
  /** Capacity at max scale and max utilization: maxUnits × unitRps × maxUtilization. */
  capacityRps: number | null;
  /** The `unitRps` dimension that limits a unit (§6.1), null for a scalar unitRps. */
  bottleneck: string | null;
  /** `rps × latency` (the tier's own, or traffic.latency for an entry tier). */
  inFlight: number | null;
  /** Edges with a latency: Little's law per dependency (CM009). */
  calls: EdgeFigure[];
  /** Connections opened into this tier at max scale (§10.2). */
  connections: number | null;
  connectionSources: ConnectionSource[];
  /** Callers with no max into this tier (CM003 when it has maxConnections). */
  unboundedCallers: string[];
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
  /** Every traffic-bound limit, tightest first (§10.6). */
  constraints: Constraint[];
  /** The first constraint, or null. */
  breakingPoint: Constraint | null;
}

export function capacityFigures(m: CapacityModel): CapacityFigures {
  const peak = m.peakRps ?? null;
  const sf = m.safetyFactor?.value ?? 1;
  const required = peak === null ? null : peak * sf;
  const tierByName = new Map(m.tiers.map(t => [t.name, t]));
  const queues = m.queues.map(q => queueFigure(q, q.consumer === undefined ? undefined : tierByName.get(q.consumer)));
  const workers = new Map(queues.map(q => [q.queue.name, q.workers]));
  const demand = tierDemand(m, name => workers.get(name) ?? null);
  const connections = tierConnections(m);
  const tiers: TierFigure[] = m.tiers.map(t => {
    const d = demand.get(t.name)!;
    const c = connections.get(t.name);
    const rps = d.rps;
    const compute = t.unitRps !== undefined;
    const unitRps = t.unitRps?.value ?? 0;
    const atMax = t.maxUnits === undefined ? null : t.maxUnits * unitRps;
    const zoned = compute && t.maxUnits !== undefined && t.zones !== undefined;
    const failover = zoned ? failoverRps(t.maxUnits!, t.zones!.value, unitRps) : null;
    const latency = t.latency?.value ?? (d.rule === 'entry' ? m.latencyMs : undefined);
    const requiredRps = rps === null ? null : rps * sf;
    return {
      tier: t,
      rps,
      demandRule: d.rule,
      demandSources: d.sources,
      requiredRps,
      unitsNeeded: compute && requiredRps !== null ? unitsNeeded(requiredRps, unitRps, m.maxUtilization) : null,
      utilizationAtPeak: compute && rps !== null && atMax ? rps / atMax : null,
      failoverUnits: zoned ? unitsAfterZoneLoss(t.maxUnits!, t.zones!.value) : null,
      failoverRps: failover,
      failoverUtilization: failover && rps !== null ? rps / failover : null,
      capacityRps: compute && atMax !== null ? atMax * m.maxUtilization : null,
      bottleneck: t.bottleneck,
      inFlight: rps !== null && latency !== undefined ? inFlight(rps, latency) : null,
      calls: edgeFigures(t, rps),
      connections: c?.connections ?? null,
      connectionSources: c?.sources ?? [],
      unboundedCallers: c?.unboundedCallers ?? [],
    };
  });
  const inFlightNow = peak !== null && m.latencyMs !== undefined ? inFlight(peak, m.latencyMs) : null;
  const inFlightP95 = peak !== null && m.p95LatencyMs !== undefined ? inFlight(peak, m.p95LatencyMs) : null;
  const timeoutMs = m.borrowed?.timeoutMs;
  const inputs: QuotaInputs = {
    inFlight: inFlightNow,
    inFlightP95,
    peakRps: peak,
    requiredRps: required,
    tiers: new Map(
      tiers.map(f => [
        f.tier.name,
        {
          inFlight: f.inFlight,
          rps: f.rps,
          connections: f.connections,
          maxUnits: f.tier.maxUnits ?? null,
          dataTier: f.tier.maxConnections !== undefined,
          scaled: mapHasUnits(f.tier),
        },
      ]),
    ),
    queues: workers,
  };
  const quotas = m.quotas.map(q => quotaFigure(q, inputs));
  const ranked = constraints({
    peakRps: peak,
    tiers: tiers
      .filter(f => f.tier.unitRps)
      .map(f => ({
        name: f.tier.name,
        capacityAtMax: f.tier.maxUnits === undefined ? null : f.tier.maxUnits * f.tier.unitRps!.value,
        rps: f.rps,
        node: f.tier.node,
      })),
    edges: tiers.flatMap(f => f.calls),
    quotas,
  });
  return {
    inFlight: inFlightNow,
    inFlightP95,
    inFlightAtTimeout: peak !== null && timeoutMs != null ? inFlight(peak, timeoutMs) : null,
    requiredRps: required,
    tiers,
    queues,
    quotas,
    constraints: ranked,
    breakingPoint: ranked[0] ?? null,
  };
}

/** A tier that declares `units` (its max counts against a units quota). */
const mapHasUnits = (t: Tier): boolean => t.maxUnits !== undefined || t.minUnits !== undefined;

const r3 = (n: number | null) => (n === null ? null : round(n, 3));

/** The JSON figures (`metrics` in the CLI output; spec §4, §10): ratios as fractions, rounded to 3 decimals. */
export function capacityMetrics(f: CapacityFigures): Metrics {
  const constraint = (c: Constraint): Metric => ({
    name: c.name,
    kind: c.kind,
    multiple: r3(c.multiple),
    rps: r3(c.rps),
  });
  return {
    inFlight: r3(f.inFlight),
    inFlightP95: r3(f.inFlightP95),
    requiredRps: r3(f.requiredRps),
    tiers: Object.fromEntries(
      f.tiers.map(t => [
        t.tier.name,
        {
          rps: r3(t.rps),
          unitsNeeded: t.unitsNeeded,
          utilizationAtPeak: r3(t.utilizationAtPeak),
          failoverRps: r3(t.failoverRps),
          failoverUtilization: r3(t.failoverUtilization),
          connections: t.connections,
          inFlight: r3(t.inFlight),
          bottleneck: t.bottleneck,
          calls: Object.fromEntries(
            t.calls.map(e => [e.callee, { rps: r3(e.rps), inFlight: r3(e.inFlight), pool: e.pool }]),
          ),
        },
      ]),
    ),
    queues: Object.fromEntries(
      f.queues.map(q => [q.queue.name, { workersNeeded: q.workersNeeded, drainTimeS: r3(q.drainTimeS) }]),
    ),
    quotas: Object.fromEntries(
      f.quotas.map(q => [
        q.quota.name,
        { usage: r3(q.usage), usageP95: r3(q.usageP95), usedPercent: r3(q.usedPercent) },
      ]),
    ),
    constraints: f.constraints.map(constraint),
    breakingPoint: f.breakingPoint && constraint(f.breakingPoint),
  };
}
