// The figures of a referenced CapacityModel that a LoadTestPlan's rules read (LT003, LT007,
// LT008), in one place: the plan never re-derives them, it reads the capacity analysis.
import type { CapacityAnalysis } from './capacityModel';
import type { Constraint } from './capacity/constraints';
import { mapGet } from './yamlTree';

export interface CapacityFacts {
  modelName: string;
  peakRps?: number;
  /** §10.6: the first limit traffic reaches; null when nothing is traffic-bound. */
  breakingPoint: Constraint | null;
  /** §10.7: the shortest scale-out time (or warm-up) of the model's scaling policies, ms. */
  shortestScaleOutMs?: number;
  /** Connections into a tier at max scale, over its maxConnections (§10.2). */
  connectionShare(tier: string): { connections: number; maxConnections: number } | undefined;
  /** Seconds the declared workers take to drain a queue's backlog (§8.4). */
  drainTimeS(queue: string): number | undefined;
  /** Declared scenario names (§10.8). */
  scenarioNames: string[];
}

export function capacityFacts(c: CapacityAnalysis): CapacityFacts {
  // scaleOutTime defaults to warmup when the model is read (§10.7).
  const scaleOut = c.model.scaling.map(p => p.scaleOutTime?.value).filter((v): v is number => v !== undefined);
  const scenarios = mapGet(c.model.root, 'scenarios');
  return {
    modelName: c.model.name,
    peakRps: c.model.peakRps,
    breakingPoint: c.figures.breakingPoint,
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
