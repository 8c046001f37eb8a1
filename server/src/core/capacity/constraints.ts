// What breaks first (spec §10.6; lesson §3: a system is only as scalable as its tightest
// bottleneck; §21 questions 3, 4 and 10): every limit that grows with traffic, ranked by
// the multiple of peak at which it is reached.
import type { PNode } from '../yamlTree';
import type { EdgeFigure } from './demand';
import type { QuotaFigure } from './quotas';

export type ConstraintKind = 'tier' | 'pool' | 'quota';

export interface Constraint {
  /** The tier, the edge (`caller → callee`) or the quota. */
  name: string;
  kind: ConstraintKind;
  /** Traffic multiple of peak at which the limit is reached: below 1, it is already over at peak. */
  multiple: number;
  /** `peakRps × multiple`. */
  rps: number;
  /** Where the limit is declared (for hovers and the charts). */
  node: PNode;
}

export interface ConstraintInputs {
  peakRps: number | null;
  /** Compute tiers: saturation at max scale, `maxUnits × unitRps`, against their `rps`. */
  tiers: { name: string; capacityAtMax: number | null; rps: number | null; node: PNode }[];
  edges: EdgeFigure[];
  quotas: QuotaFigure[];
}

/** Every traffic-bound limit with its multiple (sorted ascending, ties in document order). */
export function constraints(x: ConstraintInputs): Constraint[] {
  const peak = x.peakRps;
  if (peak === null) return [];
  const out: Constraint[] = [];
  const push = (name: string, kind: ConstraintKind, limit: number | null, usage: number | null, node: PNode) => {
    if (limit === null || usage === null || usage <= 0) return;
    const multiple = limit / usage;
    out.push({ name, kind, multiple, rps: peak * multiple, node });
  };
  for (const t of x.tiers) push(t.name, 'tier', t.capacityAtMax, t.rps, t.node);
  for (const e of x.edges) push(`${e.caller} → ${e.callee}`, 'pool', e.pool, e.inFlight, e.edge.node);
  for (const q of x.quotas)
    if (q.quota.measures === 'concurrency' || q.quota.measures === 'rps')
      push(q.quota.name, 'quota', q.quota.limit?.value ?? null, q.usage, q.quota.node);
  return out.sort((a, b) => a.multiple - b.multiple);
}
