// Hover on a LoadTestPlan test's `results:` and `criteria.resources` (spec §11): what the run
// measured against each criterion and where each figure was read, and what the capacity model
// says a resource limit can hold. Figures and verdicts come from the core (figures.measured,
// capacityFacts); this module only words them.
import type { LoadTest, LoadTestAnalysis } from '../../core/loadTestPlan';
import { capacityFacts } from '../../core/loadTestCapacity';
import { formatMs, formatNumber, formatPercent } from '../../core/units';
import { card } from '../hover';

const STATUS = { pass: '✓', fail: '✗', 'not-measured': '–' } as const;

export function resultsHover(a: LoadTestAnalysis, t: LoadTest): string | null {
  const m = a.figures.measured.find(x => x.test === t);
  if (!m) return null;
  const o = m.results.overall;
  return card(`Results: ${m.results.title}`, '§13.3, §18.5', [
    [
      o.rps && `${formatNumber(o.rps.value)} rps`,
      o.durationS && `for ${formatMs(o.durationS.value * 1000)}`,
      o.p95 && `p95 ${formatMs(o.p95.value)}`,
      o.p99 && `p99 ${formatMs(o.p99.value)}`,
      o.errorRate && `errors ${formatPercent(o.errorRate.value, 2)}`,
    ]
      .filter(Boolean)
      .join(', '),
    ...m.verdicts.map(v => `${STATUS[v.status]} ${v.message}`),
    ...m.results.notes,
  ]);
}

export function resourceHover(a: LoadTestAnalysis, t: LoadTest, key: string): string | null {
  const c = t.resources.find(r => r.key === key);
  if (!c) return null;
  const facts = a.references.capacity && capacityFacts(a.references.capacity);
  const share = c.metric === 'connections' ? facts?.connectionShare(c.subject) : undefined;
  const drain = c.metric === 'oldestMessageAge' ? facts?.drainTimeS(c.subject) : undefined;
  return card(`Resource criterion ${key}`, '§13.3', [
    `limit ${c.unit === 'ratio' ? formatPercent(c.limit.value, 1) : c.unit === 'duration' ? formatMs(c.limit.value) : formatNumber(c.limit.value)} on ${c.subject}'s ${c.metric}: watched in monitoring during the run, not measured by the load tool`,
    share &&
      `the model opens ${formatNumber(share.connections)} of ${formatNumber(share.maxConnections)} connections at max scale (${formatPercent(share.connections / share.maxConnections, 1)}; LT008 below that)`,
    drain !== undefined &&
      `the model drains "${c.subject}" in ${formatMs(drain * 1000)} with its workers (LT008 below that)`,
  ]);
}
