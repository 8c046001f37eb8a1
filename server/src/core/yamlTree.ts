// Parses YAML text with the `yaml` package and converts its AST into a small, immutable
// tree of our own (PNode) whose offsets are absolute in the file. Rules, hovers and quick
// fixes read this tree; the `yaml` AST never leaves this module.
import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, isPair, Node as YNode, Document } from 'yaml';

export interface PScalar { type: 'scalar'; start: number; end: number; value: string | number | boolean | null }
export interface PPair { key: string; keyStart: number; keyEnd: number; value: PNode | null; start: number; end: number }
export interface PMap { type: 'map'; start: number; end: number; pairs: PPair[]; flow: boolean }
export interface PSeq { type: 'seq'; start: number; end: number; items: PNode[]; flow: boolean }
export type PNode = PScalar | PMap | PSeq;

export interface SyntaxProblem { message: string; start: number; end: number; kind: 'syntax' | 'limit' }

export interface YamlDoc {
  start: number;
  end: number;
  root: PNode | null;
  problems: SyntaxProblem[];
}

/** Beyond these, a document is refused with a clear message instead of exhausting memory or stack. */
export const LIMITS = {
  /** Nodes a document may expand to once aliases are followed (an alias bomb expands exponentially). */
  maxExpandedNodes: 1_000_000,
  /** Nesting depth of collections. */
  maxDepth: 500,
};

export function mapGet(map: PMap, key: string): PNode | null | undefined {
  for (const p of map.pairs) if (p.key === key) return p.value;
  return undefined;
}

export function mapPair(map: PMap, key: string): PPair | undefined {
  for (const p of map.pairs) if (p.key === key) return p;
  return undefined;
}

/** Plain JS value of a tree (for JSON Schema validation). Shared (aliased) nodes stay shared. */
export function toPlain(node: PNode | null): unknown {
  if (!node) return null;
  switch (node.type) {
    case 'scalar': return node.value;
    case 'seq': return node.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const p of node.pairs) o[p.key] = toPlain(p.value);
      return o;
    }
  }
}

class LimitExceeded extends Error {}

/**
 * Parses `text` (which starts at `base` in the file) into documents. Never throws:
 * syntax errors, alias bombs and absurd nesting become problems with positions.
 */
export function parseYaml(text: string, base = 0): YamlDoc[] {
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    // The parser recurses on nesting; a stack overflow must not take the caller down.
    return [{ start: base, end: base + text.length, root: null, problems: [{ kind: 'limit', message: `YAML could not be parsed: ${(e as Error).message}`, start: base, end: base + Math.min(text.length, 1) }] }];
  }
  return docs.map(doc => convertDocument(doc, text.length, base));
}

function convertDocument(doc: Document.Parsed, textLength: number, base: number): YamlDoc {
  const [dStart, , dEnd] = doc.range ?? [0, textLength, textLength];
  const problems: SyntaxProblem[] = [];
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    problems.push({ kind: 'syntax', message: cleanMessage(err.message), start: base + s, end: base + Math.max(e, s + 1) });
  }
  let root: PNode | null = null;
  if (doc.contents) {
    try {
      const memo = new Map<YNode, PNode>();
      root = convert(doc.contents as YNode, doc, base, memo, 0);
      if (expandedSize(root, new Map()) > LIMITS.maxExpandedNodes) {
        throw new LimitExceeded(`aliases expand this document to more than ${LIMITS.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb?); it is not analyzed`);
      }
    } catch (e) {
      if (!(e instanceof LimitExceeded) && !(e instanceof RangeError)) throw e;
      const message = e instanceof RangeError ? `document nested too deeply to analyze` : e.message;
      root = null;
      problems.push({ kind: 'limit', message, start: base + dStart, end: base + Math.min(dEnd, dStart + 1) });
    }
  }
  return { start: base + dStart, end: base + dEnd, root, problems };
}

function convert(node: YNode, doc: Document.Parsed, base: number, memo: Map<YNode, PNode>, depth: number): PNode {
  if (depth > LIMITS.maxDepth) throw new LimitExceeded(`collections nested deeper than ${LIMITS.maxDepth} levels; the document is not analyzed`);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) {
      const [s, e] = node.range ?? [0, 0];
      return { type: 'scalar', start: base + s, end: base + e, value: null };
    }
    // An alias shares the anchored node's tree: conversion stays linear, expansion is bounded later.
    const seen = memo.get(target as YNode);
    if (seen) return seen;
    return convert(target as YNode, doc, base, memo, depth + 1);
  }
  const known = memo.get(node);
  if (known) return known;
  const [s, , e] = node.range ?? [0, 0, 0];
  const start = base + s, end = base + e;
  let out: PNode;
  if (isMap(node)) {
    const m: PMap = { type: 'map', start, end, pairs: [], flow: !!node.flow };
    memo.set(node, m);
    const merged: PMap[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = item.key as YNode | null;
      const kr = k?.range ?? [s, s, s];
      const v = item.value as YNode | null;
      const value = v ? convert(v, doc, base, memo, depth + 1) : null;
      const sources = isMergeKey(k) ? mergeSources(value) : null;
      if (sources) { merged.push(...sources); continue; }
      const keyText = k && isScalar(k) ? String(k.value) : k ? '<complex key>' : '';
      m.pairs.push({ key: keyText, keyStart: base + kr[0], keyEnd: base + kr[1], value, start: base + kr[0], end: value ? value.end : base + kr[1] });
    }
    // Merged pairs keep the positions where they are written (in the anchored mapping);
    // keys of the mapping itself win, then earlier sources over later ones (YAML merge key).
    for (const source of merged) {
      for (const p of source.pairs) if (!mapPair(m, p.key)) m.pairs.push(p);
    }
    out = m;
  } else if (isSeq(node)) {
    const q: PSeq = { type: 'seq', start, end, items: [], flow: !!node.flow };
    memo.set(node, q);
    for (const item of node.items) {
      if (item && typeof item === 'object' && 'range' in (item as object)) q.items.push(convert(item as YNode, doc, base, memo, depth + 1));
    }
    out = q;
  } else if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    out = { type: 'scalar', start, end: base + (node.range?.[1] ?? e), value };
  } else {
    out = { type: 'scalar', start, end, value: null };
  }
  memo.set(node, out);
  return out;
}

/** `<<` written plainly (a quoted "<<" is an ordinary key), as in `<<: *defaults`. */
function isMergeKey(k: YNode | null): boolean {
  return !!k && isScalar(k) && k.type === 'PLAIN' && k.source === '<<';
}

/** The mappings a merge key's value names: one mapping or a list of them; null for anything else (left to the schema). */
function mergeSources(value: PNode | null): PMap[] | null {
  if (value?.type === 'map') return [value];
  if (value?.type === 'seq' && value.items.length && value.items.every(i => i.type === 'map')) return value.items as PMap[];
  return null;
}

/** Size of the tree with aliases expanded, memoized per shared node, saturating at the limit. */
function expandedSize(node: PNode | null, memo: Map<PNode, number>): number {
  if (!node) return 1;
  const known = memo.get(node);
  if (known !== undefined) return known;
  let n = 1;
  if (node.type === 'map') for (const p of node.pairs) { n += expandedSize(p.value, memo); if (n > LIMITS.maxExpandedNodes) break; }
  else if (node.type === 'seq') for (const i of node.items) { n += expandedSize(i, memo); if (n > LIMITS.maxExpandedNodes) break; }
  n = Math.min(n, LIMITS.maxExpandedNodes + 1);
  memo.set(node, n);
  return n;
}

function cleanMessage(message: string): string {
  // yaml's messages end with a location suffix ("at line 3, column 5:") that our range already carries.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
