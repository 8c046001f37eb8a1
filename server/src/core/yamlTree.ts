// Parses YAML text with the `yaml` package and converts its AST into a small, immutable
// tree of our own (PNode) whose offsets are absolute in the file. Rules, hovers and quick
// fixes read this tree; the `yaml` AST never leaves this module.
import { Composer, Lexer, Parser, CST, isAlias, isMap, isScalar, isSeq, isPair, Node as YNode, Document } from 'yaml';

export interface PScalar {
  type: 'scalar';
  start: number;
  end: number;
  value: string | number | boolean | null;
}
export interface PPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: PNode | null;
  start: number;
  end: number;
}
export interface PMap {
  type: 'map';
  start: number;
  end: number;
  pairs: PPair[];
  flow: boolean;
}
export interface PSeq {
  type: 'seq';
  start: number;
  end: number;
  items: PNode[];
  flow: boolean;
}
export type PNode = PScalar | PMap | PSeq;

export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
  kind: 'syntax' | 'limit';
}

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
  /**
   * Nesting depth of collections. yaml's composer recurses about 1.3 KB of stack per level:
   * 500 levels took 650 KB of node's 984 KB stack, 200 take a quarter of it.
   */
  maxDepth: 200,
  /**
   * Nodes (keys, values, list items, flow collections) a file may hold. The `yaml` parser
   * takes 10-25 µs and about 1 KB per node: 100,000 segments of two keys are 700,000 nodes,
   * 8 s and 600 MB. A 10,000-segment budget is 130,000-250,000.
   */
  maxNodes: 300_000,
};

/** A scalar's text where it names something (a key, a tier): YAML's .nan and .inf as written, not NaN and Infinity. */
export function scalarText(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  return String(v);
}

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
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const p of node.pairs) o[p.key] = toPlain(p.value);
      return o;
    }
  }
}

/** Lexemes that open a node other than a scalar or an alias. */
const INDICATOR_LEXEMES = new Set(['[', '{', '-', '?', ':']);
/** yaml's lexer announces a plain or block scalar with this; the scalar's source comes next. */
const SCALAR_MARK = '\x1f';
/** Every node lexeme is one of these characters (line breaks `,[{:-?*"'`), or a scalar right after one. */
const BOUNDING = new Uint8Array(0x10000);
for (const c of '\n\r,[{:-?*"\'') BOUNDING[c.charCodeAt(0)] = 1;

/** Whether YAML texts hold more than `LIMITS.maxNodes` nodes, counted without parsing them. */
export function exceedsNodeLimit(texts: readonly string[]): boolean {
  const limit = LIMITS.maxNodes;
  // A cheap upper bound first, two nodes per bounding character: it spares nearly every
  // file the lexer pass below, which costs a tenth of a parse.
  let bound = 1;
  for (const text of texts) for (let i = 0; i < text.length; i++) bound += BOUNDING[text.charCodeAt(i)] << 1;
  if (bound <= limit) return false;
  let nodes = 0;
  for (const text of texts) {
    let scalarSource = false;
    for (const lexeme of new Lexer().lex(text)) {
      if (scalarSource) {
        scalarSource = false;
        continue;
      }
      scalarSource = lexeme === SCALAR_MARK;
      const opensNode =
        scalarSource || INDICATOR_LEXEMES.has(lexeme) || lexeme[0] === '*' || lexeme[0] === '"' || lexeme[0] === "'";
      if (opensNode && ++nodes > limit) return true;
    }
  }
  return false;
}

class LimitExceeded extends Error {}

const tooDeep = `collections nested too deeply (more than ${LIMITS.maxDepth} levels); the document is not analyzed`;

/**
 * Parses `text` (which starts at `base` in the file) into documents. Never throws:
 * syntax errors, alias bombs and absurd nesting become problems with positions.
 */
export function parseYaml(text: string, base = 0): YamlDoc[] {
  let docs: Document.Parsed[];
  try {
    const tokens = parseTokens(text);
    if ('tooDeepAt' in tokens) {
      const at = tokens.tooDeepAt;
      return [
        {
          start: base,
          end: base + text.length,
          root: null,
          problems: [{ kind: 'limit', message: tooDeep, start: base + at, end: base + Math.min(at + 1, text.length) }],
        },
      ];
    }
    docs = Array.from(new Composer({ uniqueKeys: false, keepSourceTokens: false }).compose(tokens));
  } catch (e) {
    // Whatever yaml throws must not take the caller down.
    return [
      {
        start: base,
        end: base + text.length,
        root: null,
        problems: [
          {
            kind: 'limit',
            message: `YAML could not be parsed: ${(e as Error).message}`,
            start: base,
            end: base + Math.min(text.length, 1),
          },
        ],
      },
    ];
  }
  return problemsWhereTheyAre(docs.map(doc => convertDocument(doc, text.length, base)));
}

/**
 * yaml gives a document the errors it finds after that document's end, up to the next one
 * (`a: 1` `---` `}` puts the `}` error on the first document). Such a problem goes to the last
 * document starting at or before it, as when the documents are parsed apart (incrementally).
 */
function problemsWhereTheyAre(docs: YamlDoc[]): YamlDoc[] {
  if (docs.length < 2) return docs;
  const owned = docs.map((): SyntaxProblem[] => []);
  docs.forEach((d, i) => {
    for (const p of d.problems) {
      let owner = i;
      if (p.start > d.end) {
        let hi = docs.length - 1;
        while (owner < hi) {
          const mid = (owner + hi + 1) >> 1;
          if (docs[mid].start <= p.start) owner = mid;
          else hi = mid - 1;
        }
      }
      owned[owner].push(p);
    }
  });
  return docs.map((d, i) => ({ ...d, problems: owned[i] }));
}

/**
 * yaml's concrete syntax tree, built one lexeme at a time so that nesting beyond the limit
 * stops the parse before yaml's composer recurses into it: near the end of the stack V8 can
 * abort the whole process (a fatal "RegExpCompiler Allocation failed" on 1,000 nested `[`
 * parsed twice), which no try/catch survives.
 */
function parseTokens(text: string): CST.Token[] | { tooDeepAt: number } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The parser's stack holds the document, the collections still open and a scalar being read.
    if (parser.stack.length > LIMITS.maxDepth + 2) return { tooDeepAt: Math.min(parser.offset, text.length) };
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

function convertDocument(doc: Document.Parsed, textLength: number, base: number): YamlDoc {
  // yaml ends an unclosed flow collection one past the end of the text: clamp every range.
  const within = (offset: number) => Math.min(offset, textLength);
  const [dStart, , dEnd] = (doc.range ?? [0, textLength, textLength]).map(within);
  const problems: SyntaxProblem[] = [];
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    // At least one character wide, but never past the end (an unclosed quote is reported there).
    problems.push({
      kind: 'syntax',
      message: cleanMessage(err.message),
      start: base + s,
      end: base + Math.min(Math.max(e, s + 1), textLength),
    });
  }
  let root: PNode | null = null;
  if (doc.contents) {
    try {
      const ctx: Conversion = {
        doc,
        base,
        textLength,
        anchored: new Map(),
        open: new Set(),
        heights: new Map(),
        height: 0,
        aliases: 0,
        problems,
      };
      root = convert(doc.contents as YNode, ctx);
      if (ctx.aliases && expandedSize(root, new Map()) > LIMITS.maxExpandedNodes) {
        throw new LimitExceeded(
          `aliases expand this document to more than ${LIMITS.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb?); it is not analyzed`,
        );
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

/**
 * State of one document's conversion. Only an anchored node can be an alias's target, so only
 * anchored nodes are remembered (a map lookup per node cost a tenth of a 10,000-segment parse).
 */
interface Conversion {
  doc: Document.Parsed;
  base: number;
  /** yaml's offsets are clamped to this. */
  textLength: number;
  /** Anchored nodes already converted: an alias shares the anchored node's tree. */
  anchored: Map<YNode, PNode>;
  /** Anchored collections being converted: an alias to one of them would make the tree a cycle. */
  open: Set<YNode>;
  /** Nesting height of each anchored collection, aliases followed: a chain of aliases nests deeper than the text. */
  heights: Map<PNode, number>;
  /** Height of the node `convert` returned last. */
  height: number;
  /** Aliases met: without any, the tree is as big as the text and needs no expansion check. */
  aliases: number;
  problems: SyntaxProblem[];
}

function convert(node: YNode, ctx: Conversion): PNode {
  const { doc, base, textLength } = ctx;
  const range = node.range ?? [0, 0, 0];
  const s = Math.min(range[0], textLength),
    start = base + s,
    end = base + Math.min(range[2], textLength);
  if (isAlias(node)) {
    ctx.aliases++;
    const target = node.resolve(doc) as YNode | undefined;
    if (!target) {
      ctx.height = 0;
      return { type: 'scalar', start, end: base + Math.min(range[1], textLength), value: null };
    }
    if (ctx.open.has(target))
      throw new LimitExceeded(
        `alias *${node.source} refers to a collection that contains it (a cycle); the document is not analyzed`,
      );
    // An alias shares the anchored node's tree: conversion stays linear, expansion is bounded later.
    const shared = ctx.anchored.get(target) ?? convert(target, ctx);
    ctx.height = ctx.heights.get(shared) ?? 0;
    return shared;
  }
  const anchor = !!(node as { anchor?: string }).anchor;
  if (anchor) {
    const known = ctx.anchored.get(node);
    if (known) {
      ctx.height = ctx.heights.get(known) ?? 0;
      return known;
    }
  }
  let out: PNode;
  let height = 0;
  const child = (n: YNode): PNode => {
    const c = convert(n, ctx);
    if (ctx.height > height) height = ctx.height;
    return c;
  };
  if (isMap(node)) {
    const m: PMap = { type: 'map', start, end, pairs: [], flow: !!node.flow };
    if (anchor) {
      ctx.anchored.set(node, m);
      ctx.open.add(node);
    }
    const merged: PMap[] = [];
    const keys = new Set<unknown>();
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = item.key as YNode | null;
      const kr = k?.range;
      const keyStart = base + (kr ? Math.min(kr[0], textLength) : s),
        keyEnd = base + (kr ? Math.min(kr[1], textLength) : s);
      // yaml's own unique-key check compares each key with every earlier one (quadratic): a Set keeps 100,000 keys fast.
      if (k && isScalar(k)) {
        if (keys.has(k.value))
          ctx.problems.push({ kind: 'syntax', message: 'Map keys must be unique', start: keyStart, end: keyEnd });
        keys.add(k.value);
      }
      const v = item.value as YNode | null;
      const value = v ? child(v) : null;
      const sources = isMergeKey(k) ? mergeSources(value) : null;
      if (sources) {
        merged.push(...sources);
        continue;
      }
      const keyText = k && isScalar(k) ? scalarText(k.value) : k ? '<complex key>' : '';
      m.pairs.push({ key: keyText, keyStart, keyEnd, value, start: keyStart, end: value ? value.end : keyEnd });
    }
    // Merged pairs keep the positions where they are written (in the anchored mapping);
    // keys of the mapping itself win, then earlier sources over later ones (YAML merge key).
    if (merged.length) {
      const present = new Set(m.pairs.map(p => p.key));
      for (const source of merged) {
        for (const p of source.pairs)
          if (!present.has(p.key)) {
            present.add(p.key);
            m.pairs.push(p);
          }
      }
    }
    out = m;
  } else if (isSeq(node)) {
    const q: PSeq = { type: 'seq', start, end, items: [], flow: !!node.flow };
    if (anchor) {
      ctx.anchored.set(node, q);
      ctx.open.add(node);
    }
    for (const item of node.items) {
      if (item && typeof item === 'object' && 'range' in (item as object)) q.items.push(child(item as YNode));
    }
    out = q;
  } else if (isScalar(node)) {
    const v = node.value;
    const value =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    out = { type: 'scalar', start, end: base + Math.min(range[1], textLength), value };
  } else {
    out = { type: 'scalar', start, end, value: null };
  }
  if (out.type !== 'scalar' && ++height > LIMITS.maxDepth) throw new LimitExceeded(tooDeep);
  if (anchor) {
    ctx.open.delete(node);
    ctx.anchored.set(node, out);
    if (height) ctx.heights.set(out, height);
  }
  ctx.height = height;
  return out;
}

/** `<<` written plainly (a quoted "<<" is an ordinary key), as in `<<: *defaults`. */
function isMergeKey(k: YNode | null): boolean {
  return !!k && isScalar(k) && k.type === 'PLAIN' && k.source === '<<';
}

/** The mappings a merge key's value names: one mapping or a list of them; null for anything else (left to the schema). */
function mergeSources(value: PNode | null): PMap[] | null {
  if (value?.type === 'map') return [value];
  if (value?.type === 'seq' && value.items.length && value.items.every(i => i.type === 'map'))
    return value.items as PMap[];
  return null;
}

/** Size of the tree with aliases expanded, memoized per shared node, saturating at the limit. */
function expandedSize(node: PNode | null, memo: Map<PNode, number>): number {
  if (!node) return 1;
  const known = memo.get(node);
  if (known !== undefined) return known;
  let n = 1;
  if (node.type === 'map')
    for (const p of node.pairs) {
      n += expandedSize(p.value, memo);
      if (n > LIMITS.maxExpandedNodes) break;
    }
  else if (node.type === 'seq')
    for (const i of node.items) {
      n += expandedSize(i, memo);
      if (n > LIMITS.maxExpandedNodes) break;
    }
  n = Math.min(n, LIMITS.maxExpandedNodes + 1);
  memo.set(node, n);
  return n;
}

function cleanMessage(message: string): string {
  // yaml's messages end with a location suffix ("at line 3, column 5:") that our range already carries.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
