// Completion of a CapacityModel's names, which no schema can list: the tiers and queues a
// quota `appliesTo` (block and flow lists), the cache tiers of a scenario's `hitRatio`, the
// tiers and budget dependencies of a scenario's `latency`, and the tier a `missesTo`,
// `consumer`, `tier:` of an edge or of a scaling policy names.
import type { DocumentAnalysis } from '../../core/analyze';
import { isCache, type CapacityAnalysis } from '../../core/capacityModel';
import { formatNumber } from '../../core/units';
import { flowListAt } from './flowList';
import type { CompletionItemLite } from '../types';
import type { CursorContext } from './observability';

type Choice = { value: string; description: string };

const tierChoices = (a: CapacityAnalysis, what: string): Choice[] =>
  a.figures.tiers.map(f => ({
    value: f.tier.name,
    description: `tier ${f.tier.name}${f.rps === null ? '' : `: ${formatNumber(Math.round(f.rps))} rps at peak`} — ${what}`,
  }));

function appliesToChoices(a: CapacityAnalysis): Choice[] {
  return [
    ...tierChoices(a, 'its in flight, rps, connections or max units count against the quota (§10.5)'),
    ...a.model.queues.map(q => ({
      value: q.name,
      description: `queue ${q.name} — its workers count against the quota (§10.5)`,
    })),
  ];
}

function latencyChoices(a: CapacityAnalysis): Choice[] {
  const budget = a.model.borrowed?.budget;
  const dependencies = [
    ...new Set((budget?.allSegments ?? []).flatMap(s => (s.dependency === undefined ? [] : [s.dependency]))),
  ];
  const tiers = new Set(a.model.tiers.map(t => t.name));
  return [
    ...tierChoices(a, 'the calls into it slow down by the factor (§10.8)'),
    ...dependencies
      .filter(d => !tiers.has(d))
      .map(d => ({
        value: d,
        description: `dependency of the budget "${a.model.borrowed!.budgetName}": its segments slow down, capped at their timeouts (§10.8)`,
      })),
  ];
}

const items = (
  choices: Choice[],
  start: number,
  end: number,
  insert: (v: string) => string,
  kind: CompletionItemLite['kind'],
) =>
  choices.map((c, i) => ({
    label: c.value,
    kind,
    documentation: c.description,
    insertText: insert(c.value),
    replaceStart: start,
    replaceEnd: end,
    sortText: String(i).padStart(3, '0'),
  }));

/** Names for the cursor line of a CapacityModel, or undefined to let the schema answer. */
export function capacityCompletions(
  doc: DocumentAnalysis | undefined,
  c: CursorContext,
): CompletionItemLite[] | undefined {
  if (doc?.kind !== 'CapacityModel') return undefined;
  const a = doc.capacity;
  const p = c.path;
  if (c.type === 'key') {
    if (c.inItem && p[0] === 'quotas' && p[2] === 'appliesTo' && p.length === 4)
      return items(appliesToChoices(a), c.start, c.end, v => v, 'value');
    if (p[0] === 'scenarios' && p.length === 3 && !c.inItem) {
      if (p[2] === 'hitRatio')
        return items(
          tierChoices(a, 'a cache tier: its hit ratio in the scenario (§21: cache hit rate 0)')
            .filter(ch => a.model.tiers.some(t => t.name === ch.value && isCache(t)))
            .filter(ch => !c.present.has(ch.value)),
          c.start,
          c.end,
          v => `${v}: 0%`,
          'property',
        );
      if (p[2] === 'latency')
        return items(
          latencyChoices(a).filter(ch => !c.present.has(ch.value)),
          c.start,
          c.end,
          v => `${v}: 10x`,
          'property',
        );
    }
    return undefined;
  }
  const namesTier =
    ((c.key === 'missesTo' || c.key === 'consumer') && (p[0] === 'tiers' || p[0] === 'queues')) ||
    (c.key === 'tier' && (p[0] === 'scaling' || p.includes('dependsOn')));
  if (namesTier)
    return items(tierChoices(a, `the tier ${c.key} names`), c.start, c.end, v => (c.afterColon ? ` ${v}` : v), 'value');
  return undefined;
}

/** In a flow list of the model (`appliesTo: [handlers, q¦]`, `dependsOn: [d¦]`), the names it may hold. */
export function capacityFlowListCompletions(
  doc: DocumentAnalysis | undefined,
  text: string,
  offset: number,
): CompletionItemLite[] | undefined {
  if (doc?.kind !== 'CapacityModel' || !doc.root) return undefined;
  const at = flowListAt(doc.root, text, offset);
  if (!at) return undefined;
  const { listPath } = at;
  const key = listPath[listPath.length - 1];
  const choices =
    key === 'appliesTo' && listPath[0] === 'quotas'
      ? appliesToChoices(doc.capacity)
      : key === 'dependsOn'
        ? tierChoices(doc.capacity, 'a call per request (§10.1)')
        : undefined;
  if (!choices) return undefined;
  return items(
    choices.filter(ch => !at.written.has(ch.value)),
    at.start,
    at.end,
    v => v,
    'value',
  );
}
