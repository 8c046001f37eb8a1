// Scaling control loops (spec §4 CM007, §10.7; lesson §8: a loop that oscillates, reacts
// too late or scales on the wrong metric; §8.5 safety rules; §18.3).
import { mapGet, mapPair } from '../yamlTree';
import { firstLine, keyRange } from '../reader';
import { formatMs, formatPercent } from '../units';
import type { ScalingPolicy, Tier } from './model';
import type { CapacityRule } from './rules';
import { rps } from './format';

/** Resource dimensions a scaling metric can name (§6.1, §10.7). */
export const RESOURCE_DIMENSIONS = ['cpu', 'memory', 'network', 'threads', 'connections', 'iops'] as const;

/** The resource a metric names (`cpu`, `CPUUtilization`, `DatabaseConnections`), or undefined. */
export function metricResource(metric: string): string | undefined {
  const m = metric.toLowerCase();
  return RESOURCE_DIMENSIONS.find(d => m.includes(d));
}

const unsafeScaling: CapacityRule = ({ model, report }) => {
  for (const s of model.scaling) {
    if (!s.hasCooldown) {
      const zero = s.cooldown?.value === 0;
      report(
        'CM007',
        'warning',
        `scaling policy for "${s.tier}" has ${zero ? 'cooldown: 0, which is no cooldown' : 'no cooldown'}: without one the loop oscillates (§8.5 rule 2)`,
        zero ? s.cooldown!.node : firstLine(s.node),
      );
    }
    const tier = model.tiers.find(t => t.name === s.tier);
    if (tier && !tier.unitsHasMax) {
      report(
        'CM007',
        'warning',
        `tier "${tier.name}" scales with no max: limit max capacity to protect dependencies (§8.5 rule 5)`,
        mapPair(tier.node, 'units') ? keyRange(tier.node, 'units') : firstLine(tier.node),
      );
    }
  }
};

/** The policy that brings new capacity soonest for a tier (null without a scale-out time). */
function fastest(policies: ScalingPolicy[]): ScalingPolicy | null {
  let best: ScalingPolicy | null = null;
  for (const p of policies) if (p.scaleOutTime && (!best || p.scaleOutTime.value < best.scaleOutTime!.value)) best = p;
  return best;
}

const scalesTooLate: CapacityRule = ({ model, figures, report }) => {
  const ramp = model.rampTime;
  if (!ramp) return;
  for (const f of figures.tiers) {
    const t: Tier = f.tier;
    const policies = model.scaling.filter(s => s.tier === t.name);
    if (!policies.length || policies.some(s => s.policy === 'scheduled')) continue;
    const p = fastest(policies);
    if (!p || p.scaleOutTime!.value <= ramp.value) continue;
    if (!t.unitRps || t.minUnits === undefined || f.rps === null) continue;
    const atMin = t.minUnits * t.unitRps.value;
    if (atMin >= f.rps) continue;
    report(
      'CM010',
      'warning',
      `tier "${t.name}" takes ${formatMs(p.scaleOutTime!.value)} to scale out, but traffic climbs to peak in ${formatMs(ramp.value)}: its ${t.minUnits} min units serve ${rps(atMin)} of the ${rps(f.rps)} peak; pre-scale with a policy: scheduled, or raise units.min (§8.5 rules 3 and 4)`,
      mapGet(p.node, 'scaleOutTime') ?? mapGet(p.node, 'warmup') ?? firstLine(p.node),
    );
  }
};

const wrongMetric: CapacityRule = ({ model, report }) => {
  for (const s of model.scaling) {
    const tier = model.tiers.find(t => t.name === s.tier);
    const resource = s.metric && metricResource(s.metric);
    if (!tier?.bottleneck || !resource || resource === tier.bottleneck.toLowerCase()) continue;
    report(
      'CM011',
      'warning',
      `scaling "${s.tier}" on ${s.metric} (${resource}), but the tier's bottleneck is ${tier.bottleneck}: scaling on a resource that is not the bottleneck is misleading (§8.1, §18.3 "scaling metric matches bottleneck")`,
      mapGet(s.node, 'metric') ?? firstLine(s.node),
    );
  }
};

const targetAboveHeadroom: CapacityRule = ({ model, report }) => {
  for (const s of model.scaling) {
    const target = s.targetUtilization;
    if (s.policy !== 'target-tracking' || !target || target.value <= model.maxUtilization) continue;
    report(
      'CM012',
      'warning',
      `target-tracking "${s.tier}" at ${formatPercent(target.value)} holds the tier hotter than the model's maxUtilization of ${formatPercent(model.maxUtilization)}: the headroom the sizing assumes is never there (§6.2, §8.1)`,
      target.node,
    );
  }
};

export const SCALING_RULES: readonly CapacityRule[] = [unsafeScaling, scalesTooLate, wrongMetric, targetAboveHeadroom];
