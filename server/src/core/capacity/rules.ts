// CapacityModel rules (spec §4 rules table, §10.1-10.7): small functions from the model and
// its figures to findings. They report through `report`, so the same rules judge the base
// model and each scenario (whose findings land on the scenario's name, §10.8).
import { AnalysisSettings, Severity } from '../types';
import { mapGet, PNode } from '../yamlTree';
import { firstLine, keyRange } from '../reader';
import { formatMs, formatNumber, formatPercent } from '../units';
import type { CapacityModel, Queue, Quota, Tier } from './model';
import type { CapacityFigures } from './figures';
import { undrainableBy, poisonForever } from './queues';
import { count, formatSeconds, rps } from './format';
import { SCALING_RULES } from './scaling';

export type Report = (
  code: string,
  severity: Severity,
  message: string,
  at: { start: number; end: number },
  data?: Record<string, unknown>,
) => void;

export interface RuleContext {
  model: CapacityModel;
  figures: CapacityFigures;
  settings: AnalysisSettings;
  report: Report;
}

export type CapacityRule = (c: RuleContext) => void;

/** `units: 21`, or the `max` of `units: { min, max }`: where the scale limit is written. */
export function unitsRange(t: Tier): { start: number; end: number } {
  const units = mapGet(t.node, 'units');
  if (units?.type === 'map') {
    const max = mapGet(units, 'max');
    if (max) return max;
  }
  return units ?? firstLine(t.node);
}

const tierTooSmall: CapacityRule = ({ model, figures, report }) => {
  const sf = model.safetyFactor?.value ?? 1;
  for (const f of figures.tiers) {
    const t = f.tier;
    if (!t.unitRps) continue;
    if (t.unitRps.value === 0) {
      report(
        'CM001',
        'error',
        `tier "${t.name}" has unitRps 0: a unit that serves nothing cannot carry any load`,
        t.unitRps.node,
      );
      continue;
    }
    if (f.unitsNeeded === null || f.rps === null || t.maxUnits === undefined || t.maxUnits >= f.unitsNeeded) continue;
    const carried =
      sf === 1 ? rps(f.rps) : `${rps(f.requiredRps!)} (${rps(f.rps)} × safety factor ${formatNumber(sf, 2)})`;
    const per = t.bottleneck
      ? `${rps(t.unitRps.value)} per unit (${t.bottleneck}-bound)`
      : `${rps(t.unitRps.value)} per unit`;
    report(
      'CM001',
      'error',
      `tier "${t.name}" needs ${count(f.unitsNeeded, 'unit')} to carry ${carried} at ${formatPercent(model.maxUtilization)} utilization of ${per}, but scales to ${t.maxUnits}`,
      unitsRange(t),
      { unitsNeeded: f.unitsNeeded },
    );
  }
};

const noFailoverCapacity: CapacityRule = ({ figures, settings, report }) => {
  for (const f of figures.tiers) {
    const t = f.tier;
    if (!t.unitRps || !t.zones) continue;
    const zones = t.zones.value;
    if (zones <= 1) {
      report(
        'CM002',
        'warning',
        `tier "${t.name}" runs in ${zones} zone: one zone impairment takes the whole tier down (§3, §6.2)`,
        t.zones.node,
      );
      continue;
    }
    if (f.failoverRps === null || t.maxUnits === undefined) continue;
    if (f.failoverRps === 0) {
      report(
        'CM002',
        'warning',
        `tier "${t.name}" keeps no unit with the zone holding the most of its ${count(t.maxUnits, 'unit')} lost: ${zones} zones need at least ${zones} units to survive one (§3, §6.2)`,
        t.zones.node,
      );
    } else if (f.failoverUtilization !== null && f.failoverUtilization > settings.utilizationWarnPercent / 100) {
      report(
        'CM002',
        'warning',
        `with one of ${zones} zones lost, tier "${t.name}" keeps ${f.failoverUnits} of ${count(t.maxUnits, 'unit')} (${rps(f.failoverRps)}) and runs at ${formatPercent(f.failoverUtilization)} at peak, above ${settings.utilizationWarnPercent}%: the survivors have no room left (§3, §6.2)`,
        t.zones.node,
      );
    }
  }
};

const connectionOverrun: CapacityRule = ({ model, figures, settings, report }) => {
  const byName = new Map(model.tiers.map(t => [t.name, t]));
  for (const f of figures.tiers) {
    const max = f.tier.maxConnections;
    if (!max) continue;
    for (const caller of f.unboundedCallers) {
      const t = byName.get(caller)!;
      const edge = t.calls.find(e => e.callee === f.tier.name);
      report(
        'CM003',
        'error',
        `tier "${caller}" calls "${f.tier.name}" (maxConnections ${formatNumber(max.value, 0)}) with no max units: unlimited concurrency into a limited database (§16 anti-patterns 8 and 11); give "${caller}" units with a max, or put a proxy or queue in between`,
        edge?.node ?? firstLine(t.node),
      );
    }
    if (f.connections === null) continue;
    const sources = f.connectionSources.map(s => `${s.name} ${formatNumber(s.connections, 0)}`).join(' + ');
    const total = formatNumber(f.connections, 0);
    if (f.connections > max.value) {
      report(
        'CM003',
        'error',
        `${total} connections into "${f.tier.name}" at max scale (${sources}) exceed its maxConnections of ${formatNumber(max.value, 0)}: pool bounds protect the database only when they are bounded (§10.1, §16 anti-pattern 8)`,
        max.node,
        { connections: f.connections },
      );
    } else if (f.connections > (max.value * settings.connectionsWarnPercent) / 100) {
      report(
        'CM003',
        'warning',
        `${total} connections into "${f.tier.name}" at max scale (${sources}) are ${formatPercent(f.connections / max.value)} of its maxConnections of ${formatNumber(max.value, 0)} (warns above ${settings.connectionsWarnPercent}%): a failover reconnect storm or one more caller exhausts it (§10.1)`,
        max.node,
        { connections: f.connections },
      );
    }
  }
};

const poolExhausted: CapacityRule = ({ figures, report }) => {
  for (const f of figures.tiers)
    for (const e of f.calls) {
      if (e.pool === null || e.inFlight === null || e.inFlight <= e.pool) continue;
      report(
        'CM009',
        'error',
        `${e.caller} → ${e.callee}: ${formatNumber(e.inFlight)} calls in flight at peak (${rps(e.rps!)} × ${formatMs(e.edge.latency!.value)}) exceed its pool of ${formatNumber(e.pool, 0)} connections: calls wait for a connection and latency grows until in-flight fits (§10.1, §17 "DB connections maxed")`,
        e.edge.node,
      );
    }
};

/** Where a queue's worker count is written: `workers`, else `consumer`, else the queue. */
const workersAt = (q: Queue): PNode | { start: number; end: number } =>
  q.workers?.node ?? mapGet(q.node, 'consumer') ?? firstLine(q.node);

const tooFewWorkers: CapacityRule = ({ model, figures, report }) => {
  for (const f of figures.queues) {
    const q = f.queue;
    const backlog = q.backlog ? formatNumber(q.backlog.value, 0) : '0';
    if (poisonForever(q)) {
      report(
        'CM004',
        'error',
        `queue "${q.name}" has poison messages (poisonRatio ${formatPercent(q.poisonRatio!.value, 1)}) and no maxReceiveCount: they return forever and the queue never drains; set maxReceiveCount and a dead-letter queue (§15.3)`,
        q.poisonRatio!.node,
      );
      continue;
    }
    // A zero divisor leaves workersNeeded without a value; the queue still never drains.
    const zero = undrainableBy(q);
    if (zero === 'ratePerWorker') {
      report(
        'CM004',
        'error',
        `queue "${q.name}" has ratePerWorker 0: workers that process nothing never drain its ${backlog} messages (§8.4)`,
        q.ratePerWorker!.node,
      );
      continue;
    }
    if (zero === 'drainTime') {
      report(
        'CM004',
        'error',
        `queue "${q.name}" must drain ${backlog} messages in no time: no number of workers can; give drainTime the time the backlog may take (§8.4)`,
        q.drainTime!.node,
      );
      continue;
    }
    const rate = q.ratePerWorker?.value;
    const arriving = f.arrivalRate ? ` while ${formatNumber(f.arrivalRate)}/s arrive` : '';
    if (
      f.arrivalRate > 0 &&
      f.workers !== null &&
      rate !== undefined &&
      f.backlogWork !== null &&
      f.drainTimeS === null
    ) {
      report(
        'CM004',
        'error',
        `queue "${q.name}" never drains: ${count(f.workers, 'worker')} × ${formatNumber(rate)}/s = ${formatNumber(f.workers * rate)}/s do not outpace the ${formatNumber(f.arrivalRate)}/s arriving (§3: a queue protects the caller only if consumers drain it)`,
        workersAt(q),
        f.workersNeeded === null ? undefined : { workersNeeded: f.workersNeeded },
      );
      continue;
    }
    if (f.workersNeeded === null) continue;
    const consumer = q.consumer === undefined ? undefined : model.tiers.find(t => t.name === q.consumer);
    if (consumer?.maxUnits !== undefined && f.workersNeeded > consumer.maxUnits) {
      report(
        'CM004',
        'error',
        `queue "${q.name}" needs ${count(f.workersNeeded, 'worker')} to drain ${backlog} messages in ${formatMs(q.drainTime!.value)}${arriving}, but its consumer "${consumer.name}" scales to ${count(consumer.maxUnits, 'unit')} (§8.4, §10.4)`,
        mapGet(q.node, 'consumer') ?? firstLine(q.node),
      );
    }
    if (!q.workers || q.workers.value >= f.workersNeeded) continue;
    const taking = f.drainTimeS === null ? 'never drain it' : `take ${formatSeconds(f.drainTimeS)}`;
    report(
      'CM004',
      'error',
      `queue "${q.name}" needs ${count(f.workersNeeded, 'worker')} to drain ${backlog} messages in ${formatMs(q.drainTime!.value)} at ${formatNumber(rate!)}/s each${arriving}; ${q.workers.value} ${taking} (§8.4: a queue protects the caller only if consumers drain it)`,
      q.workers.node,
      { workersNeeded: f.workersNeeded },
    );
  }
};

/** The §7.3 advice for a quota that is over or close: raise it, or redesign when it cannot be raised. */
function quotaAdvice(q: Quota): string {
  if (q.adjustable === false)
    return '; it cannot be raised (adjustable: false), so the design must change: split accounts or cells, or cut the usage (§7.3 rule 6)';
  if (q.increaseRequested)
    return `; an increase to ${formatNumber(q.increaseRequested.value, 0)} is requested (§7.3 rule 2)`;
  return '';
}

const quotaOverrun: CapacityRule = ({ model, figures, settings, report }) => {
  for (const f of figures.quotas) {
    const q = f.quota;
    if (!q.limit || !q.measures || f.usage === null) continue;
    const limit = formatNumber(q.limit.value, 0);
    const unit = QUOTA_UNIT[q.measures];
    const scope = q.appliesTo.length ? ` (${q.appliesTo.join(' + ')})` : '';
    if (f.usage > q.limit.value) {
      report(
        'CM005',
        'error',
        `quota "${q.name}": ${formatNumber(f.usage)} ${unit}${scope} at peak exceeds the limit of ${limit} (§7: quotas are architecture constraints)${quotaAdvice(q)}`,
        q.limit.node,
      );
    } else if (f.usageP95 !== null && f.usageP95 > q.limit.value) {
      report(
        'CM005',
        'warning',
        `quota "${q.name}": ${formatNumber(f.usageP95)} ${unit} at p95 latency exceeds the limit of ${limit}: latency degradation becomes a capacity incident (§4.3)${quotaAdvice(q)}`,
        q.limit.node,
      );
    } else if (f.usageRequired !== null && f.usageRequired > q.limit.value) {
      report(
        'CM005',
        'warning',
        `quota "${q.name}": ${formatNumber(f.usageRequired)} ${unit} with the safety factor exceeds the limit of ${limit}: the headroom the model asks for (× ${formatNumber(model.safetyFactor?.value ?? 1, 2)}) does not fit under the quota (§6, §7)${quotaAdvice(q)}`,
        q.limit.node,
      );
    } else if (f.usedPercent !== null && f.usedPercent > settings.quotaWarnPercent / 100) {
      report(
        'CM005',
        'warning',
        `quota "${q.name}": ${formatNumber(f.usage)} ${unit}${scope} at peak is ${formatPercent(f.usedPercent)} of the limit of ${limit} (warns above ${settings.quotaWarnPercent}%): request an increase before load testing, not during an incident (§7.3 rule 2)${quotaAdvice(q)}`,
        q.limit.node,
      );
    }
  }
};

export const QUOTA_UNIT: Record<NonNullable<Quota['measures']>, string> = {
  concurrency: 'in flight',
  rps: 'rps',
  connections: 'connections',
  units: 'units',
  workers: 'workers',
};

const highUtilization: CapacityRule = ({ figures, settings, report }) => {
  for (const f of figures.tiers) {
    // Compare fractions, not percentages: 0.07 × 100 is 7.000000000000001, 7 / 100 is exactly 0.07.
    if (f.utilizationAtPeak === null || f.utilizationAtPeak <= settings.utilizationWarnPercent / 100) continue;
    report(
      'CM006',
      'warning',
      `tier "${f.tier.name}" runs at ${formatPercent(f.utilizationAtPeak)} of its max capacity at peak (${rps(f.rps!)} on ${f.tier.maxUnits} × ${rps(f.tier.unitRps!.value)}): above ${settings.utilizationWarnPercent}% there is no room for a spike, a bad deploy or an AZ loss (§6.2)`,
      unitsRange(f.tier),
    );
  }
};

const noSafetyFactor: CapacityRule = ({ model, report }) => {
  if (model.safetyFactor) return;
  report(
    'CM008',
    'warning',
    'no headroom.safetyFactor: headroom must be defined before launch (§6.2, §18.2)',
    model.headroomNode ? keyRange(model.root, 'headroom') : firstLine(model.root),
  );
};

export const CAPACITY_RULES: readonly CapacityRule[] = [
  tierTooSmall,
  noFailoverCapacity,
  connectionOverrun,
  tooFewWorkers,
  quotaOverrun,
  highUtilization,
  noSafetyFactor,
  poolExhausted,
  ...SCALING_RULES,
];
