// The production review checklist of lesson §18, judged from documents (a core judgement: the
// editor, the CLI's `review` and the report all read it). `CHECKLIST` is the
// one place that decides each of the 36 items: every item belongs to the kind of document
// whose fields show it (§18.1 a LatencyBudget; §18.2-§18.4 a CapacityModel, except the
// quota alarms, which an ObservabilityPlan shows; §18.5 and "queue drain time is tested" a
// LoadTestPlan; §18.6 an ObservabilityPlan). A judgement reads the document's findings and
// the core's figures and fields only: whether a rule holds is the rule's to say (a
// `timeout: 100` without a unit is PD003, not a missing timeout). An open item says what to
// add and carries the edit that adds it: the quick fix of the finding behind it, or an
// insertion of the field it asks for.
//
// A workload is the set of documents that reference each other; its checklist takes each
// item from the documents of the item's kind (the worst status wins), and an item whose
// kind is missing from the workload is open: "add an ObservabilityPlan".
import type { DocumentAnalysis, FileAnalysis, KnownDocument } from './analyze';
import type { DocumentKind, Finding } from './types';
import { PERCENTILES } from './latencyBudget';
import type { CapacityAnalysis } from './capacityModel';
import type { LoadTest, LoadTestAnalysis } from './loadTestPlan';
import type { ObservabilityAnalysis } from './observabilityPlan';
import { type PMap, type PSeq, mapGet, scalarText } from './yamlTree';
import { formatMs, formatNumber, formatPercent } from './units';
import { workloads } from './workloads';
import { byCodeUnit } from './sources';
import * as nodePath from 'node:path';

export const CHECKLIST_SECTIONS = {
  '18.1': 'Latency',
  '18.2': 'Capacity',
  '18.3': 'Scaling',
  '18.4': 'Quotas',
  '18.5': 'Load Testing',
  '18.6': 'Observability',
} as const;
export type ChecklistSection = keyof typeof CHECKLIST_SECTIONS;

/** satisfied: the documents show it; open: they could and do not; review: the fields cannot decide, a person must. */
export type ChecklistStatus = 'satisfied' | 'open' | 'review';

/** A field to write: scalar text as it should appear, or a nested mapping (service/yamlEdits writes it). */
export type FieldPair = readonly [key: string, value: string | readonly FieldPair[]];
/** Where new keys go: after the first of `after` present, else before the first of `before`. */
export interface FieldPlacement {
  after?: readonly string[];
  before?: readonly string[];
}
type YamlPair = FieldPair;
type Placement = FieldPlacement;

/** What an open item's quick fix does: apply a finding's own quick fix, or insert the fields it asks for. */
export type ChecklistFix =
  | { title: string; finding: Finding }
  | { title: string; into: PMap; pairs: YamlPair[]; placement?: Placement }
  | { title: string; append: PSeq; item: YamlPair[] }
  | { title: string; replace: { start: number; end: number }; text: string };

export interface ChecklistItem {
  section: ChecklistSection;
  /** The item as the lesson words it. */
  text: string;
  status: ChecklistStatus;
  /** The figures that prove a satisfied item; what to add or confirm for the others. */
  detail: string;
  /** The kind of document whose fields show the item. */
  kind: DocumentKind;
  fix?: ChecklistFix;
}

type Verdict = { status: ChecklistStatus; detail: string; fix?: ChecklistFix };
const satisfied = (detail: string): Verdict => ({ status: 'satisfied', detail });
const open = (detail: string, fix?: ChecklistFix): Verdict => ({ status: 'open', detail, ...(fix ? { fix } : {}) });
const review = (detail: string): Verdict => ({ status: 'review', detail });

interface ItemRule<K extends DocumentKind> {
  section: ChecklistSection;
  text: string;
  kind: K;
  judge: (doc: Extract<KnownDocument, { kind: K }>) => Verdict;
}

const findings = (doc: DocumentAnalysis, code: string, severity?: Finding['severity']) =>
  doc.findings.filter(f => f.code === code && (!severity || f.severity === severity));
const list = (names: string[]) => names.map(n => `"${n}"`).join(', ');
const distinct = (parts: string[]) => [...new Set(parts)].join(', ');
/** A scalar's value as written (`.nan` stays `.nan`, never NaN). */
const valueText = (node: PMap | undefined, key: string): string | undefined => {
  const n = node ? mapGet(node, key) : undefined;
  return n?.type === 'scalar' && n.value !== null ? scalarText(n.value) : undefined;
};
/** The first finding of `code` as the item's fix, titled for the checklist. */
const viaFinding = (f: Finding | undefined, what: string): ChecklistFix | undefined =>
  f && { title: `Checklist: ${what}`, finding: f };
const insert = (title: string, into: PMap | undefined, pairs: YamlPair[], placement?: Placement) =>
  into ? { title: `Checklist: ${title}`, into, pairs, ...(placement ? { placement } : {}) } : undefined;

// --- §18.1 Latency (LatencyBudget) ---

const LATENCY: ItemRule<'LatencyBudget'>[] = [
  {
    section: '18.1',
    text: 'User-visible latency target is defined',
    kind: 'LatencyBudget',
    judge: doc => {
      const { model, figures } = doc.latency;
      return figures.targetMs !== null
        ? satisfied(`${model.budgetPercentile} target ${formatMs(figures.targetMs)}`)
        : open(
            `set target.${model.budgetPercentile}, the percentile the segments are budgeted against`,
            viaFinding(findings(doc, 'LB003')[0], 'add the missing percentile targets'),
          );
    },
  },
  {
    section: '18.1',
    text: 'p50/p95/p99 targets are defined',
    kind: 'LatencyBudget',
    judge: doc => {
      const { model } = doc.latency;
      const missing = PERCENTILES.filter(p => !model.target[p]);
      if (!missing.length)
        return satisfied(PERCENTILES.map(p => `${p} ${formatMs(model.target[p]!.value)}`).join(', '));
      return open(
        `add ${missing.join(' and ')} to target (quick fix on LB003)`,
        viaFinding(findings(doc, 'LB003')[0], `add ${missing.join(', ')} to target`),
      );
    },
  },
  {
    section: '18.1',
    text: 'Timeout budget exists',
    kind: 'LatencyBudget',
    judge: doc => {
      const f = doc.latency.figures;
      if (f.timeoutMs === null)
        return open(
          'add target.timeout, at least the worst case with retries (quick fix on LB004)',
          viaFinding(findings(doc, 'LB004')[0], 'add a request timeout'),
        );
      const worst = f.worstCaseMs === null ? 'unbounded' : formatMs(f.worstCaseMs);
      if (findings(doc, 'LB007').length)
        return open(`worst case with retries ${worst} overruns the ${formatMs(f.timeoutMs)} timeout (LB007)`);
      return satisfied(`timeout ${formatMs(f.timeoutMs)}; worst case with retries ${worst}`);
    },
  },
  {
    section: '18.1',
    text: 'Critical path is documented',
    kind: 'LatencyBudget',
    judge: ({ latency: { model, figures } }) =>
      model.segments.length
        ? satisfied(
            `${model.segments.length} segments, Σ ${formatMs(figures.totalMs)}${figures.targetMs === null ? '' : ` of ${formatMs(figures.targetMs)}`}`,
          )
        : open('list the request path, in order, under segments:'),
  },
  {
    section: '18.1',
    text: 'No accidental synchronous cross-region call exists',
    kind: 'LatencyBudget',
    judge: doc => {
      const { model } = doc.latency;
      const crossing = findings(doc, 'LB010');
      const regions = [...new Set(model.allSegments.flatMap(s => (s.region === undefined ? [] : [s.region])))];
      if (model.region === undefined && crossing.length)
        return open('synchronous segments run in two or more regions with no home region (LB010): declare region:');
      if (model.region === undefined)
        return open(
          'declare region: on the budget (and on segments served elsewhere) so cross-region calls show (§11.2)',
          insert(`declare the home region`, model.root, [['region', regions[0] ?? 'us-east-1']], {
            after: ['owner', 'description', 'name'],
          }),
        );
      if (crossing.length) {
        const names = model.allSegments.filter(s => crossing.some(f => f.start >= s.node.start && f.end <= s.node.end));
        return open(
          `${list([...new Set(names.map(s => s.name))])} call another region synchronously (LB010): make them async or read locally`,
        );
      }
      return satisfied(`every synchronous segment runs in ${model.region}`);
    },
  },
  {
    section: '18.1',
    text: 'External dependencies have explicit timeout and retry policy',
    kind: 'LatencyBudget',
    judge: doc => {
      const deps = doc.latency.model.allSegments.filter(s => s.dependency !== undefined);
      if (!deps.length) return satisfied('no dependency calls on the path');
      const within = (fs: Finding[]) =>
        deps.filter(s => fs.some(f => f.start >= s.node.start && f.end <= s.node.end)).map(s => s.name);
      const lb005 = findings(doc, 'LB005'),
        lb006 = findings(doc, 'LB006');
      const todo = [
        lb005.length && `add a timeout to ${list(within(lb005))} (LB005)`,
        lb006.length && `add backoff and jitter to the retries of ${list(within(lb006))} (LB006)`,
      ].filter(Boolean);
      if (todo.length) return open(todo.join('; '), viaFinding(lb005[0], 'add the dependency timeout'));
      return satisfied(
        `${deps.length} dependenc${deps.length === 1 ? 'y' : 'ies'} with timeouts: ${deps.map(s => `${s.dependency} ${s.timeout ? formatMs(s.timeout.value) : '?'}${s.retries ? ` ×${1 + s.retries}` : ''}`).join(', ')}`,
      );
    },
  },
];

// --- §18.2 Capacity, §18.3 Scaling, §18.4 Quotas (CapacityModel) ---

type Model = Extract<KnownDocument, { kind: 'CapacityModel' }>;
const capacityOf = (d: Model): CapacityAnalysis => d.capacity;

const CAPACITY: ItemRule<'CapacityModel'>[] = [
  {
    section: '18.2',
    text: 'Peak RPS/message rate is estimated',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      return model.peakRps !== undefined
        ? satisfied(`peak ${formatNumber(model.peakRps)} rps`)
        : open('set traffic.peakRps (or averageRps and burstMultiplier)');
    },
  },
  {
    section: '18.2',
    text: 'Burst multiplier is estimated',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      const burst = valueText(model.trafficNode, 'burstMultiplier');
      return burst !== undefined
        ? satisfied(`burst ×${burst} over the average`)
        : open(
            'add traffic.burstMultiplier: peak ÷ average traffic',
            insert('add traffic.burstMultiplier (peak ÷ average)', model.trafficNode, [['burstMultiplier', '3']], {
              after: ['peakRps', 'averageRps'],
            }),
          );
    },
  },
  {
    section: '18.2',
    text: 'Concurrency is estimated',
    kind: 'CapacityModel',
    judge: d => {
      const { figures } = capacityOf(d);
      return figures.inFlight === null
        ? open('add traffic.latency (or latencyFrom) so in-flight = rps × latency follows (§4.3)')
        : satisfied(
            `${formatNumber(figures.inFlight)} in flight at peak${figures.inFlightP95 === null ? '' : `, ${formatNumber(figures.inFlightP95)} at p95 latency`} (Little's law)`,
          );
    },
  },
  {
    section: '18.2',
    text: 'Per-tier bottlenecks are identified',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      if (!model.tiers.length)
        return open(
          'list the tiers under tiers:, each with unitRps (what one unit serves at its bottleneck) or maxConnections',
        );
      const vague = model.tiers.filter(t => !t.unitRps && !t.maxConnections).map(t => t.name);
      return vague.length
        ? open(`give ${list(vague)} a unitRps or maxConnections`)
        : satisfied(
            model.tiers
              .map(t =>
                t.unitRps
                  ? `${t.name} ${formatNumber(t.unitRps.value)} rps/unit`
                  : `${t.name} ${formatNumber(t.maxConnections!.value, 0)} connections`,
              )
              .join(', '),
          );
    },
  },
  {
    section: '18.2',
    text: 'Headroom is defined',
    kind: 'CapacityModel',
    judge: d => {
      const { model, figures } = capacityOf(d);
      const cm008 = findings(d, 'CM008')[0];
      if (cm008 || !model.safetyFactor)
        return open(
          'add headroom.safetyFactor (CM008)',
          model.headroomNode
            ? insert('add headroom.safetyFactor: 1.5', model.headroomNode, [['safetyFactor', '1.5']])
            : mapGet(model.root, 'headroom')
              ? undefined
              : insert('add headroom.safetyFactor: 1.5', model.root, [['headroom', [['safetyFactor', '1.5']]]], {
                  after: ['traffic'],
                }),
        );
      return satisfied(
        `safety factor ${model.safetyFactor.value}, max utilization ${formatPercent(model.maxUtilization)}${figures.requiredRps === null ? '' : `: ${formatNumber(figures.requiredRps)} rps required`}`,
      );
    },
  },
  {
    section: '18.2',
    text: 'Failover capacity is modeled',
    kind: 'CapacityModel',
    judge: d => {
      const { figures } = capacityOf(d);
      const zoned = figures.tiers.filter(t => t.failoverRps !== null);
      const short = findings(d, 'CM002');
      const named = figures.tiers
        .filter(t => t.tier.zones && short.some(f => f.start === t.tier.zones!.node.start))
        .map(t => t.tier.name);
      if (short.length) return open(`${list(named)} cannot carry the peak with one zone lost (CM002)`);
      if (!zoned.length) {
        const compute = figures.tiers.find(t => t.tier.unitRps && !t.tier.zones);
        return open(
          'add zones: to the compute tiers so the capacity with one zone lost follows (§6.2)',
          compute &&
            insert(`add zones: 3 to "${compute.tier.name}"`, compute.tier.node, [['zones', '3']], { after: ['units'] }),
        );
      }
      return satisfied(
        zoned
          .map(t => `${t.tier.name} ${formatNumber(t.failoverRps!)} rps with one of ${t.tier.zones!.value} zones lost`)
          .join(', '),
      );
    },
  },
  {
    section: '18.3',
    text: 'Scaling metric matches bottleneck',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      const wrong = findings(d, 'CM011');
      if (wrong.length) return open(`${wrong.map(f => f.message.split(':')[0]).join('; ')} (CM011)`);
      if (!model.scaling.length)
        return open("add scaling policies whose metric tracks each tier's bottleneck (§8.5)", addScaling(d));
      const metrics = model.scaling.map(s => `${s.tier} on ${s.metric ?? s.policy ?? '?'}`);
      // With unitRps per resource dimension the core names the bottleneck and CM011 holds the metric to it.
      const unnamed = model.scaling.filter(
        s => s.policy !== 'scheduled' && !model.tiers.find(t => t.name === s.tier)?.bottleneck,
      );
      return unnamed.length
        ? review(
            `confirm each metric tracks its tier's bottleneck, or give ${list([...new Set(unnamed.map(s => s.tier))])} unitRps per resource (cpu, memory, …) so perfdoc checks it (CM011): ${distinct(metrics)}`,
          )
        : satisfied(`${distinct(metrics)}: each on its tier's bottleneck`);
    },
  },
  {
    section: '18.3',
    text: 'Scale-out time is known',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      const missing = model.scaling.filter(s => s.policy !== 'scheduled' && !s.scaleOutTime);
      if (!model.scaling.length)
        return open('add scaling policies with scaleOutTime: (detection + launch + warm-up)', addScaling(d));
      // A time written without a unit is PD003, not a missing time (as a timeout is, issue 11).
      const unreadable = findings(d, 'PD003').find(f =>
        missing.some(s => ['scaleOutTime', 'warmup'].some(k => mapGet(s.node, k)?.start === f.start)),
      );
      if (unreadable)
        return open(
          `${unreadable.message.split(':')[0]} cannot be read (PD003): ${unreadable.message.slice(unreadable.message.indexOf(':') + 2)}`,
          viaFinding(unreadable, 'fix the scale-out time'),
        );
      if (missing.length)
        return open(
          `add scaleOutTime: (or warmup:, the time until a new unit serves) to the scaling of ${list(missing.map(s => s.tier))}`,
          insert(
            `add scaleOutTime to the scaling of "${missing[0].tier}"`,
            missing[0].node,
            [['scaleOutTime', '180s']],
            {
              after: ['warmup', 'cooldown'],
            },
          ),
        );
      return satisfied(
        distinct(
          model.scaling.flatMap(s =>
            s.scaleOutTime
              ? [`${s.tier} ${s.scaleOutTime === s.warmup ? 'warmup' : 'scale-out'} ${formatMs(s.scaleOutTime.value)}`]
              : [],
          ),
        ),
      );
    },
  },
  {
    section: '18.3',
    text: 'Cooldown is configured',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      const missing = model.scaling.filter(
        s => !s.hasCooldown || findings(d, 'CM007').some(f => f.start === s.node.start),
      );
      if (!model.scaling.length) return open('add scaling policies with cooldown: (CM007)', addScaling(d));
      if (missing.length)
        return open(
          `add cooldown: to the scaling of ${list(missing.map(s => s.tier))} (CM007)`,
          insert(`add cooldown: 300s to the scaling of "${missing[0].tier}"`, missing[0].node, [['cooldown', '300s']], {
            after: ['target', 'metric', 'policy'],
          }),
        );
      return satisfied(
        distinct(model.scaling.flatMap(s => (s.cooldown ? [`${s.tier} cooldown ${formatMs(s.cooldown.value)}`] : []))),
      );
    },
  },
  {
    section: '18.3',
    text: 'Max capacity protects dependencies',
    kind: 'CapacityModel',
    judge: d => {
      const { model, figures } = capacityOf(d);
      const unbounded = model.tiers.filter(t => t.unitRps && !t.unitsHasMax).map(t => t.name);
      const overrun = findings(d, 'CM003', 'error');
      if (!model.tiers.length) return open('list the tiers with their max units');
      if (unbounded.length || overrun.length)
        return open(
          [
            unbounded.length && `give ${list(unbounded)} a units max`,
            overrun.length && 'bring connections at max scale under maxConnections (CM003)',
          ]
            .filter(Boolean)
            .join('; '),
        );
      const pools = figures.tiers.filter(t => t.connections !== null && t.tier.maxConnections);
      return satisfied(
        pools.length
          ? pools
              .map(
                t =>
                  `${t.tier.name} ${formatNumber(t.connections!, 0)} of ${formatNumber(t.tier.maxConnections!.value, 0)} connections at max scale`,
              )
              .join(', ')
          : 'every compute tier has a max',
      );
    },
  },
  {
    section: '18.3',
    text: 'Pre-scaling exists for predictable spikes',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      const late = findings(d, 'CM010');
      const scheduled = model.scaling.filter(s => s.policy === 'scheduled').map(s => s.tier);
      if (late.length) return open(`scale-out is slower than the traffic ramp: pre-scale (CM010)`);
      if (scheduled.length) return satisfied(`scheduled scaling for ${list([...new Set(scheduled)])}`);
      if (model.rampTime && model.scaling.length)
        return satisfied(
          `scale-out keeps up with the ${formatMs(model.rampTime.value)} traffic ramp (no CM010): no pre-scaling needed`,
        );
      const scaling = mapGet(model.root, 'scaling');
      const first = model.scaling[0];
      return open(
        'add a policy: scheduled for predictable peaks, or traffic.rampTime so perfdoc checks that scale-out keeps up (§8.5)',
        first && scaling?.type === 'seq'
          ? {
              title: `Checklist: add a scheduled scaling policy for "${first.tier}"`,
              append: scaling,
              item: [
                ['tier', first.tier],
                ['policy', 'scheduled'],
                ['cooldown', '300s'],
              ],
            }
          : undefined,
      );
    },
  },
  {
    section: '18.4',
    text: 'Service quotas are reviewed',
    kind: 'CapacityModel',
    judge: d => {
      const { figures } = capacityOf(d);
      if (!figures.quotas.length) return open('list the service quotas on the path under quotas: (§7)');
      const over = figures.quotas.filter(q =>
        findings(d, 'CM005', 'error').some(f => f.start === q.quota.limit?.node.start),
      );
      return over.length
        ? open(`${list(over.map(q => q.quota.name))} exceeded at peak (CM005)`)
        : satisfied(
            figures.quotas
              .map(
                q =>
                  `${q.quota.name} ${q.usage === null ? '?' : formatNumber(q.usage)} of ${q.quota.limit ? formatNumber(q.quota.limit.value, 0) : '?'}`,
              )
              .join(', '),
          );
    },
  },
  {
    section: '18.4',
    text: 'Regional/account quotas are reviewed',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      if (!model.quotas.length) return open('list the quotas with scope: account, region or resource (§7.1)');
      const unscoped = model.quotas.filter(q => !q.scope);
      return unscoped.length
        ? open(
            `give ${list(unscoped.map(q => q.name))} a scope: (account, region or resource): account and regional limits are shared by every workload there`,
            insert(
              `add scope: region to "${unscoped[0].name}" (or account, resource)`,
              unscoped[0].node,
              [['scope', 'region']],
              {
                after: ['measures', 'limit'],
              },
            ),
          )
        : satisfied(model.quotas.map(q => `${q.name}: ${q.scope}`).join(', '));
    },
  },
  {
    section: '18.4',
    text: 'Quota increase requests are submitted where needed',
    kind: 'CapacityModel',
    judge: d => {
      const { figures } = capacityOf(d);
      const tight = figures.quotas.filter(q => findings(d, 'CM005').some(f => f.start === q.quota.limit?.node.start));
      const unrequested = tight.filter(q => !q.quota.increaseRequested && q.quota.adjustable !== false);
      if (unrequested.length) {
        const q = unrequested[0];
        // Ask for the limit that keeps usage at the warning share: usage / 80%, rounded up to two digits.
        const usage = Math.max(q.usage ?? 0, q.usageP95 ?? 0);
        const asked = usage > 0 ? niceCeil(usage / 0.8) : undefined;
        return open(
          `request an increase for ${list(unrequested.map(x => x.quota.name))} and record it as increaseRequested: (CM005)`,
          asked === undefined
            ? undefined
            : insert(
                `record increaseRequested: ${asked} for "${q.quota.name}"`,
                q.quota.node,
                [['increaseRequested', String(asked)]],
                {
                  after: ['adjustable', 'scope', 'measures', 'limit'],
                },
              ),
        );
      }
      const requested = figures.quotas.flatMap(({ quota: q }) =>
        q.increaseRequested ? [`${q.name}: ${formatNumber(q.increaseRequested.value)} requested`] : [],
      );
      return satisfied(requested.length ? requested.join(', ') : 'no quota is near its limit (no CM005)');
    },
  },
  {
    section: '18.4',
    text: 'Non-adjustable quotas are documented',
    kind: 'CapacityModel',
    judge: d => {
      const { model } = capacityOf(d);
      if (!model.quotas.length) return open('list the quotas, each with adjustable: true or false (§7.3)');
      const unknown = model.quotas.filter(q => q.adjustable === undefined);
      if (unknown.length)
        return open(
          `state adjustable: for ${list(unknown.map(q => q.name))}: a limit that cannot be raised needs a design change, not a request`,
          insert(
            `add adjustable: true to "${unknown[0].name}" (false if it cannot be raised)`,
            unknown[0].node,
            [['adjustable', 'true']],
            {
              after: ['scope', 'measures', 'limit'],
            },
          ),
        );
      const fixed = model.quotas.filter(q => q.adjustable === false).map(q => q.name);
      return satisfied(fixed.length ? `not adjustable: ${list(fixed)}` : 'every quota is adjustable');
    },
  },
];

/** A target-tracking policy on CPU for the first compute tier, with a cooldown and a scale-out time (§8.1, §8.5). */
function addScaling(d: Model): ChecklistFix | undefined {
  const { model } = d.capacity;
  const tier = model.tiers.find(t => t.unitRps);
  if (!tier || mapGet(model.root, 'scaling')) return undefined;
  return insert(`add a target-tracking policy for "${tier.name}"`, model.root, [
    [
      'scaling',
      `[{ tier: ${tier.name}, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s, warmup: 180s }]`,
    ],
  ]);
}

/** Rounds up to two significant digits: 1,125 → 1,200. */
function niceCeil(n: number): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / step - 1e-9) * step;
}

// --- §18.5 Load Testing and §18.3 "Queue drain time is tested" (LoadTestPlan) ---

type Plan = Extract<KnownDocument, { kind: 'LoadTestPlan' }>;

const testsOf = (type: string, a: LoadTestAnalysis) => a.model.tests.filter(t => t.type === type);
const described = (t: LoadTest, type: string) =>
  [type, t.duration && formatMs(t.duration.value), t.rps && `at ${formatNumber(t.rps.value)} rps`]
    .filter(Boolean)
    .join(' ');
/** LT007 on a test of this type: the test exists but does not have that type's shape. */
const misshapen = (d: Plan, tests: LoadTest[]) =>
  findings(d, 'LT007').filter(f => tests.some(t => f.start >= t.node.start && f.end <= t.node.end));

const testOfType =
  (type: string, why: string) =>
  (d: Plan): Verdict => {
    const runs = testsOf(type, d.loadTest);
    if (!runs.length)
      return open(
        `add a ${type} test (${why}; code action on LT001)`,
        viaFinding(findings(d, 'LT001')[0], `add a ${type} test`),
      );
    const shape = misshapen(d, runs);
    if (shape.length) return open(`${shape.map(f => f.message.split(':')[0]).join('; ')} (LT007)`);
    return satisfied(runs.map(t => described(t, type)).join(', '));
  };

const LOAD_TEST: ItemRule<'LoadTestPlan'>[] = [
  {
    section: '18.3',
    text: 'Queue drain time is tested',
    kind: 'LoadTestPlan',
    judge: d => {
      const queues = d.loadTest.references.capacity?.model.queues;
      if (queues && !queues.length && !testsOf('backlog-drain', d.loadTest).length)
        return satisfied('the capacity model has no queues to drain');
      return testOfType('backlog-drain', 'validates async recovery speed')(d);
    },
  },
  {
    section: '18.5',
    text: 'Production-like data exists',
    kind: 'LoadTestPlan',
    judge: d => {
      const tests = d.loadTest.model.tests;
      const without = tests.filter(t => t.data === undefined);
      if (!tests.length || without.length) {
        const first = without[0];
        return open(
          `describe each test's data (volume, tenants, distribution, §13.2)${without.length ? `: ${list(without.map(t => t.type || '?'))} have none` : ''}`,
          first &&
            insert(`describe the data of the ${first.type} test`, first.node, [
              [
                'data',
                [
                  ['volume', '"production-sized"'],
                  ['tenants', '"as in production"'],
                  ['distribution', '"as in production"'],
                ],
              ],
            ]),
        );
      }
      return satisfied(distinct(tests.flatMap(t => t.data || [])) || 'every test describes its data');
    },
  },
  {
    section: '18.5',
    text: 'Request mix is realistic',
    kind: 'LoadTestPlan',
    judge: d => {
      const { model, references } = d.loadTest;
      const modelRatio = references.capacity?.model.writeRatio;
      const modelWrites = modelRatio === undefined ? '' : formatPercent(modelRatio, 2);
      const shaped = model.tests.filter(t => ['load', 'stress', 'spike', 'soak'].includes(t.type));
      const noMix = shaped.filter(t => !t.mixNode);
      if (findings(d, 'LT006').length) return open('mix shares do not sum to 100% (LT006)');
      if (!shaped.length) return open('add a load test with a mix: of the requests (§13.2)');
      if (noMix.length)
        return open(
          `give ${list(noMix.map(t => t.type))} a mix: (request name → share, summing to 100%, §13.2)`,
          insert(`add a mix to the ${noMix[0].type} test`, noMix[0].node, [
            [
              'mix',
              [
                ['read', '80%'],
                ['write', '20%'],
              ],
            ],
          ]),
        );
      if (modelRatio !== undefined) {
        // The test's write share must match the model's within 5 percentage points, or the test loads another system.
        const off = shaped.filter(t => !t.writeRatio || Math.abs(t.writeRatio.value - modelRatio) > 0.05);
        if (off.length)
          return open(
            `state writeRatio: ${modelWrites} on ${list(off.map(t => t.type))}, the capacity model's share of writes (§13.2, §6)`,
            writeRatioFix(off[0], modelWrites),
          );
        return satisfied(
          `mix on ${shaped.length} test${shaped.length > 1 ? 's' : ''}, writes at the model's ${modelWrites}`,
        );
      }
      return satisfied(
        `mix on ${shaped.length} test${shaped.length > 1 ? 's' : ''} (the model gives no writeRatio to hold it to)`,
      );
    },
  },
  {
    section: '18.5',
    text: 'Cache warm and cold tests are run',
    kind: 'LoadTestPlan',
    judge: d => {
      const by = (cache: string) => d.loadTest.model.tests.filter(t => t.cache === cache);
      const warm = by('warm'),
        cold = by('cold');
      if (warm.length && cold.length)
        return satisfied(`warm: ${warm.map(t => t.type).join(', ')}; cold: ${cold.map(t => t.type).join(', ')}`);
      const bare = d.loadTest.model.tests.find(t => !t.cache);
      return open(
        [!warm.length && 'add a test with cache: warm', !cold.length && 'add a test with cache: cold (LT005)']
          .filter(Boolean)
          .join('; '),
        bare &&
          insert(
            `run the ${bare.type} test with cache: ${cold.length ? 'warm' : 'cold'}`,
            bare.node,
            [['cache', cold.length ? 'warm' : 'cold']],
            { before: ['criteria'] },
          ),
      );
    },
  },
  {
    section: '18.5',
    text: 'Soak test is run',
    kind: 'LoadTestPlan',
    judge: testOfType('soak', 'detects leaks over hours'),
  },
  { section: '18.5', text: 'Spike test is run', kind: 'LoadTestPlan', judge: testOfType('spike', 'validates bursts') },
  {
    section: '18.5',
    text: 'Failure load test is run',
    kind: 'LoadTestPlan',
    judge: testOfType('failover', 'validates performance during component failure'),
  },
  {
    section: '18.5',
    text: 'Results are compared to SLO',
    kind: 'LoadTestPlan',
    judge: d => {
      const { references } = d.loadTest;
      const failed = findings(d, 'LT009', 'error');
      const todo = [
        !references.budget && 'reference the LatencyBudget with budget: so criteria are held against its targets',
        findings(d, 'LT002').length && 'give every test p95, p99 and errorRate criteria (LT002)',
        findings(d, 'LT004').length && 'tighten criteria looser than the budget (LT004)',
        failed.length && `measured results break their criteria (LT009)`,
      ].filter(Boolean);
      if (todo.length) return open(todo.join('; '));
      const t = references.budget!.model.target;
      return satisfied(
        `criteria held against "${references.budget!.model.name}": ${
          (['p95', 'p99'] as const)
            .filter(p => t[p])
            .map(p => `${p} ${formatMs(t[p]!.value)}`)
            .join(', ') || 'no percentile targets'
        }`,
      );
    },
  },
];

// --- §18.4 quota alarms and §18.6 Observability (ObservabilityPlan) ---

type Observed = Extract<KnownDocument, { kind: 'ObservabilityPlan' }>;
const obs = (d: Observed): ObservabilityAnalysis => d.observability;
/** The OB002 finding about `metric`. */
const missingAlarm = (d: Observed, metric: string) => findings(d, 'OB002').find(f => f.data?.metric === metric);

const OBSERVABILITY: ItemRule<'ObservabilityPlan'>[] = [
  {
    section: '18.4',
    text: 'Quota alarms exist for critical limits',
    kind: 'ObservabilityPlan',
    judge: d => {
      const { figures, references } = obs(d);
      if (!references.capacity)
        return open('reference the CapacityModel with capacity: so its quotas and limits are known');
      const missing = figures.requiredAlarms.filter(a => !a.alarm);
      if (missing.length)
        return open(
          `add alarms: ${missing.map(a => `${a.metric} above ${a.aboveText ?? '?'}`).join(', ')} (OB002)`,
          viaFinding(missingAlarm(d, missing[0].metric), `add alarm ${missing[0].metric}`),
        );
      return satisfied(
        figures.requiredAlarms.length
          ? figures.requiredAlarms.map(a => `${a.metric} above ${a.alarm!.above ?? '?'}`).join(', ')
          : 'the model has no quotas, connection limits or queues',
      );
    },
  },
  {
    section: '18.6',
    text: 'Metrics exist per critical tier',
    kind: 'ObservabilityPlan',
    judge: d => {
      const { figures } = obs(d);
      const lacking = findings(d, 'OB001');
      if (lacking.length)
        return open(
          figures.tiers
            .filter(t => t.missing.length)
            .map(t => `${t.tier} lacks ${t.missing.join(', ')}`)
            .join('; ') + ' (OB001)',
          viaFinding(lacking[0], `add the golden signals of "${String(lacking[0].data?.tier)}"`),
        );
      if (!figures.tiers.length) return open('list the signals of each tier under signals: (§14.1)');
      return satisfied(`${figures.tiers.map(t => t.tier).join(', ')}: latency, traffic, errors, saturation`);
    },
  },
  {
    section: '18.6',
    text: 'Traces show dependency timings',
    kind: 'ObservabilityPlan',
    judge: d => {
      const { figures, model } = obs(d);
      const gap = findings(d, 'OB004').find(f => f.data?.section === 'traces');
      if (!figures.tracesCorrelated)
        return open(
          'set traces.correlationId and traces.propagated: true (OB004)',
          viaFinding(gap, 'complete the traces'),
        );
      const deps =
        obs(d).references.budget?.model.allSegments.filter(s => s.dependency !== undefined && !s.async) ?? [];
      return satisfied(
        `trace ID propagated${deps.length ? `: spans for ${distinct(deps.map(s => s.dependency!))}` : ''}${figures.missingTraceFields.length ? `; fields missing: ${figures.missingTraceFields.join(', ')} (OB004)` : `; ${model.traces.fields.length} §14.3 fields`}`,
      );
    },
  },
  {
    section: '18.6',
    text: 'Logs include correlation ID',
    kind: 'ObservabilityPlan',
    judge: d =>
      obs(d).figures.logsCorrelationId
        ? satisfied('logs.correlationId: true')
        : open(
            'set logs.correlationId: true (OB004)',
            viaFinding(
              findings(d, 'OB004').find(f => f.data?.section === 'logs'),
              'add the correlation ID to the logs',
            ),
          ),
  },
  {
    section: '18.6',
    text: 'Dashboards separate user, service, dependency, and infrastructure view',
    kind: 'ObservabilityPlan',
    judge: d => {
      const missing = obs(d).figures.missingDashboards;
      return missing.length
        ? open(
            `add the ${missing.join(', ')} view${missing.length > 1 ? 's' : ''} to dashboards (OB004)`,
            viaFinding(
              findings(d, 'OB004').find(f => f.data?.section === 'dashboards'),
              `add the ${missing.join(', ')} dashboard views`,
            ),
          )
        : satisfied('user, service, dependency and infrastructure views');
    },
  },
  {
    section: '18.6',
    text: 'Alarms are actionable',
    kind: 'ObservabilityPlan',
    judge: d => {
      const { model, figures } = obs(d);
      if (!model.alarms.length) return open('add alarms: with a runbook each (§18.6)');
      const bare = figures.alarmsWithoutRunbook;
      if (bare.length)
        return open(
          `give ${list(bare.map(a => a.metric ?? '?'))} a runbook (OB003)`,
          insert(`add a runbook to the ${bare[0].metric ?? ''} alarm`, bare[0].node, [
            ['runbook', `docs/runbooks/${(bare[0].metric ?? 'alarm').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`],
          ]),
        );
      return satisfied(`${model.alarms.length} alarm${model.alarms.length > 1 ? 's' : ''}, each with a runbook`);
    },
  },
  {
    section: '18.6',
    text: 'Cost-performance metrics are visible',
    kind: 'ObservabilityPlan',
    judge: d => {
      const { model } = obs(d);
      return model.costMetrics.length
        ? satisfied(model.costMetrics.join(', '))
        : open('add costMetrics: (e.g. costPerRequest) shown next to latency', costMetricsFix(model.root));
    },
  },
];

function costMetricsFix(root: PMap): ChecklistFix | undefined {
  const written = mapGet(root, 'costMetrics');
  if (!written) return insert('add costMetrics: [costPerRequest]', root, [['costMetrics', '[costPerRequest]']]);
  // An empty list (`costMetrics: []`) is replaced; a list with names is not open.
  return written.type === 'seq' && !written.items.length
    ? { title: 'Checklist: add costPerRequest to costMetrics', replace: written, text: '[costPerRequest]' }
    : undefined;
}

/** Sets a test's writeRatio to the model's: replaces the one written, or adds it. */
function writeRatioFix(t: LoadTest, ratio: string): ChecklistFix | undefined {
  const written = mapGet(t.node, 'writeRatio');
  if (written?.type === 'scalar')
    return { title: `Checklist: set writeRatio: ${ratio} on the ${t.type} test`, replace: written, text: ratio };
  return insert(`add writeRatio: ${ratio} to the ${t.type} test`, t.node, [['writeRatio', ratio]], {
    after: ['mix', 'rps'],
  });
}

/** The 36 items of §18, in the lesson's order within each section. */
const CHECKLIST: readonly ItemRule<DocumentKind>[] = (
  [...LATENCY, ...CAPACITY, ...LOAD_TEST, ...OBSERVABILITY] as unknown as ItemRule<DocumentKind>[]
).sort((a, b) => sectionOrder(a.section) - sectionOrder(b.section));

/** "18.10" after "18.9": sections compare by number (and without localeCompare, whose ICU
 * collator cost the CLI ~7 ms at load, issue 18). */
function sectionOrder(section: string): number {
  const [chapter, item = '0'] = section.split('.');
  return Number(chapter) * 1000 + Number(item);
}

/** How many items §18 has: the checklist of a workload lists each once. */
export const CHECKLIST_ITEM_COUNT = CHECKLIST.length;

/** The §18 items a document's fields show, each judged against its analysis. */
export function reviewChecklist(doc: DocumentAnalysis): ChecklistItem[] {
  if (doc.kind === null) return [];
  return CHECKLIST.filter(r => r.kind === doc.kind).map(r => ({
    section: r.section,
    text: r.text,
    kind: r.kind,
    ...r.judge(doc as never),
  }));
}

const WORSE: Record<ChecklistStatus, number> = { satisfied: 0, review: 1, open: 2 };
const ARTICLE: Record<DocumentKind, string> = {
  LatencyBudget: 'a LatencyBudget',
  CapacityModel: 'a CapacityModel',
  LoadTestPlan: 'a LoadTestPlan',
  ObservabilityPlan: 'an ObservabilityPlan',
};

/**
 * All 36 items for a workload: each from its kind's documents (the worst status; details
 * named by document when there are several), open when the workload has no such document.
 */
export function workloadChecklist(docs: readonly DocumentAnalysis[]): ChecklistItem[] {
  const judged = docs.map(d => ({ d, items: reviewChecklist(d) }));
  return CHECKLIST.map(r => {
    const own = judged.flatMap(({ d, items }) => items.filter(i => i.text === r.text).map(i => ({ d, i })));
    if (!own.length)
      return {
        section: r.section,
        text: r.text,
        kind: r.kind,
        status: 'open' as const,
        detail: `no ${r.kind} in this workload: add ${ARTICLE[r.kind]} that shows it`,
      };
    const worst = own.reduce((w, x) => (WORSE[x.i.status] > WORSE[w.i.status] ? x : w));
    const detail =
      own.length === 1 ? own[0].i.detail : own.map(x => `${x.d.name ?? x.d.kind}: ${x.i.detail}`).join('; ');
    return { ...worst.i, detail };
  });
}

// --- rendering: the source action's comment block and the Markdown report ---

/** First line of the comment block the source action writes; finding it again lets the action refresh the block. */
export const CHECKLIST_COMMENT_HEADER = 'Production review checklist (lesson §18): open items, by perfdoc';

/** The comment lines (without `#`) listing the items a document does not yet satisfy, by section. */
export function checklistComment(doc: DocumentAnalysis): string[] {
  const todo = reviewChecklist(doc).filter(i => i.status !== 'satisfied');
  const lines = [CHECKLIST_COMMENT_HEADER];
  for (const section of Object.keys(CHECKLIST_SECTIONS) as ChecklistSection[]) {
    const items = todo.filter(i => i.section === section);
    if (!items.length) continue;
    lines.push(`§${section} ${CHECKLIST_SECTIONS[section]}`);
    for (const i of items) lines.push(`[ ] ${i.text} — ${i.detail}`);
  }
  if (lines.length === 1) lines.push('every item is satisfied');
  return lines;
}

export const STATUS_MARK: Record<ChecklistStatus, string> = { satisfied: '✓', open: '☐', review: '?' };

/** Markdown lines of items grouped by section. */
export function sectionLines(items: readonly ChecklistItem[]): string[] {
  const out: string[] = [];
  for (const section of Object.keys(CHECKLIST_SECTIONS) as ChecklistSection[]) {
    const inSection = items.filter(i => i.section === section);
    if (!inSection.length) continue;
    out.push(`**§${section} ${CHECKLIST_SECTIONS[section]}**`, '');
    for (const i of inSection)
      out.push(`- ${STATUS_MARK[i.status]} ${i.text}${i.status === 'review' ? ' (by hand)' : ''}: ${i.detail}`);
    out.push('');
  }
  return out;
}

export const countStatus = (items: readonly ChecklistItem[], status: ChecklistStatus) =>
  items.filter(i => i.status === status).length;

/** "LoadTestPlan "Case search" (case-search-loadtest.perf.yaml)" */
export const documentLabel = (doc: DocumentAnalysis, path: string) => `${doc.kind} "${doc.name ?? ''}" (${path})`;

/**
 * The Markdown report: per workload (the documents that reference each other), the 36 items,
 * ✓ with the figures that prove them, ☐ with what to add, ? for a person to confirm.
 * `relative` turns a file's path into the one shown.
 */
export function checklistReport(files: readonly FileAnalysis[], relative?: (path: string) => string): string {
  const withDocs = files.filter(f => f.documents.some(d => d.kind)).sort((a, b) => byCodeUnit(a.path, b.path));
  const out = [
    '# Production review checklist',
    '',
    'Lesson §18, judged from the documents of each workload (the documents that reference each other): ✓ the documents show it; ☐ open, with what to add; ? (by hand) for a reviewer to confirm.',
    '',
  ];
  if (!withDocs.length) return [...out, 'No perfdoc documents are open.', ''].join('\n');
  const base = commonDirectory(withDocs.map(f => f.path));
  const shown = relative ?? ((p: string) => nodePath.relative(base, p) || nodePath.basename(p));
  const groups = workloads(withDocs);
  const body: string[] = [];
  const counted: ChecklistItem[] = [];
  for (const [i, w] of groups.entries()) {
    const items = workloadChecklist(w.documents.map(d => d.doc));
    counted.push(...items);
    body.push(`## Workload ${i + 1}: ${distinct(w.documents.map(d => d.doc.name ?? d.doc.kind!))}`, '');
    for (const d of w.documents) body.push(`- ${documentLabel(d.doc, shown(d.file.path))}`);
    body.push('', ...sectionLines(items));
  }
  const docs = groups.reduce((n, w) => n + w.documents.length, 0);
  out.push(
    `${docs} document${docs === 1 ? '' : 's'} in ${withDocs.length} file${withDocs.length === 1 ? '' : 's'}, ${groups.length} workload${groups.length === 1 ? '' : 's'}: ${countStatus(counted, 'satisfied')} of ${counted.length} items satisfied, ${countStatus(counted, 'open')} open, ${countStatus(counted, 'review')} to confirm by hand.`,
    '',
  );
  return [...out, ...body].join('\n');
}

function commonDirectory(paths: string[]): string {
  let dir = nodePath.dirname(paths[0]);
  while (
    !paths.every(p => p.startsWith(dir.endsWith(nodePath.sep) ? dir : dir + nodePath.sep)) &&
    nodePath.dirname(dir) !== dir
  )
    dir = nodePath.dirname(dir);
  return dir;
}
