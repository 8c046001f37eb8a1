// What lies under an offset: the perfdoc document, and the path of YAML keys and list items
// from its root down to the innermost node that contains the offset. Hover, completion and
// code actions all start here. Lookups descend with binary search over the ordered pairs
// and items of each collection, so finding a key in a 10,000-segment list costs about
// fourteen comparisons per level instead of a scan.
//
// Spans are inclusive at both ends: a cursor just after a value (where an editor usually
// rests) still belongs to it.
import type { DocumentAnalysis, FileAnalysis } from '../core/analyze';
import type { PMap, PNode, PPair, PSeq } from '../core/yamlTree';

export interface Span {
  start: number;
  end: number;
}

/** One step down the tree: an entry of a mapping, or an item of a list. */
export type PathStep =
  | { type: 'pair'; parent: PMap; index: number; pair: PPair; key: string; node: PNode | null }
  | { type: 'item'; parent: PSeq; index: number; node: PNode };

export interface NodeLocation {
  /** From the root down; empty when the offset is in the root but in none of its entries. */
  steps: PathStep[];
  /** The keys and item indexes of `steps`, e.g. `['segments', 5, 'budget']`, for matching. */
  path: (string | number)[];
  /** The innermost node containing the offset (the root when `steps` is empty). */
  node: PNode;
  /** The offset lies on the key of the last step (which is then a pair). */
  onKey: boolean;
}

/**
 * The pair's own extent: key to value. An alias value (`criteria: *slo`) lives where its
 * anchor is, before the key, so the pair then spans just its key.
 */
export function pairSpan(p: PPair): Span {
  return { start: p.keyStart, end: Math.max(p.keyEnd, p.end) };
}

const itemSpan = (n: PNode): Span => n;

/** Whether the spans' starts ascend (false when aliases put earlier nodes later in a list); memoized per array. */
const ascending = new WeakMap<readonly unknown[], boolean>();
function startsAscend<T>(list: readonly T[], spanOf: (t: T) => Span): boolean {
  let known = ascending.get(list);
  if (known === undefined) {
    known = true;
    for (let i = 1; i < list.length && known; i++) known = spanOf(list[i - 1]).start <= spanOf(list[i]).start;
    ascending.set(list, known);
  }
  return known;
}

/** Index of the last element whose span starts at or before `offset` (−1 if none); list ordered by start. */
function lastStartingAtOrBefore<T>(list: readonly T[], offset: number, spanOf: (t: T) => Span): number {
  let lo = 0,
    hi = list.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spanOf(list[mid]).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Index of the element whose span contains `offset`, or −1. For elements that do not
 * overlap each other (the pairs of a mapping, the items of a list, the segments of a budget).
 */
export function indexAt<T>(list: readonly T[], offset: number, spanOf: (t: T) => Span): number {
  const contains = (t: T) => {
    const s = spanOf(t);
    return s.start <= offset && offset <= s.end;
  };
  if (!startsAscend(list, spanOf)) return list.findIndex(contains);
  const i = lastStartingAtOrBefore(list, offset, spanOf);
  return i >= 0 && contains(list[i]) ? i : -1;
}

/**
 * The elements of `list` that overlap `[start, end]`, for non-overlapping elements: what
 * inlay hints for a visible range iterate instead of the whole list.
 */
export function elementsIn<T>(list: readonly T[], start: number, end: number, spanOf: (t: T) => Span): T[] {
  const overlaps = (t: T) => {
    const s = spanOf(t);
    return s.start <= end && start <= s.end;
  };
  if (!startsAscend(list, spanOf)) return list.filter(overlaps);
  const out: T[] = [];
  for (
    let i = Math.max(0, lastStartingAtOrBefore(list, start, spanOf));
    i < list.length && spanOf(list[i]).start <= end;
    i++
  ) {
    if (overlaps(list[i])) out.push(list[i]);
  }
  return out;
}

/** The elements whose span starts inside `[start, end]`, for a list sorted by start (overlaps allowed). */
export function startingWithin<T>(list: readonly T[], start: number, end: number, spanOf: (t: T) => Span): T[] {
  if (!startsAscend(list, spanOf))
    return list.filter(t => {
      const s = spanOf(t).start;
      return start <= s && s <= end;
    });
  const out: T[] = [];
  for (
    let i = lastStartingAtOrBefore(list, start - 1, spanOf) + 1;
    i < list.length && spanOf(list[i]).start <= end;
    i++
  )
    out.push(list[i]);
  return out;
}

/** Longest span of a list, memoized per array: bounds the backward walk of `containing`. */
const longest = new WeakMap<readonly unknown[], number>();

/**
 * All elements containing `offset`, for elements that may overlap (findings, diagnostics)
 * but are sorted by start: a binary search, then a walk back no further than the longest span.
 */
export function containing<T>(list: readonly T[], offset: number, spanOf: (t: T) => Span): T[] {
  if (!startsAscend(list, spanOf))
    return list.filter(t => {
      const s = spanOf(t);
      return s.start <= offset && offset <= s.end;
    });
  let reach = longest.get(list);
  if (reach === undefined) {
    reach = 0;
    for (const t of list) {
      const s = spanOf(t);
      reach = Math.max(reach, s.end - s.start);
    }
    longest.set(list, reach);
  }
  const out: T[] = [];
  for (let i = lastStartingAtOrBefore(list, offset, spanOf); i >= 0; i--) {
    const s = spanOf(list[i]);
    if (s.start < offset - reach) break;
    if (offset <= s.end) out.push(list[i]);
  }
  return out.reverse();
}

/** The document of a file (Markdown: of a fence) containing `offset`. */
export function documentAt(file: FileAnalysis, offset: number): DocumentAnalysis | undefined {
  const i = indexAt(file.documents, offset, d => d);
  return i < 0 ? undefined : file.documents[i];
}

/** Descends from `root` to the innermost node containing `offset`. */
export function locate(root: PNode, offset: number): NodeLocation {
  const steps: PathStep[] = [];
  let node: PNode = root;
  let onKey = false;
  for (;;) {
    if (node.type === 'map') {
      const index = pairIndexAt(node, offset);
      if (index < 0) break;
      const pair = node.pairs[index];
      steps.push({ type: 'pair', parent: node, index, pair, key: pair.key, node: pair.value });
      onKey = offset <= pair.keyEnd;
      if (onKey || !pair.value || offset < pair.value.start || offset > pair.value.end) break;
      node = pair.value;
    } else if (node.type === 'seq') {
      const index = itemIndexAt(node, offset);
      if (index < 0) break;
      steps.push({ type: 'item', parent: node, index, node: node.items[index] });
      node = node.items[index];
    } else break;
  }
  return { steps, path: steps.map(s => (s.type === 'pair' ? s.key : s.index)), node, onKey };
}

/** A pair whose value is an alias (`b: *x`) reaches up to the next key: the tree keeps no span for the alias itself. */
function pairIndexAt(map: PMap, offset: number): number {
  const i = indexAt(map.pairs, offset, pairSpan);
  if (i >= 0 || !startsAscend(map.pairs, pairSpan)) return i;
  const before = lastStartingAtOrBefore(map.pairs, offset, pairSpan);
  const p = map.pairs[before];
  const aliased = p && p.value && p.value.start < p.keyStart;
  const next = map.pairs[before + 1];
  return aliased && offset < (next ? next.keyStart : map.end + 1) ? before : -1;
}

/** In a block list the `- ` before an item (and any blank line above it) belongs to that item. */
function itemIndexAt(seq: PSeq, offset: number): number {
  const i = indexAt(seq.items, offset, itemSpan);
  if (i >= 0 || seq.flow || offset < seq.start || !startsAscend(seq.items, itemSpan)) return i;
  const next = lastStartingAtOrBefore(seq.items, offset, itemSpan) + 1;
  return next < seq.items.length ? next : -1;
}

/** The document at `offset` and, when it has a tree, where in it the offset lies. */
export function nodeAt(
  file: FileAnalysis,
  offset: number,
): { document: DocumentAnalysis; location: NodeLocation | null } | null {
  const document = documentAt(file, offset);
  if (!document) return null;
  const root = document.root;
  return { document, location: root && root.start <= offset && offset <= root.end ? locate(root, offset) : null };
}

/**
 * The analysis entry (segment, tier, queue…) made from item `index` of a YAML list. The
 * analysis lists keep only the mapping items, in order, so the entry is usually at the
 * same index; when the list also holds non-mappings, it is found by its node.
 */
export function entryFor<T>(entries: readonly T[], index: number, item: PNode, nodeOf: (t: T) => PNode): T | undefined {
  const guess = entries[index];
  if (guess !== undefined && nodeOf(guess) === item) return guess;
  return entries.find(e => nodeOf(e) === item);
}

/** What a hover highlights for a step: the key and a scalar value, or the whole item. */
export function stepSpan(step: PathStep): Span {
  if (step.type === 'item') return step.node;
  const v = step.node;
  return {
    start: step.pair.keyStart,
    end: v && v.type === 'scalar' && v.end > step.pair.keyEnd ? v.end : step.pair.keyEnd,
  };
}
