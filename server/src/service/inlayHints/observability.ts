// Inlay hints of an ObservabilityPlan: how many of the alarms the capacity model needs are
// written, and what a percentage threshold comes to in the resource's own unit
// (`above: 80%` on db.connections → "= 400 of 500"). Figures come from the core.
import { coveringThreshold, type ObservabilityAnalysis } from '../../core/observabilityPlan';
import { formatMs, formatNumber } from '../../core/units';
import { mapPair } from '../../core/yamlTree';
import { afterColon, type Emit } from '../inlayHints';

export function observabilityHints(text: string, { model, figures }: ObservabilityAnalysis, emit: Emit): void {
  const required = figures.requiredAlarms;
  if (required.length)
    emit(
      afterColon(text, mapPair(model.root, 'alarms')),
      `${required.filter(a => a.alarm).length} of ${required.length} required alarms`,
      "the capacity model's quotas, data tiers with maxConnections and queues each need one (OB002, §18.4)",
    );
  for (const a of required) {
    const node = a.alarm?.aboveNode;
    const threshold = coveringThreshold(a);
    // Only a share needs translating: a count or a duration already says what it is.
    if (!node || threshold === null || typeof node.value !== 'string' || !node.value.trim().endsWith('%')) continue;
    emit(
      node.end,
      a.resource === 'queue'
        ? `= ${formatMs(threshold)}`
        : `= ${formatNumber(threshold)} of ${formatNumber(a.limit!, 0)}`,
      `the alarm's threshold against the model's limit; perfdoc suggests ${a.aboveText} (${a.basis})`,
    );
  }
}
