// The CapacityModel's figures in a few lines, for the CLI's text output, the code lens,
// the status bar and the checklist report (core/summary.ts words the other kinds).
import { formatNumber, formatPercent } from '../units';
import type { CapacityFigures } from './figures';
import type { Constraint } from './constraints';
import { workersNeededGap } from './queues';
import { QUOTA_UNIT } from './rules';
import { count, formatSeconds } from './format';

/** A constraint's name as a reader says it: `API Gateway throttle`, `api tier`, `api → db pool`. */
export function constraintLabel(c: Constraint): string {
  return c.kind === 'quota' ? c.name : `${c.name} ${c.kind}`;
}

/** `API Gateway throttle at 1.15× peak, 1,150 rps` (§10.6). */
export function breakingPointText(c: Constraint): string {
  return `${constraintLabel(c)} at ${formatNumber(c.multiple, 2)}× peak, ${formatNumber(c.rps, 0)} rps`;
}

export function capacityKeyFigures(f: CapacityFigures): string[] {
  const out: string[] = [];
  for (const t of f.tiers) {
    const bits = [];
    if (t.rps !== null) bits.push(`${formatNumber(t.rps)} rps${t.demandRule === 'entry' ? '' : ` (${t.demandRule})`}`);
    else if (t.demandRule === 'cycle') bits.push('no demand (on a cycle)');
    if (t.unitsNeeded !== null) bits.push(`needs ${count(t.unitsNeeded, 'unit')} (has ${t.tier.maxUnits ?? '?'})`);
    if (t.bottleneck) bits.push(`${t.bottleneck}-bound`);
    if (t.utilizationAtPeak !== null) bits.push(`${formatPercent(t.utilizationAtPeak)} at peak`);
    if (t.failoverRps !== null)
      bits.push(
        `${formatNumber(t.failoverRps)} rps with a zone lost${t.failoverUtilization === null ? '' : ` (${formatPercent(t.failoverUtilization)})`}`,
      );
    if (t.inFlight !== null) bits.push(`${formatNumber(t.inFlight)} in flight`);
    if (t.connections !== null)
      bits.push(
        `${formatNumber(t.connections, 0)} connections${t.tier.maxConnections ? ` of ${formatNumber(t.tier.maxConnections.value, 0)}` : ''}`,
      );
    else if (t.unboundedCallers.length)
      bits.push(`connections unbounded (${t.unboundedCallers.join(', ')} has no max)`);
    for (const e of t.calls)
      bits.push(
        `→ ${e.callee} ${e.inFlight === null ? '?' : formatNumber(e.inFlight)} in flight / pool ${e.pool === null ? '?' : formatNumber(e.pool, 0)}`,
      );
    if (bits.length) out.push(`tier ${t.tier.name}: ${bits.join(', ')}`);
  }
  for (const q of f.queues) {
    const needs =
      q.workersNeeded === null
        ? `workers needed n/a (${workersNeededGap(q.queue)})`
        : `needs ${count(q.workersNeeded, 'worker')}`;
    const arriving = q.arrivalRate ? `; ${formatNumber(q.arrivalRate)}/s arriving` : '';
    out.push(
      `queue ${q.queue.name}: ${needs} (has ${q.workers ?? '?'})${arriving}; drains in ${q.drainTimeS === null ? 'n/a' : formatSeconds(q.drainTimeS)}`,
    );
  }
  for (const q of f.quotas) {
    if (!q.quota.measures) continue;
    const limit = q.quota.limit ? formatNumber(q.quota.limit.value, 0) : '?';
    const used = q.usedPercent === null ? '' : ` (${formatPercent(q.usedPercent)})`;
    const p95 = q.usageP95 === null ? '' : `; at p95 ${formatNumber(q.usageP95)}`;
    out.push(
      `quota ${q.quota.name}: ${q.usage === null ? '?' : formatNumber(q.usage)} ${QUOTA_UNIT[q.quota.measures]} of ${limit}${used}${p95}`,
    );
  }
  if (f.constraints.length)
    out.push(
      `breaks first: ${f.constraints
        .slice(0, 3)
        .map(c => `${constraintLabel(c)} ${formatNumber(c.multiple, 2)}×`)
        .join(', ')}${f.constraints.length > 3 ? `, … (${f.constraints.length} limits)` : ''}`,
    );
  return out;
}
