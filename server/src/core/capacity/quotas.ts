// Quotas that know what they limit (spec §4, §10.5; lesson §7: quotas are architecture
// constraints; §4.3: latency degradation becomes a capacity incident).
import type { Quota } from './model';

/** What the usage of a quota is computed from. */
export interface QuotaInputs {
  inFlight: number | null;
  inFlightP95: number | null;
  peakRps: number | null;
  requiredRps: number | null;
  /** Per tier: in flight, rps, connections into it, max units (null when unknown or unbounded). */
  tiers: Map<
    string,
    {
      inFlight: number | null;
      rps: number | null;
      connections: number | null;
      maxUnits: number | null;
      dataTier: boolean;
      scaled: boolean;
    }
  >;
  /** Per queue: its workers. */
  queues: Map<string, number | null>;
}

export interface QuotaFigure {
  quota: Quota;
  /** What counts against the limit at peak (§10.5); null when unknown. */
  usage: number | null;
  /** Concurrency without appliesTo: in flight at p95 latency (the CM005 warning). */
  usageP95: number | null;
  /** Rate without appliesTo: peak × safety factor (the CM005 warning). */
  usageRequired: number | null;
  /** `usage / limit`, a fraction. */
  usedPercent: number | null;
}

/** Σ of the values, null when any is unknown (an unknown part makes the total unknown, not smaller). */
function total(values: (number | null)[]): number | null {
  let sum = 0;
  for (const v of values) {
    if (v === null) return null;
    sum += v;
  }
  return sum;
}

function quotaUsage(q: Quota, x: QuotaInputs): Pick<QuotaFigure, 'usage' | 'usageP95' | 'usageRequired'> {
  const none = { usage: null, usageP95: null, usageRequired: null };
  if (!q.measures) return none;
  const named = q.appliesTo.length > 0;
  // Without appliesTo, the measure counts over the whole model (v1 for concurrency and rps).
  const tiers = named ? q.appliesTo.flatMap(n => (x.tiers.has(n) ? [x.tiers.get(n)!] : [])) : [...x.tiers.values()];
  const queues = named ? q.appliesTo.flatMap(n => (x.queues.has(n) ? [x.queues.get(n)!] : [])) : [...x.queues.values()];
  switch (q.measures) {
    case 'concurrency':
      return named
        ? { ...none, usage: total([...tiers.map(t => t.inFlight), ...queues]) }
        : { ...none, usage: x.inFlight, usageP95: x.inFlightP95 };
    case 'rps':
      return named
        ? { ...none, usage: total(tiers.map(t => t.rps)) }
        : { ...none, usage: x.peakRps, usageRequired: x.requiredRps };
    case 'connections':
      return { ...none, usage: total((named ? tiers : tiers.filter(t => t.dataTier)).map(t => t.connections)) };
    case 'units':
      return { ...none, usage: total((named ? tiers : tiers.filter(t => t.scaled)).map(t => t.maxUnits)) };
    case 'workers':
      return { ...none, usage: total(queues) };
  }
}

export function quotaFigure(q: Quota, x: QuotaInputs): QuotaFigure {
  const u = quotaUsage(q, x);
  const limit = q.limit?.value;
  return { quota: q, ...u, usedPercent: u.usage === null || !limit ? null : u.usage / limit };
}
