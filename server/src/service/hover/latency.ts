// Hover lines for the tail figures of a LatencyBudget (FORMAT.md §9, lesson §4.5, §5.1 rule 7):
// how often a request meets a call slower than its budget, worded in the lesson's terms. The
// shares come from the core's figures; this module only says what they mean.
import { type LatencyAnalysis, type Segment, percentileFraction } from '../../core/latencyBudget';
import { formatPercent } from '../../core/units';

/** The §4.5 reading of one parallel group: calls over their budget, and calls beyond their p99. */
export function fanoutLines({ model, figures }: LatencyAnalysis, group: Segment): string[] {
  const g = figures.fanout.find(x => x.segment === group);
  if (!g) return [];
  const p = model.budgetPercentile;
  const beyondP99 = `fan-out of ${g.calls} calls: 1 − 0.99^${g.calls} = ${formatPercent(g.tailProbability, 1)} of requests wait on at least one call beyond its own p99 (§4.5)`;
  if (p === 'p99') return [beyondP99];
  return [
    `fan-out of ${g.calls} calls budgeted at ${p}: 1 − ${percentileFraction(p)}^${g.calls} = ${formatPercent(g.exceedsBudgetProbability, 1)} of requests have at least one call slower than its ${p} budget: the group is only as fast as its slowest call (§4.5)`,
    beyondP99,
  ];
}

/** The path's exposure to slow dependencies (tailExposure): "18.5% of requests meet at least one…". */
export function tailExposureLine({ model, figures }: LatencyAnalysis): string | null {
  if (figures.tailExposure === null) return null;
  const p = model.budgetPercentile;
  const d = figures.dependencyCalls;
  return `${formatPercent(figures.tailExposure, 1)} of requests meet at least one dependency slower than its ${p} budget (1 − ${percentileFraction(p)}^${d}, ${d} dependency call${d === 1 ? '' : 's'} on the path): tail latency compounds with fan-out (§4.5)`;
}

/** Who answers for the segment's budget (§5.1 rule 7), or a nudge for a dependency without an owner. */
export function ownerLine(s: Segment): string | null {
  if (s.owner !== undefined) return `owner: ${s.owner}, accountable for this budget (§5.1 rule 7)`;
  return s.dependency !== undefined
    ? 'no owner: name the team accountable for this dependency with `owner:` (§5.1 rule 7)'
    : null;
}
