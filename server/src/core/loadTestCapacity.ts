// The figures of a referenced CapacityModel that a LoadTestPlan's rules read (LT003, LT007,
// LT008), in one place: the plan never re-derives them, it reads the capacity analysis.
import type { CapacityAnalysis } from './capacityModel';
import type { Quantity } from './reader';
import { mapGet } from './yamlTree';

export interface CapacityFacts {
  modelName: string;
  peakRps?: number;
  /** §10.6: the first limit traffic reaches; null when nothing is traffic-bound. */
  breakingPoint: { name: string; rps: number } | null;
  /** §10.7: the shortest scale-out time (or warm-up) of the model's scaling policies, ms. */
  shortestScaleOutMs?: number;
  /** Connections into a tier at max scale, over its maxConnections (§10.2). */
  connectionShare(tier: string): { connections: number; maxConnections: number } | undefined;
  /** Seconds the declared workers take to drain a queue's backlog (§8.4). */
  drainTimeS(queue: string): number | undefined;
  /** Declared scenario names (§10.8). */
  scenarioNames: string[];
}

/** Figures of §10.6-10.8 as the capacity analysis has them (they are being added to it: read them if present). */
interface LaterFigures {
  breakingPoint?: { name: string; rps: number } | null;
}

export function capacityFacts(c: CapacityAnalysis): CapacityFacts {
  const later = c.figures as typeof c.figures & LaterFigures;
  const scaleOut = c.model.scaling
    .map(p => ((p as { scaleOutTime?: Quantity }).scaleOutTime ?? p.warmup)?.value)
    .filter((v): v is number => v !== undefined);
  const scenarios = mapGet(c.model.root, 'scenarios');
  return {
    modelName: c.model.name,
    peakRps: c.model.peakRps,
    breakingPoint: later.breakingPoint ?? null,
    shortestScaleOutMs: scaleOut.length ? Math.min(...scaleOut) : undefined,
    connectionShare(tier) {
      const f = c.figures.tiers.find(t => t.tier.name === tier);
      const max = f?.tier.maxConnections?.value;
      return f && f.connections !== null && max ? { connections: f.connections, maxConnections: max } : undefined;
    },
    drainTimeS(queue) {
      return c.figures.queues.find(q => q.queue.name === queue)?.drainTimeS ?? undefined;
    },
    scenarioNames:
      scenarios?.type === 'seq'
        ? scenarios.items.flatMap(i => {
            const n = i.type === 'map' ? mapGet(i, 'name') : undefined;
            return n?.type === 'scalar' && typeof n.value === 'string' ? [n.value] : [];
          })
        : [],
  };
}
