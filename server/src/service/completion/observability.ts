// Completion of an ObservabilityPlan's names, which no schema can list: the tiers of the
// referenced capacity model under `signals:`, the §14.1 signals and §14.2 metrics in a
// tier's list, the §14.3 trace fields, the §18.6 dashboard views, and for an alarm's
// `metric:` the constrained resources of the model first (with the threshold perfdoc
// suggests), then `<tier>.<metric>`. Lists are completed in block form (`- la`) and in
// flow form (`[latency, tr]`, read from the tree).
import type { DocumentAnalysis } from '../../core/analyze';
import {
  DASHBOARD_VIEWS,
  GOLDEN_SIGNALS,
  LAYER_METRICS,
  TRACE_FIELDS,
  type ObservabilityAnalysis,
} from '../../core/observabilityPlan';
import { flowListAt } from './flowList';
import type { CompletionItemLite } from '../types';

type KeyPath = readonly (string | number)[];
type Choice = { value: string; description?: string };

const SIGNAL_DESCRIPTION: Record<(typeof GOLDEN_SIGNALS)[number], string> = {
  latency: 'How long requests take (§14.1 golden signal)',
  traffic: 'How much demand exists (§14.1 golden signal)',
  errors: 'What fraction fails (§14.1 golden signal)',
  saturation: 'How full constrained resources are (§14.1 golden signal)',
};

/** The golden signals, then every §14.2 metric once, described by the layers that name it. */
function signalChoices(): Choice[] {
  const layers = new Map<string, string[]>();
  for (const [layer, metrics] of Object.entries(LAYER_METRICS))
    for (const m of metrics) layers.set(m, [...(layers.get(m) ?? []), layer]);
  return [
    ...GOLDEN_SIGNALS.map(value => ({ value, description: SIGNAL_DESCRIPTION[value] })),
    ...[...layers]
      .filter(([m]) => !(GOLDEN_SIGNALS as readonly string[]).includes(m))
      .map(([value, of]) => ({ value, description: `§14.2 metric of ${of.join(', ')}` })),
  ];
}

/** What a list at `path` holds, or undefined when it is not one of the plan's name lists. */
function listChoices(path: KeyPath): Choice[] | undefined {
  if (path[0] === 'signals' && typeof path[1] === 'string' && path.length === 2) return signalChoices();
  if (path[0] === 'traces' && path[1] === 'fields' && path.length === 2)
    return Object.entries(TRACE_FIELDS).map(([value, words]) => ({ value, description: `§14.3: ${words}` }));
  if (path[0] === 'dashboards' && path.length === 1)
    return DASHBOARD_VIEWS.map(value => ({ value, description: `the ${value} view (§18.6)` }));
  return undefined;
}

function metricChoices(a: ObservabilityAnalysis | undefined): Choice[] {
  if (!a) return [];
  const required = a.figures.requiredAlarms.map(r => ({
    value: r.metric,
    description: `${r.alarm ? 'has an alarm' : 'needs an alarm (OB002)'}; suggested above ${r.aboveText ?? '?'}: ${r.basis}`,
  }));
  const tiers = a.references.capacity?.model.tiers.map(t => t.name) ?? a.model.signals.map(s => s.tier);
  const perTier = tiers.flatMap(t =>
    [...GOLDEN_SIGNALS, 'cpu', 'memory'].map(m => ({ value: `${t}.${m}`, description: `${m} of tier ${t}` })),
  );
  const seen = new Set(required.map(r => r.value));
  return [...required, ...perTier.filter(c => !seen.has(c.value))];
}

const items = (choices: Choice[], kind: CompletionItemLite['kind'], start: number, end: number, prefix = '') =>
  choices.map((c, i) => ({
    label: c.value,
    kind,
    ...(c.description ? { documentation: c.description } : {}),
    insertText: prefix + c.value,
    replaceStart: start,
    replaceEnd: end,
    sortText: String(i).padStart(3, '0'),
  }));

export interface CursorContext {
  /** Key path of the mapping or list the cursor line belongs to (list items as numbers). */
  path: KeyPath;
  type: 'key' | 'value';
  /** For a value: its key. */
  key?: string;
  /** The line starts a list item (`- `). */
  inItem: boolean;
  /** Keys of the mapping already written. */
  present: ReadonlySet<string>;
  start: number;
  end: number;
  afterColon?: boolean;
}

/** Completions the schema cannot give, or undefined to let the schema answer. */
export function observabilityCompletions(
  doc: DocumentAnalysis | undefined,
  c: CursorContext,
): CompletionItemLite[] | undefined {
  const a = doc?.kind === 'ObservabilityPlan' ? doc.observability : undefined;
  const { path } = c;
  if (c.type === 'key' && path.length === 1 && path[0] === 'signals' && !c.inItem) {
    const tiers = a?.references.capacity?.model.tiers.map(t => t.name) ?? [];
    return tiers
      .filter(t => !c.present.has(t))
      .map((t, i) => ({
        label: t,
        kind: 'property' as const,
        documentation: `tier of the capacity model "${a!.references.capacity!.model.name}": give it the four golden signals (OB001)`,
        insertText: `${t}: [${GOLDEN_SIGNALS.join(', ')}]`,
        replaceStart: c.start,
        replaceEnd: c.end,
        sortText: String(i).padStart(3, '0'),
      }));
  }
  if (c.type === 'key' && c.inItem && typeof path[path.length - 1] === 'number') {
    const choices = listChoices(path.slice(0, -1));
    if (choices) return items(choices, 'value', c.start, c.end);
  }
  if (c.type === 'value' && c.key === 'metric' && path[0] === 'alarms')
    return items(metricChoices(a), 'value', c.start, c.end, c.afterColon ? ' ' : '');
  return undefined;
}

/** In a flow list of the plan (`api: [latency, tr¦]`), the names it may hold; undefined elsewhere. */
export function flowListCompletions(
  doc: DocumentAnalysis | undefined,
  text: string,
  offset: number,
): CompletionItemLite[] | undefined {
  if (doc?.kind !== 'ObservabilityPlan' || !doc.root) return undefined;
  const at = flowListAt(doc.root, text, offset);
  if (!at) return undefined;
  const { listPath } = at;
  const choices = listChoices(listPath);
  if (!choices) return undefined;
  return items(
    choices.filter(ch => !at.written.has(ch.value)),
    'value',
    at.start,
    at.end,
  );
}
