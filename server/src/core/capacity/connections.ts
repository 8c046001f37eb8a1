// Connections into a tier at max scale (spec §4, §10.2; lesson §10.1: a pool protects the
// database only when max connections are intentionally bounded; §16 anti-patterns 8, 11).
import type { CapacityModel } from './model';
import { isCache } from './model';

export interface ConnectionSource {
  name: string;
  connections: number;
}

export interface TierConnections {
  /** Σ over bounded callers of `maxUnits × connectionsPerUnit(edge)` and `workers × connectionsPerWorker`; null with an unbounded caller into a limited tier, or no pools at all. */
  connections: number | null;
  sources: ConnectionSource[];
  /** Callers with no `units` max into this tier (CM003 when it has maxConnections). */
  unboundedCallers: string[];
}

/**
 * Connections per callee. A cache tier's misses ride on its callers' pools, so a cache is
 * never a caller here; a queue with a `consumer` opens that tier's pools, not its own.
 */
export function tierConnections(m: CapacityModel): Map<string, TierConnections> {
  const out = new Map<string, TierConnections>();
  const limited = new Set(m.tiers.filter(t => t.maxConnections).map(t => t.name));
  const entry = (name: string) => {
    let c = out.get(name);
    if (!c) out.set(name, (c = { connections: null, sources: [], unboundedCallers: [] }));
    return c;
  };
  const add = (callee: string, name: string, connections: number) => {
    const c = entry(callee);
    c.sources.push({ name, connections });
    c.connections = (c.connections ?? 0) + connections;
  };
  for (const t of m.tiers) {
    if (isCache(t)) continue;
    for (const e of t.calls) {
      if (t.maxUnits === undefined) {
        if (limited.has(e.callee)) entry(e.callee).unboundedCallers.push(t.name);
        continue;
      }
      const perUnit = e.connectionsPerUnit ?? t.connectionsPerUnit;
      if (perUnit) add(e.callee, t.name, t.maxUnits * perUnit.value);
    }
  }
  for (const q of m.queues) {
    if (q.consumer !== undefined || !q.workers || !q.connectionsPerWorker) continue;
    for (const e of q.calls) add(e.callee, q.name, q.workers.value * q.connectionsPerWorker.value);
  }
  for (const c of out.values()) if (c.unboundedCallers.length) c.connections = null;
  return out;
}
