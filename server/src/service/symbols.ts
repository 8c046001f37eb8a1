// The outline of a file: one symbol per perfdoc document (kind and name, its headline
// figure as detail), and inside it the parts a reviewer navigates by: the target, the
// critical-path segments with their budgets (parallel groups holding their calls), tiers,
// queues, quotas and tests. One pass over the YAML tree: ranges are the tree's own.
import type { DocumentAnalysis, FileAnalysis } from '../core/analyze';
import { headline } from '../core/summary';
import { PMap, PNode, PPair, mapGet, mapPair, scalarText } from '../core/yamlTree';
import { SymbolItem, SymbolKindName } from './types';

/** A scalar as written, a flow mapping as `min: 4, max: 20`. */
function valueText(node: PNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'scalar') return node.value === null ? undefined : scalarText(node.value);
  if (node.type === 'map') return node.pairs.map(p => `${p.key}: ${valueText(p.value) ?? ''}`).join(', ');
  return undefined;
}

/** `key value · key value` for the keys present, e.g. a tier's `unitRps 300 · units min: 4, max: 20`. */
function facts(map: PMap, keys: readonly string[]): string | undefined {
  const parts = keys.flatMap(k => {
    const t = valueText(mapGet(map, k));
    return t === undefined ? [] : [`${k} ${t}`];
  });
  return parts.length ? parts.join(' · ') : undefined;
}

function symbol(
  name: string,
  kind: SymbolKindName,
  node: { start: number; end: number },
  selection: { start: number; end: number },
  detail?: string,
  children: SymbolItem[] = [],
): SymbolItem {
  return {
    name,
    kind,
    start: node.start,
    end: node.end,
    selectionStart: selection.start,
    selectionEnd: selection.end,
    children,
    ...(detail ? { detail } : {}),
  };
}

/** An item of a list, named by its `name` (or `fallback` key), selected on that value. */
function item(
  map: PMap,
  kind: SymbolKindName,
  fallbackName: string,
  detail?: string,
  children?: SymbolItem[],
): SymbolItem {
  const named = mapPair(map, 'name') ?? mapPair(map, fallbackName);
  const name = valueText(named?.value) ?? fallbackName;
  const selection =
    named?.value ?? (named ? { start: named.keyStart, end: named.keyEnd } : { start: map.start, end: map.start });
  return symbol(name, kind, map, selection, detail, children);
}

function segment(map: PMap): SymbolItem {
  const parallel = mapGet(map, 'parallel');
  if (parallel?.type === 'seq') {
    const calls = parallel.items.filter((c): c is PMap => c.type === 'map');
    return item(map, 'group', 'segment', `parallel, ${calls.length} calls`, calls.map(segment));
  }
  const flags = ['async', 'buffer'].filter(f => {
    const n = mapGet(map, f);
    return n?.type === 'scalar' && n.value === true;
  });
  const budget = valueText(mapGet(map, 'budget'));
  return item(map, 'segment', 'segment', [budget, ...flags].filter(Boolean).join(' · ') || undefined);
}

/** How each top-level key of a document appears in the outline; other keys do not. */
const SECTIONS: Record<string, { kind: SymbolKindName; facts?: readonly string[]; item?: (map: PMap) => SymbolItem }> =
  {
    target: { kind: 'target', facts: ['p50', 'p95', 'p99', 'timeout', 'errorRate'] },
    segments: { kind: 'section', item: segment },
    traffic: { kind: 'section', facts: ['peakRps', 'averageRps', 'latency', 'latencyFrom'] },
    headroom: { kind: 'section', facts: ['safetyFactor', 'maxUtilization'] },
    tiers: {
      kind: 'section',
      item: m => item(m, 'tier', 'tier', facts(m, ['unitRps', 'units', 'zones', 'maxConnections'])),
    },
    quotas: { kind: 'section', item: m => item(m, 'quota', 'quota', facts(m, ['limit', 'measures'])) },
    queues: { kind: 'section', item: m => item(m, 'queue', 'queue', facts(m, ['backlog', 'drainTime', 'workers'])) },
    scaling: { kind: 'section' },
    tests: {
      kind: 'section',
      item: m =>
        item(
          m,
          'test',
          'type',
          facts(m, mapGet(m, 'name') ? ['type', 'rps', 'duration', 'cache'] : ['rps', 'duration', 'cache']),
        ),
    },
  };

function section(pair: PPair): SymbolItem | null {
  const shape = SECTIONS[pair.key];
  const value = pair.value;
  if (!shape || !value) return null;
  const whole = { start: pair.keyStart, end: Math.max(pair.keyEnd, value.end) };
  const key = { start: pair.keyStart, end: pair.keyEnd };
  if (value.type === 'seq') {
    const children = shape.item ? value.items.filter((i): i is PMap => i.type === 'map').map(shape.item) : [];
    return symbol(
      pair.key,
      shape.kind,
      whole,
      key,
      `${value.items.length} ${value.items.length === 1 ? 'entry' : 'entries'}`,
      children,
    );
  }
  return symbol(
    pair.key,
    shape.kind,
    whole,
    key,
    value.type === 'map' && shape.facts ? facts(value, shape.facts) : undefined,
  );
}

function documentSymbol(d: DocumentAnalysis): SymbolItem {
  const root = d.root;
  const name = `${d.kind ?? 'YAML document'}: ${d.name ?? '(unnamed)'}`;
  const anchor = root && (mapPair(root, 'name') ?? mapPair(root, 'kind'));
  const selection = anchor
    ? { start: anchor.keyStart, end: Math.max(anchor.keyEnd, anchor.end) }
    : { start: d.start, end: d.start };
  const children = root ? root.pairs.map(section).filter((s): s is SymbolItem => s !== null) : [];
  return symbol(name, 'document', d, selection, headline(d) ?? undefined, children);
}

export function documentSymbols(file: FileAnalysis): SymbolItem[] {
  return file.documents.map(documentSymbol);
}
