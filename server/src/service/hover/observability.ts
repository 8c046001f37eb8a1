// Hover of an ObservabilityPlan (§14, §18.6): per tier the golden signals it has and lacks
// beside the model's figures for that tier; per alarm the resource it covers and the
// threshold perfdoc computes from the model; the §14.3 trace fields in the lesson's words.
// Figures come from the core (`d.observability.figures`); this module only words them.
import {
  DASHBOARD_VIEWS,
  GOLDEN_SIGNALS,
  LAYER_METRICS,
  TRACE_FIELDS,
  coveringThreshold,
  type ObservabilityAnalysis,
  type RequiredAlarm,
  type TraceField,
} from '../../core/observabilityPlan';
import { formatMs, formatNumber } from '../../core/units';
import { card, listEntry, type Context } from '../hover';

export function observabilityHover(c: Context, a: ObservabilityAnalysis): string | null {
  const p = c.loc.path;
  switch (p[0]) {
    case 'signals':
      return typeof p[1] === 'string' ? tierSignalsHover(a, p[1]) : signalsHover(a);
    case 'alarms': {
      if (p.length === 1) return alarmsHover(a);
      const alarm = listEntry(c.loc, a.model.alarms, x => x.node);
      return alarm
        ? alarmHover(
            a,
            a.figures.requiredAlarms.find(r => r.alarm === alarm),
            alarm.metric,
          )
        : null;
    }
    case 'traces':
      return tracesHover(a);
    case 'logs':
      return card('Logs', '§14.3, §18.6', [
        a.figures.logsCorrelationId
          ? 'every log line carries the correlation ID: one request can be followed across services'
          : 'no correlationId: true: logs cannot be joined to a request or a trace (OB004)',
      ]);
    case 'dashboards':
      return card('Dashboard views', '§18.6', [
        `${DASHBOARD_VIEWS.length - a.figures.missingDashboards.length} of ${DASHBOARD_VIEWS.length} views: ${DASHBOARD_VIEWS.join(', ')}`,
        a.figures.missingDashboards.length > 0 && `missing ${a.figures.missingDashboards.join(', ')} (OB004)`,
      ]);
    case 'capacity':
      return a.references.capacity ? capacityReferenceHover(a) : null;
    case 'budget': {
      const budget = a.references.budget;
      if (!budget) return null;
      const deps = budget.model.allSegments.filter(s => s.dependency !== undefined && !s.async);
      return card(`Budget "${budget.model.name}"`, '§14.3', [
        `${deps.length} dependenc${deps.length === 1 ? 'y' : 'ies'} on the critical path${deps.length ? `: ${deps.map(s => s.dependency).join(', ')}` : ''}; traces must show each one's span timing`,
      ]);
    }
  }
  return null;
}

function signalsHover({ figures }: ObservabilityAnalysis): string {
  return card('Signals per tier', '§14.1, §14.2', [
    `golden signals: ${GOLDEN_SIGNALS.join(', ')}`,
    ...figures.tiers.map(
      t => `${t.tier}: ${t.missing.length ? `lacks ${t.missing.join(', ')} (OB001)` : 'all four golden signals'}`,
    ),
  ]);
}

/** The §14.2 layers whose metrics a tier's signals name: a hint of what else to correlate. */
function layersOf(signals: string[]): string[] {
  return Object.entries(LAYER_METRICS)
    .filter(([, metrics]) => signals.some(s => !GOLDEN_SIGNALS.includes(s as never) && metrics.includes(s)))
    .map(([layer]) => layer);
}

function tierSignalsHover(a: ObservabilityAnalysis, tierName: string): string {
  const t = a.figures.tiers.find(x => x.tier === tierName);
  const capacityTier = a.references.capacity?.figures.tiers.find(x => x.tier.name === tierName);
  const alarms = a.figures.requiredAlarms.filter(r => r.resource === 'connections' && r.name === tierName);
  const layers = layersOf(t?.signals ?? []);
  return card(`Signals of ${tierName}`, '§14.1, §14.2', [
    !t && a.references.capacity && `not a tier of the capacity model "${a.references.capacity.model.name}"`,
    t &&
      (t.missing.length
        ? `lacks the golden signal${t.missing.length > 1 ? 's' : ''} ${t.missing.join(', ')} (OB001)`
        : 'all four golden signals: latency, traffic, errors, saturation'),
    layers.length > 0 && `§14.2 metrics of ${layers.join(', ')}`,
    capacityTier?.utilizationAtPeak != null &&
      `the model runs it at ${formatNumber(capacityTier.utilizationAtPeak * 100, 0)}% at peak: saturation shows how close that is`,
    capacityTier?.connections != null &&
      capacityTier.tier.maxConnections !== undefined &&
      `${formatNumber(capacityTier.connections, 0)} of ${formatNumber(capacityTier.tier.maxConnections.value, 0)} connections at max scale`,
    ...alarms.map(
      r => `alarm ${r.metric} ${r.alarm ? 'written' : `missing: above ${r.aboveText} (${r.basis}, OB002)`}`,
    ),
  ]);
}

function alarmsHover({ figures }: ObservabilityAnalysis): string {
  const required = figures.requiredAlarms;
  return card('Alarms', '§7.1, §18.4, §18.6', [
    required.length
      ? `${required.filter(r => r.alarm).length} of ${required.length} alarms the capacity model needs`
      : 'no capacity model referenced (capacity:), or it has no quotas, data tiers with maxConnections or queues',
    ...required.map(
      r => `${r.metric}: ${r.alarm ? 'written' : 'missing'}; suggested above ${r.aboveText ?? '?'} (${r.basis})`,
    ),
    figures.alarmsWithoutRunbook.length > 0 &&
      `${figures.alarmsWithoutRunbook.length} without a runbook: not actionable (OB003)`,
  ]);
}

function alarmHover(a: ObservabilityAnalysis, required: RequiredAlarm | undefined, metric: string | undefined): string {
  const threshold = required ? coveringThreshold(required) : null;
  const unit = (n: number) =>
    required?.resource === 'queue'
      ? formatMs(n)
      : `${formatNumber(n)}${required?.limit ? ` of ${formatNumber(required.limit, 0)}` : ''}`;
  return card(`Alarm ${metric ?? ''}`.trim(), '§18.6', [
    required
      ? `covers the ${required.resource === 'queue' ? 'queue' : required.resource === 'quota' ? 'quota' : 'connections into'} "${required.name}" of the capacity model`
      : a.references.capacity && 'covers none of the constrained resources of the capacity model',
    threshold !== null && `fires above ${unit(threshold)}`,
    required?.aboveText && `perfdoc suggests above ${required.aboveText}: ${required.basis}`,
    a.figures.alarmsWithoutRunbook.some(x => x.metric === metric) && 'no runbook: say what to do when it fires (OB003)',
  ]);
}

function tracesHover({ model, figures }: ObservabilityAnalysis): string {
  const fields = Object.entries(TRACE_FIELDS) as [TraceField, string][];
  return card('Traces', '§14.3', [
    `correlation ID at ingress: ${model.traces.correlationId ? 'yes' : 'no (OB004)'}`,
    `trace ID propagated across services (dependency span timings): ${model.traces.propagated ? 'yes' : 'no (OB004)'}`,
    ...fields.map(([k, words]) => `${k} (${words}): ${figures.missingTraceFields.includes(k) ? 'missing' : 'yes'}`),
  ]);
}

function capacityReferenceHover({ references, figures }: ObservabilityAnalysis): string {
  const m = references.capacity!.model;
  return card(`Capacity model "${m.name}"`, '§14, §18.6', [
    `${m.tiers.length} tier${m.tiers.length === 1 ? '' : 's'} need the golden signals (OB001): ${m.tiers.map(t => t.name).join(', ') || 'none'}`,
    `${figures.requiredAlarms.length} constrained resources need alarms (OB002)`,
  ]);
}
