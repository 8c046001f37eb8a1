// The production review checklist of lesson §18, judged against a document's analysis.
// `reviewChecklist` is the one place that decides which items a document satisfies; the
// "Add production review checklist" source action (open items, as a comment block) and the
// workspace report of "perfdoc: Show Production Review Checklist" (every item, ✓ or ☐ with
// its figures) both render its result.
//
// Each item is judged in the kind of document whose fields show it: §18.1 in a
// LatencyBudget; §18.2, §18.3 and §18.4 in a CapacityModel, except "queue drain time is
// tested", which a LoadTestPlan shows with a backlog-drain test; §18.5 in a LoadTestPlan.
// What no perfdoc field records (the observability of §18.6, quota alarms, realistic data)
// is "review": open until a reviewer confirms it by hand.
import * as nodePath from 'node:path';
import { assertNever, type DocumentAnalysis, type FileAnalysis } from '../core/analyze';
import type { Finding } from '../core/types';
import type { LatencyAnalysis, Segment } from '../core/latencyBudget';
import { PERCENTILES } from '../core/latencyBudget';
import type { CapacityAnalysis } from '../core/capacityModel';
import type { LoadTestAnalysis } from '../core/loadTestPlan';
import { mapGet, scalarText } from '../core/yamlTree';
import { formatMs, formatNumber, formatPercent } from '../core/units';

export const CHECKLIST_SECTIONS = {
  '18.1': 'Latency',
  '18.2': 'Capacity',
  '18.3': 'Scaling',
  '18.4': 'Quotas',
  '18.5': 'Load Testing',
  '18.6': 'Observability',
} as const;
export type ChecklistSection = keyof typeof CHECKLIST_SECTIONS;

/** satisfied: the document shows it; open: the document could show it and does not; review: only a person can confirm it. */
export type ChecklistStatus = 'satisfied' | 'open' | 'review';

export interface ChecklistItem {
  section: ChecklistSection;
  /** The item as the lesson words it. */
  text: string;
  /** workload: the same for every document (§18.6), so the report lists it once. */
  scope: 'document' | 'workload';
  status: ChecklistStatus;
  /** The figures that prove a satisfied item; what to add or confirm for the others. */
  detail: string;
}

type Verdict = { status: ChecklistStatus; detail: string };
const satisfied = (detail: string): Verdict => ({ status: 'satisfied', detail });
const open = (detail: string): Verdict => ({ status: 'open', detail });
const review = (detail: string): Verdict => ({ status: 'review', detail });

interface ItemRule<A> {
  section: ChecklistSection;
  text: string;
  judge: (a: A, doc: DocumentAnalysis) => Verdict;
}

/** Names of the things a rule's findings sit on (each finding's start is the start of the node it names). */
function flagged<T>(
  findings: Finding[],
  things: T[],
  at: (t: T) => number | undefined,
  name: (t: T) => string,
): string[] {
  const starts = new Set(findings.map(f => f.start));
  return things.filter(t => starts.has(at(t) ?? -1)).map(name);
}
const distinct = (parts: string[]) => [...new Set(parts)].join(', ');

const fires = (doc: DocumentAnalysis, code: string) => doc.findings.filter(f => f.code === code);
const list = (names: string[]) => names.map(n => `"${n}"`).join(', ');

// --- §18.1 Latency (LatencyBudget) ---

const allSegments = (a: LatencyAnalysis): Segment[] => a.model.segments.flatMap(s => [s, ...(s.parallel ?? [])]);

const LATENCY_ITEMS: ItemRule<LatencyAnalysis>[] = [
  {
    section: '18.1',
    text: 'User-visible latency target is defined',
    judge: ({ model, figures }) =>
      figures.targetMs !== null
        ? satisfied(`${model.budgetPercentile} target ${formatMs(figures.targetMs)}`)
        : open(`set target.${model.budgetPercentile}, the percentile the segments are budgeted against`),
  },
  {
    section: '18.1',
    text: 'p50/p95/p99 targets are defined',
    judge: ({ model }) => {
      const missing = PERCENTILES.filter(p => !model.target[p]);
      return missing.length
        ? open(`add ${missing.join(' and ')} to target (quick fix on LB003)`)
        : satisfied(PERCENTILES.map(p => `${p} ${formatMs(model.target[p]!.value)}`).join(', '));
    },
  },
  {
    section: '18.1',
    text: 'Timeout budget exists',
    judge: ({ figures }) =>
      figures.timeoutMs === null
        ? open('add target.timeout, at least the worst case with retries (quick fix on LB004)')
        : satisfied(
            `timeout ${formatMs(figures.timeoutMs)}; worst case with retries ${figures.worstCaseMs === null ? 'unbounded' : formatMs(figures.worstCaseMs)}`,
          ),
  },
  {
    section: '18.1',
    text: 'Critical path is documented',
    judge: ({ model, figures }) =>
      model.segments.length
        ? satisfied(
            `${model.segments.length} segments, Σ ${formatMs(figures.totalMs)}${figures.targetMs === null ? '' : ` of ${formatMs(figures.targetMs)}`}`,
          )
        : open('list the request path, in order, under segments:'),
  },
  {
    section: '18.1',
    text: 'No accidental synchronous cross-region call exists',
    judge: (a, doc) => {
      const home = a.model.region;
      if (home === undefined && doc.findings.some(f => f.code === 'LB010'))
        return open('synchronous segments run in two or more regions with no home region (LB010): declare region:');
      if (home === undefined)
        return open(
          'declare region: on the budget (and on segments served elsewhere) so cross-region calls show (§11.2)',
        );
      const crossing = allSegments(a)
        .filter(s => !s.async && s.region !== undefined && s.region !== home)
        .map(s => s.name);
      return crossing.length
        ? open(`${list(crossing)} call another region synchronously (LB010): make them async or read locally`)
        : satisfied(`every synchronous segment runs in ${home}`);
    },
  },
  {
    section: '18.1',
    text: 'External dependencies have explicit timeout and retry policy',
    judge: a => {
      const deps = allSegments(a).filter(s => s.dependency !== undefined);
      if (!deps.length) return satisfied('no dependency calls on the path');
      const noTimeout = deps.filter(s => !s.timeout).map(s => s.name);
      const storm = deps.filter(s => s.retries > 0 && (!s.backoff || !s.jitter)).map(s => s.name);
      const todo = [
        noTimeout.length && `add a timeout to ${list(noTimeout)} (LB005)`,
        storm.length && `add backoff and jitter to the retries of ${list(storm)} (LB006)`,
      ].filter(Boolean);
      if (todo.length) return open(todo.join('; '));
      return satisfied(
        `${deps.length} dependenc${deps.length === 1 ? 'y' : 'ies'} with timeouts: ${deps.map(s => `${s.dependency} ${formatMs(s.timeout!.value)}${s.retries ? ` ×${1 + s.retries}` : ''}`).join(', ')}`,
      );
    },
  },
];

// --- §18.2 Capacity, §18.3 Scaling, §18.4 Quotas (CapacityModel) ---

/** A scalar's value as written (`.nan` stays `.nan`, never NaN). */
const valueText = (node: DocumentAnalysis['root'] | undefined, key: string): string | undefined => {
  const n = node ? mapGet(node, key) : undefined;
  return n?.type === 'scalar' && n.value !== null ? scalarText(n.value) : undefined;
};

const CAPACITY_ITEMS: ItemRule<CapacityAnalysis>[] = [
  {
    section: '18.2',
    text: 'Peak RPS/message rate is estimated',
    judge: ({ model }) =>
      model.peakRps !== undefined
        ? satisfied(`peak ${formatNumber(model.peakRps)} rps`)
        : open('set traffic.peakRps (or averageRps and burstMultiplier)'),
  },
  {
    section: '18.2',
    text: 'Burst multiplier is estimated',
    judge: ({ model }) => {
      const burst = valueText(model.trafficNode, 'burstMultiplier');
      return burst !== undefined
        ? satisfied(`burst ×${burst} over the average`)
        : open('add traffic.burstMultiplier: peak ÷ average traffic');
    },
  },
  {
    section: '18.2',
    text: 'Concurrency is estimated',
    judge: ({ figures }) =>
      figures.inFlight === null
        ? open('add traffic.latency (or latencyFrom) so in-flight = rps × latency follows (§4.3)')
        : satisfied(
            `${formatNumber(figures.inFlight)} in flight at peak${figures.inFlightP95 === null ? '' : `, ${formatNumber(figures.inFlightP95)} at p95 latency`} (Little's law)`,
          ),
  },
  {
    section: '18.2',
    text: 'Per-tier bottlenecks are identified',
    judge: ({ model }) => {
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
    judge: ({ model, figures }) =>
      model.safetyFactor
        ? satisfied(
            `safety factor ${model.safetyFactor.value}, max utilization ${formatPercent(model.maxUtilization)}${figures.requiredRps === null ? '' : `: ${formatNumber(figures.requiredRps)} rps required`}`,
          )
        : open('add headroom.safetyFactor (CM008)'),
  },
  {
    section: '18.2',
    text: 'Failover capacity is modeled',
    judge: ({ figures }, doc) => {
      const zoned = figures.tiers.filter(t => t.failoverRps !== null);
      if (!zoned.length)
        return open('add zones: to the compute tiers so the capacity with one zone lost follows (§6.2)');
      const short = flagged(
        fires(doc, 'CM002'),
        zoned,
        t => t.tier.zones?.node.start,
        t => t.tier.name,
      );
      return short.length
        ? open(`${list(short)} cannot carry the peak with one zone lost (CM002)`)
        : satisfied(
            zoned
              .map(
                t => `${t.tier.name} ${formatNumber(t.failoverRps!)} rps with one of ${t.tier.zones!.value} zones lost`,
              )
              .join(', '),
          );
    },
  },
  {
    section: '18.3',
    text: 'Scaling metric matches bottleneck',
    judge: ({ model }) => {
      const metrics = model.scaling.map(s => `${s.tier} on ${valueText(s.node, 'metric') ?? s.policy ?? '?'}`);
      return metrics.length
        ? review(`confirm each metric tracks its tier's bottleneck: ${distinct(metrics)}`)
        : open("add scaling policies whose metric tracks each tier's bottleneck (§8.5)");
    },
  },
  {
    section: '18.3',
    text: 'Scale-out time is known',
    judge: ({ model }) => {
      const missing = model.scaling.filter(s => !valueText(s.node, 'warmup')).map(s => s.tier);
      return !model.scaling.length || missing.length
        ? open(
            `add warmup: (time until a new unit serves) to the scaling of ${missing.length ? list(missing) : 'each tier'}`,
          )
        : satisfied(distinct(model.scaling.map(s => `${s.tier} warmup ${valueText(s.node, 'warmup')}`)));
    },
  },
  {
    section: '18.3',
    text: 'Cooldown is configured',
    judge: ({ model }) => {
      const missing = model.scaling.filter(s => !s.hasCooldown).map(s => s.tier);
      return !model.scaling.length || missing.length
        ? open(`add cooldown: to the scaling of ${missing.length ? list(missing) : 'each tier'} (CM007)`)
        : satisfied(distinct(model.scaling.map(s => `${s.tier} cooldown ${valueText(s.node, 'cooldown')}`)));
    },
  },
  {
    section: '18.3',
    text: 'Max capacity protects dependencies',
    judge: ({ model, figures }, doc) => {
      const unbounded = model.tiers.filter(t => t.unitRps && !t.unitsHasMax).map(t => t.name);
      const overrun = fires(doc, 'CM003').length;
      if (unbounded.length || overrun || !model.tiers.length) {
        return open(
          [
            unbounded.length && `give ${list(unbounded)} a units max`,
            overrun && `bring connections at max scale under maxConnections (CM003)`,
          ]
            .filter(Boolean)
            .join('; ') || 'list the tiers with their max units',
        );
      }
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
    judge: ({ model }) => {
      const scheduled = model.scaling.filter(s => s.policy === 'scheduled').map(s => s.tier);
      return scheduled.length
        ? satisfied(`scheduled scaling for ${list(scheduled)}`)
        : open('add a policy: scheduled for predictable peaks (§8.5)');
    },
  },
  {
    section: '18.4',
    text: 'Service quotas are reviewed',
    judge: ({ figures }, doc) => {
      if (!figures.quotas.length) return open('list the service quotas on the path under quotas: (§7)');
      const over = flagged(
        fires(doc, 'CM005').filter(f => f.severity === 'error'),
        figures.quotas,
        q => q.quota.limit?.node.start,
        q => q.quota.name,
      );
      return over.length
        ? open(`${list(over)} exceeded at peak (CM005)`)
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
    judge: () => review('check the per-region and per-account limits the workload shares'),
  },
  {
    section: '18.4',
    text: 'Quota increase requests are submitted where needed',
    judge: ({ figures }, doc) => {
      const tight = flagged(
        fires(doc, 'CM005'),
        figures.quotas,
        q => q.quota.limit?.node.start,
        q => q.quota.name,
      );
      return tight.length
        ? open(`request an increase for ${list(tight)} (CM005)`)
        : review('confirm requests for limits close to peak are submitted');
    },
  },
  {
    section: '18.4',
    text: 'Non-adjustable quotas are documented',
    judge: () => review("note which limits cannot be raised, in the quota's notes:"),
  },
  {
    section: '18.4',
    text: 'Quota alarms exist for critical limits',
    judge: () => review('confirm an alarm on each critical limit'),
  },
];

// --- §18.5 Load Testing and §18.3 "Queue drain time is tested" (LoadTestPlan) ---

const testOfType =
  (type: string, why: string) =>
  ({ model }: LoadTestAnalysis): Verdict => {
    const runs = model.tests.filter(t => t.type === type);
    return runs.length
      ? satisfied(
          runs
            .map(t =>
              [type, valueText(t.node, 'duration'), t.rps && `at ${formatNumber(t.rps.value)} rps`]
                .filter(Boolean)
                .join(' '),
            )
            .join(', '),
        )
      : open(`add a ${type} test (${why}; code action on LT001)`);
  };

const LOAD_TEST_ITEMS: ItemRule<LoadTestAnalysis>[] = [
  {
    section: '18.3',
    text: 'Queue drain time is tested',
    judge: testOfType('backlog-drain', 'validates async recovery speed'),
  },
  {
    section: '18.5',
    text: 'Production-like data exists',
    judge: () => review('describe the data volume and tenant distribution in description: (§13.2)'),
  },
  {
    section: '18.5',
    text: 'Request mix is realistic',
    judge: () => review('describe the request mix and think time in description: (§13.2)'),
  },
  {
    section: '18.5',
    text: 'Cache warm and cold tests are run',
    judge: ({ model }) => {
      const by = (cache: string) => model.tests.filter(t => t.cache === cache).map(t => t.type);
      const warm = by('warm'),
        cold = by('cold');
      return warm.length && cold.length
        ? satisfied(`warm: ${warm.join(', ')}; cold: ${cold.join(', ')}`)
        : open(
            [!warm.length && 'add a test with cache: warm', !cold.length && 'add a test with cache: cold (LT005)']
              .filter(Boolean)
              .join('; '),
          );
    },
  },
  { section: '18.5', text: 'Soak test is run', judge: testOfType('soak', 'detects leaks over hours') },
  { section: '18.5', text: 'Spike test is run', judge: testOfType('spike', 'validates bursts') },
  {
    section: '18.5',
    text: 'Failure load test is run',
    judge: testOfType('failover', 'validates performance during component failure'),
  },
  {
    section: '18.5',
    text: 'Results are compared to SLO',
    judge: ({ references }, doc) => {
      const todo = [
        !references.budget && 'reference the LatencyBudget with budget: so criteria are held against its targets',
        fires(doc, 'LT002').length && 'give every test p95, p99 and errorRate criteria (LT002)',
        fires(doc, 'LT004').length && 'tighten criteria looser than the budget (LT004)',
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

// --- §18.6 Observability (every document: no field records it) ---

const OBSERVABILITY_ITEMS: ItemRule<unknown>[] = [
  ['Metrics exist per critical tier', 'utilization and saturation of each tier'],
  ['Traces show dependency timings', 'one span per dependency call on the critical path'],
  ['Logs include correlation ID', 'one ID from the edge through every dependency and queue'],
  ['Dashboards separate user, service, dependency, and infrastructure view', 'four views, p95/p99 on each'],
  ['Alarms are actionable', 'every alarm names what to do'],
  ['Cost-performance metrics are visible', 'cost per request next to latency'],
].map(([text, what]) => ({ section: '18.6' as const, text, judge: () => review(`confirm ${what}`) }));

function judge<A>(
  rules: ItemRule<A>[],
  analysis: A,
  doc: DocumentAnalysis,
  scope: ChecklistItem['scope'] = 'document',
): ChecklistItem[] {
  return rules.map(r => ({ section: r.section, text: r.text, scope, ...r.judge(analysis, doc) }));
}

/** The §18 items that apply to a document, in section order, each judged against its analysis. */
export function reviewChecklist(doc: DocumentAnalysis): ChecklistItem[] {
  let items: ChecklistItem[];
  switch (doc.kind) {
    case 'LatencyBudget':
      items = judge(LATENCY_ITEMS, doc.latency, doc);
      break;
    case 'CapacityModel':
      items = judge(CAPACITY_ITEMS, doc.capacity, doc);
      break;
    case 'LoadTestPlan':
      items = judge(LOAD_TEST_ITEMS, doc.loadTest, doc);
      break;
    case 'ObservabilityPlan':
      items = [];
      break;
    case null:
      return [];
    default:
      return assertNever(doc);
  }
  return [...items, ...judge(OBSERVABILITY_ITEMS, undefined, doc, 'workload')].sort((a, b) =>
    a.section.localeCompare(b.section),
  );
}

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

const MARK: Record<ChecklistStatus, string> = { satisfied: '✓', open: '☐', review: '☐' };

/** Markdown lines of items grouped by section. */
function sectionLines(items: ChecklistItem[]): string[] {
  const out: string[] = [];
  for (const section of Object.keys(CHECKLIST_SECTIONS) as ChecklistSection[]) {
    const inSection = items.filter(i => i.section === section);
    if (!inSection.length) continue;
    out.push(`**§${section} ${CHECKLIST_SECTIONS[section]}**`, '');
    for (const i of inSection)
      out.push(`- ${MARK[i.status]} ${i.text}${i.status === 'review' ? ' (by hand)' : ''}: ${i.detail}`);
    out.push('');
  }
  return out;
}

/**
 * The Markdown report: per file and document, every applicable item with ✓ and the figures
 * that prove it, or ☐ and what is missing; the workload-wide items (§18.6) once at the end.
 */
export function checklistReport(files: FileAnalysis[]): string {
  const withDocs = files.filter(f => f.documents.some(d => d.kind)).sort((a, b) => a.path.localeCompare(b.path));
  const out = [
    '# Production review checklist',
    '',
    'Lesson §18, judged from the figures of each perfdoc document: ✓ the document shows it; ☐ open, or (by hand) for a reviewer to confirm.',
    '',
  ];
  if (!withDocs.length) return [...out, 'No perfdoc documents are open.', ''].join('\n');
  const base = commonDirectory(withDocs.map(f => f.path));
  const body: string[] = [];
  const counted: ChecklistItem[] = [];
  let workload: ChecklistItem[] = [];
  let docs = 0;
  for (const file of withDocs) {
    body.push(`## ${nodePath.relative(base, file.path) || nodePath.basename(file.path)}`, '');
    for (const doc of file.documents.filter(d => d.kind)) {
      docs++;
      const items = reviewChecklist(doc);
      const own = items.filter(i => i.scope === 'document');
      workload = items.filter(i => i.scope === 'workload');
      counted.push(...own);
      body.push(`### ${doc.kind} "${doc.name ?? ''}"`, '', ...sectionLines(own));
    }
  }
  counted.push(...workload);
  body.push('## Whole workload', '', ...sectionLines(workload));
  const count = (status: ChecklistStatus) => counted.filter(i => i.status === status).length;
  out.push(
    `${docs} document${docs === 1 ? '' : 's'} in ${withDocs.length} file${withDocs.length === 1 ? '' : 's'}: ${count('satisfied')} of ${counted.length} items satisfied, ${count('open')} open, ${count('review')} to confirm by hand.`,
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
