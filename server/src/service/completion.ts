// Completion of keys, enum values, units and document skeletons from the JSON Schemas.
//
// While typing, the line at the cursor is usually half-written (`  - na`, `    bud`,
// `kind: `) and the parsed tree does not hold it yet, or holds it as something else (a
// more-indented word continues the plain scalar above it). So the key path is read from
// the text: the cursor line, then the lines above it with smaller indentation (its parents)
// until the document's top level. The tree answers only for what lies complete above the
// cursor: the root mapping's keys, and the path of a list item already written, so that
// completing in a 10,000-segment budget does not walk every segment.
import type { DocumentAnalysis, FileAnalysis } from '../core/analyze';
import { LineIndex } from '../core/lineIndex';
import { YamlBlock, yamlBlocks } from '../core/sources';
import { DOCUMENT_KINDS, DocumentKind } from '../core/types';
import { PMap, PNode, mapGet } from '../core/yamlTree';
import { locate } from './nodeAt';
import { KeyPath, QuantityType, isListAt, keysAt, valueAt } from './schemaInfo';
import { CompletionItemLite } from './types';
import { flowListCompletions, observabilityCompletions } from './completion/observability';
import { capacityCompletions, capacityFlowListCompletions } from './completion/capacity';

/** A list item in a key path (the index does not matter to the schema). */
const ITEM = 0;

const KEY = /^([\w$./-]+)[ \t]*:(?=\s|$)/;
/** `---` and `...` end a YAML document. */
const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;

/** Where on a line its content starts, after the indentation and any list-item dashes. */
interface LineStart {
  /** Column of the first non-blank character. */
  indent: number;
  /** Columns of the `- ` markers, left to right. */
  items: number[];
  /** Column after the dashes. */
  content: number;
}

/** The structure a line contributes: list-item dashes and a key, by column. */
interface LineShape extends LineStart {
  key?: { name: string; column: number; value: string };
}

/** Where the keys being completed stand: the column, the dashes before it, and for a flow mapping its keys and owner. */
interface CursorPlace {
  column: number;
  items: number[];
  flowKeys?: Set<string>;
  ownerKey?: string;
}

/** What is being typed at the cursor: a key of a mapping, or the value of a key; `start`–`end` is the text replaced. */
type CursorLine = CursorPlace & { start: number; end: number } & (
    { type: 'key' } | { type: 'value'; key: string; afterColon: boolean }
  );

function lineStartOf(line: string): LineStart {
  let i = 0;
  while (line[i] === ' ') i++;
  const indent = i;
  const items: number[] = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
    items.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  return { indent, items, content: i };
}

/**
 * Lines of the YAML document holding the cursor, bounded by its block and `---` markers.
 * Indentation is read from the text without slicing lines: a scan may pass thousands of them.
 */
class DocumentLines {
  constructor(
    readonly lines: LineIndex,
    readonly first: number,
    readonly last: number,
  ) {}

  text(line: number): string {
    return this.lines.lineText(line);
  }

  /** Column of the first non-blank character, or −1 for a blank or comment line. */
  indent(line: number): number {
    const text = this.lines.text,
      start = this.lines.lineStart(line);
    let i = start;
    while (text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    return Number.isNaN(c) || c === 10 || c === 13 || c === 35 ? -1 : i - start;
  }

  /** Whether the line's content starts with a list item's `- `. */
  startsItem(line: number, indent: number): boolean {
    const text = this.lines.text,
      at = this.lines.lineStart(line) + indent;
    const next = text.charCodeAt(at + 1);
    return text.charCodeAt(at) === 45 && (next === 32 || next === 10 || next === 13 || Number.isNaN(next));
  }

  /** Offset of the content after a list item's `- `. */
  afterDash(line: number, indent: number): number {
    const text = this.lines.text;
    let at = this.lines.lineStart(line) + indent + 1;
    while (text.charCodeAt(at) === 32) at++;
    return at;
  }

  isBoundary(line: number): boolean {
    if (line < this.first || line > this.last) return true;
    const c = this.lines.text.charCodeAt(this.lines.lineStart(line));
    return (c === 45 || c === 46) && DOCUMENT_MARKER.test(this.text(line));
  }
}

function shapeOf(line: string): LineShape | null {
  const start = lineStartOf(line);
  if (start.indent === line.length || line[start.indent] === '#') return null;
  const m = KEY.exec(line.slice(start.content));
  return {
    ...start,
    ...(m ? { key: { name: m[1], column: start.content, value: line.slice(start.content + m[0].length).trim() } } : {}),
  };
}

/** Keys written inside a flow mapping up to the cursor (`{ name: a, budget: 4` → name, budget). */
function flowKeysOf(inner: string): Set<string> {
  return new Set([...inner.matchAll(/(?:^|,)\s*([\w$./-]+)\s*:/g)].map(m => m[1]));
}

/** Reads the cursor line up to the cursor; null where nothing is completed (comments, quotes, lists in brackets). */
function readCursorLine(line: string, lineStart: number, offset: number): CursorLine | null {
  const prefix = line.slice(0, offset - lineStart);
  const after = line.slice(offset - lineStart);
  const tokenEnd = offset + (/^[^\s,}#]*/.exec(after)?.[0].length ?? 0);
  // A dash just typed is not an item until its space follows.
  if (/(^|\s)-$/.test(prefix)) return null;
  const { items, content: i } = lineStartOf(prefix);
  const rest = prefix.slice(i);
  if (/(^|\s)#/.test(rest) || /^[|>'"&*!]/.test(rest)) return null;
  const open = rest.lastIndexOf('{');
  if (rest.includes('[') || (open >= 0 && rest.indexOf('}', open) >= 0)) return null;
  const owner = KEY.exec(rest);
  if (open >= 0) {
    // Inside a one-line flow mapping: `criteria: { p95: 5` or `- { name: a, bu`.
    const inner = rest.slice(open + 1);
    const entry = inner.slice(inner.lastIndexOf(',') + 1);
    const flowKeys = flowKeysOf(inner.slice(0, inner.length - entry.length));
    return cursorIn(entry, offset, tokenEnd, {
      column: i,
      items,
      flowKeys,
      ...(owner && owner[0].length <= open ? { ownerKey: owner[1] } : {}),
    });
  }
  return cursorIn(rest, offset, tokenEnd, { column: i, items });
}

/** A key being typed, or the value after `key:`, in `entry` (the text before the cursor). */
function cursorIn(entry: string, offset: number, tokenEnd: number, where: CursorPlace): CursorLine | null {
  const key = /([\w$./-]+)[ \t]*:([ \t]*)(.*)$/.exec(entry);
  if (key && entry.slice(0, key.index).trim() === '') {
    const value = key[3];
    if (/^['"]/.test(value)) return null;
    return {
      type: 'value',
      key: key[1],
      ...where,
      start: offset - value.length,
      end: tokenEnd,
      afterColon: key[2] === '' && value === '',
    };
  }
  const word = entry.trimStart();
  if (!/^[\w$./-]*$/.test(word)) return null;
  return { type: 'key', ...where, start: offset - word.length, end: tokenEnd };
}

interface MappingContext {
  /** Key path of the mapping the cursor line belongs to. */
  path: (string | number)[];
  /** Keys of that mapping written on other lines. */
  siblings: Set<string>;
}

/**
 * The key path of a mapping whose keys stand at `column` on `line`, from the lines above
 * (parents have smaller indentation; a list's dashes may stand at the indentation of the
 * key that holds it). Sibling keys above are collected on the way. Null inside block
 * scalars and multi-line plain scalars, where nothing is a key.
 */
function mappingAt(
  doc: DocumentLines,
  line: number,
  column: number,
  lineItems: number[],
  root: PNode | null,
): MappingContext | null {
  const path: (string | number)[] = [];
  const siblings = new Set<string>();
  let col = column;
  let afterItem = false;
  // Dashes on the cursor line start the mapping there: no siblings above it.
  for (let k = lineItems.length - 1; k >= 0; k--) {
    path.unshift(ITEM);
    col = lineItems[k];
    afterItem = true;
  }
  let collecting = !afterItem;
  let askedTree = false;
  for (let l = line - 1; (col > 0 || afterItem) && !doc.isBoundary(l); l--) {
    const indent = doc.indent(l);
    if (indent < 0) continue;
    // Lines deeper than the parent sought are neither parents nor, once the mapping's first
    // line is passed, siblings; nor is an earlier item of the list the cursor is in.
    if (indent > col && !(collecting && indent <= column)) continue;
    if (afterItem && indent === col && doc.startsItem(l, indent)) {
      // An earlier item of the same list: the tree knows the list's path (asked once).
      const sibling = root && !askedTree ? treePathOfItem(root, doc.afterDash(l, indent)) : null;
      if (sibling) return { path: [...sibling.slice(0, -1), ...path], siblings };
      askedTree = true;
      continue;
    }
    const shape = shapeOf(doc.text(l));
    if (!shape) continue;
    const entries = [
      ...shape.items.map(c => ({ column: c, key: undefined as LineShape['key'] })),
      ...(shape.key ? [{ column: shape.key.column, key: shape.key }] : []),
    ];
    let accepted = false;
    for (let k = entries.length - 1; k >= 0; k--) {
      const e = entries[k];
      const parent = accepted || e.column < col || (afterItem && e.key !== undefined && e.column === col);
      if (!parent) {
        if (collecting && e.key && e.column === column) siblings.add(e.key.name);
        continue;
      }
      if (e.key) {
        // A key with an inline value (or a `|` / `>` block scalar) holds text, not a mapping.
        if (e.key.value && !/^([&!][^\s]*\s*)*(#.*)?$/.test(e.key.value)) return null;
        path.unshift(e.key.name);
      } else {
        // A complete item line above the cursor is in the tree: its path from the root comes
        // from there, instead of a scan past every earlier item of a long list.
        const above =
          root && k + 1 < entries.length ? treePathOfItem(root, doc.lines.lineStart(l) + entries[k + 1].column) : null;
        if (above) return { path: [...above, ...path], siblings };
        path.unshift(ITEM);
      }
      accepted = true;
      col = e.column;
      afterItem = !e.key;
    }
    if (accepted) collecting = false;
    else if (indent < col) return null; // text at a smaller indentation: a multi-line scalar
  }
  return { path, siblings };
}

/** The key path of the list item whose content starts at `offset`, when the tree holds one there. */
function treePathOfItem(root: PNode, offset: number): (string | number)[] | null {
  const { steps } = locate(root, offset);
  const at = steps.findIndex(s => s.type === 'item' && s.node.start === offset);
  return at < 0 ? null : steps.slice(0, at + 1).map(s => (s.type === 'pair' ? s.key : ITEM));
}

/** Keys at `column` in the lines below the cursor that still belong to its mapping. */
function siblingsBelow(doc: DocumentLines, line: number, column: number, into: Set<string>): void {
  for (let l = line + 1; !doc.isBoundary(l); l++) {
    const indent = doc.indent(l);
    if (indent < 0 || indent > column) continue;
    if (indent < column) return;
    const key = doc.startsItem(l, indent) ? undefined : shapeOf(doc.text(l))?.key;
    if (key) into.add(key.name);
  }
}

function documentKind(doc: DocumentAnalysis | undefined): DocumentKind | null {
  if (doc?.kind) return doc.kind;
  const kind = doc?.root && mapGet(doc.root, 'kind');
  return kind?.type === 'scalar' && (DOCUMENT_KINDS as readonly unknown[]).includes(kind.value)
    ? (kind.value as DocumentKind)
    : null;
}

/** Top-level keys from the tree (cheap in any file size), except what is being typed on the cursor line. */
function rootKeys(root: PMap | null, lineStart: number, lineEnd: number): Set<string> {
  return new Set((root?.pairs ?? []).filter(p => p.keyStart < lineStart || p.keyStart > lineEnd).map(p => p.key));
}

/** Short units first; then the long names of spec §8, as the lesson writes them (`2 seconds`, `50 msg/s`). */
const UNITS: Record<QuantityType, { unit: string; meaning: string }[]> = {
  duration: [
    { unit: 'ms', meaning: 'milliseconds' },
    { unit: 's', meaning: 'seconds' },
    { unit: 'min', meaning: 'minutes (also `m`)' },
    { unit: 'us', meaning: 'microseconds' },
    { unit: 'h', meaning: 'hours' },
    { unit: 'seconds', meaning: 'seconds (also `sec`, `secs`, `second`)' },
    { unit: 'minutes', meaning: 'minutes (also `mins`, `minute`)' },
    { unit: 'hours', meaning: 'hours (also `hr`, `hour`)' },
    { unit: 'milliseconds', meaning: 'milliseconds (also `millisecond`)' },
    { unit: 'microseconds', meaning: 'microseconds (also `microsecond`)' },
  ],
  rate: [
    { unit: '/s', meaning: 'per second' },
    { unit: '/min', meaning: 'per minute' },
    { unit: '/h', meaning: 'per hour' },
    { unit: 'rps', meaning: 'requests per second' },
    { unit: 'req/s', meaning: 'requests per second' },
    { unit: 'msg/s', meaning: 'messages per second (also `messages/s`)' },
    { unit: '/minute', meaning: 'per minute' },
    { unit: '/hour', meaning: 'per hour' },
  ],
  ratio: [{ unit: '%', meaning: 'percent' }],
};
/** Units that read as words: `500 rps` and `2 seconds` get a space after the number, as the spec writes them. */
const WORD_UNIT = /^(?:rps|req|msg|[a-z]{4,})/;

/** Document skeletons after spec §3–§5 and §12, small enough to fit their own rules. */
const SKELETONS: { kind: DocumentKind; body: string }[] = [
  {
    kind: 'LatencyBudget',
    body: [
      'name: ${1:Search case API}',
      'target:',
      '  p95: ${2:500ms}',
      '  p99: ${3:1200ms}',
      '  timeout: ${4:2s}',
      'segments:',
      '  - name: ${5:DNS/TLS/edge}',
      '    budget: ${6:40ms}',
      '  - name: ${7:Database query}',
      '    budget: ${8:220ms}',
      '    dependency: ${9:aurora-cases}',
      '    timeout: ${10:300ms}',
      '  - name: Buffer',
      '    budget: ${11:30ms}',
      '    buffer: true',
    ].join('\n'),
  },
  {
    kind: 'CapacityModel',
    body: [
      'name: ${1:Case API}',
      'traffic:',
      '  peakRps: ${2:2000}',
      '  latency: ${3:150ms}',
      '  p95Latency: ${4:450ms}',
      'headroom:',
      '  safetyFactor: ${5:1.5}',
      '  maxUtilization: ${6:70%}',
      'tiers:',
      '  - name: ${7:api}',
      '    unitRps: ${8:300}',
      '    units: { min: ${9:4}, max: ${10:20} }',
      '    zones: ${11:3}',
    ].join('\n'),
  },
  {
    kind: 'LoadTestPlan',
    body: [
      'name: ${1:Case search}',
      'tests:',
      '  - type: ${2|load,smoke,baseline,stress,spike,soak,failover,backlog-drain|}',
      '    rps: ${3:2000}',
      '    duration: ${4:30m}',
      '    cache: ${5|cold,warm|}',
      '    criteria: { p95: ${6:500ms}, p99: ${7:1200ms}, errorRate: ${8:0.1%} }',
    ].join('\n'),
  },
  {
    kind: 'ObservabilityPlan',
    body: [
      'name: ${1:Case API}',
      'capacity: ${2:./case-api.perf.yaml}',
      'signals:',
      '  ${3:api}: [latency, traffic, errors, saturation]',
      'traces: { correlationId: true, propagated: true, fields: [tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az] }',
      'logs: { correlationId: true }',
      'dashboards: [user, service, dependency, infrastructure]',
      'alarms:',
      '  - { metric: ${4:db.connections}, above: ${5:80%}, runbook: ${6:docs/runbooks/db-connections.md} }',
    ].join('\n'),
  },
];

function skeletons(start: number, end: number): CompletionItemLite[] {
  return SKELETONS.map(s => ({
    label: `${s.kind} document`,
    kind: 'snippet',
    detail: `perfdoc ${s.kind} skeleton`,
    documentation: valueAt(s.kind, ['kind'], new Set())?.values.find(v => v.value === s.kind)?.description,
    insertText: `apiVersion: perfdoc/v1\nkind: ${s.kind}\n${s.body}\n$0`,
    replaceStart: start,
    replaceEnd: end,
    sortText: `1-${s.kind}`,
  }));
}

function keyItems(
  kind: DocumentKind | null,
  path: KeyPath,
  present: Set<string>,
  cursor: CursorLine,
  after: string,
): CompletionItemLite[] {
  // Under a list's key (`segments:` then a new line) the keys of a new item come with its dash.
  const newItem = !cursor.items.length && !cursor.flowKeys && isListAt(kind, path);
  const keys = newItem
    ? keysAt(kind, [...path, ITEM], new Set())
    : keysAt(kind, path, present).filter(k => !present.has(k.key));
  // Keep the colon that follows a key being renamed; a flow mapping keeps its value on the line.
  const colonFollows = /^[\w$./-]*[ \t]*:/.test(after);
  return keys.map((k, i) => ({
    label: k.key,
    kind: 'property' as const,
    ...(k.title ? { detail: k.title } : {}),
    ...(k.description ? { documentation: k.description } : {}),
    insertText:
      (newItem ? '- ' : '') + (colonFollows ? k.key : k.collection && !cursor.flowKeys ? `${k.key}:` : `${k.key}: `),
    replaceStart: cursor.start,
    replaceEnd: cursor.end,
    sortText: `0-${String(i).padStart(3, '0')}`,
  }));
}

function valueItems(
  kind: DocumentKind | null,
  path: KeyPath,
  siblings: Set<string>,
  cursor: CursorLine & { type: 'value' },
  typed: string,
): CompletionItemLite[] {
  const info = valueAt(kind, path, siblings);
  if (!info) return [];
  const number = /^([+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+))([ \t]*)(\S*)$/.exec(typed);
  if (number && info.quantity) {
    const unitStart = cursor.start + number[1].length + number[2].length;
    return UNITS[info.quantity].map((u, i) => {
      // `500rps` parses, but the spec writes `500 rps`.
      const insert = WORD_UNIT.test(u.unit) && !number[2] ? ` ${u.unit}` : u.unit;
      return {
        label: u.unit,
        kind: 'unit' as const,
        detail: `${number[1]}${insert}`,
        documentation: `${u.meaning}${info.title ? ` — ${info.title}` : ''}`,
        insertText: insert,
        replaceStart: unitStart,
        replaceEnd: cursor.end,
        sortText: String(i),
      };
    });
  }
  return info.values.map((v, i) => ({
    label: v.value,
    kind: 'value' as const,
    ...(info.title ? { detail: info.title } : {}),
    ...(v.description ? { documentation: v.description } : {}),
    insertText: cursor.afterColon ? ` ${v.value}` : v.value,
    replaceStart: cursor.start,
    replaceEnd: cursor.end,
    sortText: String(i).padStart(2, '0'),
  }));
}

function blockLines(lines: LineIndex, block: YamlBlock): { first: number; last: number } {
  const last = lines.positionAt(block.start + block.text.length).line;
  // A closed fence's text ends where its closing line starts; that line is Markdown again.
  const closing = block.fence !== undefined && /^ {0,3}(`{3,}|~{3,})/.test(lines.lineText(last));
  return { first: lines.positionAt(block.start).line, last: closing ? last - 1 : last };
}

/**
 * The document the cursor line belongs to. A parsed document ends at its last node, so
 * the blank lines being typed below it still belong to it, unless a `---` starts another.
 */
function documentBefore(
  file: FileAnalysis,
  blockStart: number,
  lineStart: number,
  offset: number,
): DocumentAnalysis | undefined {
  let document: DocumentAnalysis | undefined;
  for (const d of file.documents) {
    if (d.start > offset) break;
    if (d.start >= blockStart) document = d;
  }
  const markerBetween =
    document &&
    document.end < lineStart &&
    new RegExp(DOCUMENT_MARKER.source, 'm').test(file.text.slice(document.end, lineStart));
  return markerBetween ? undefined : document;
}

export function completions(file: FileAnalysis, offset: number): CompletionItemLite[] {
  const { lines, text } = file;
  const line = lines.positionAt(offset).line;
  const found = yamlBlocks(file.path, text)
    .map(b => ({ block: b, ...blockLines(lines, b) }))
    .find(b => b.first <= line && line <= b.last);
  if (!found) return [];
  const doc = new DocumentLines(lines, found.first, found.last);
  if (doc.isBoundary(line)) return [];
  const lineStart = lines.lineStart(line),
    lineEnd = lines.lineEnd(line);
  const document = documentBefore(file, found.block.start, lineStart, offset);
  // Someone else's YAML stays alone unless the file or fence is perfdoc's by name.
  const claimed = file.flavor === 'perf-yaml' || found.block.fence === 'perfdoc';
  if (!document && !claimed) return [];
  const inFlowList = flowListCompletions(document, text, offset) ?? capacityFlowListCompletions(document, text, offset);
  if (inFlowList) return inFlowList;
  const cursor = readCursorLine(text.slice(lineStart, lineEnd), lineStart, offset);
  if (!cursor) return [];
  const context = mappingAt(doc, line, cursor.column, cursor.items, document?.root ?? null);
  if (!context) return [];
  const kind = documentKind(document);
  const path = cursor.ownerKey ? [...context.path, cursor.ownerKey] : context.path;
  if (cursor.type === 'value') {
    const siblings = cursor.flowKeys ?? context.siblings;
    const valueContext = { ...cursor, path, inItem: !!cursor.items.length, present: siblings };
    const named = observabilityCompletions(document, valueContext) ?? capacityCompletions(document, valueContext);
    if (named) return named;
    return valueItems(kind, [...path, cursor.key], siblings, cursor, text.slice(cursor.start, offset));
  }
  let present = cursor.flowKeys;
  if (!present) {
    present = path.length ? context.siblings : rootKeys(document?.root ?? null, lineStart, lineEnd);
    if (path.length) siblingsBelow(doc, line, cursor.column, present);
  }
  const keyContext = { ...cursor, path, inItem: !!cursor.items.length, present };
  const named = observabilityCompletions(document, keyContext) ?? capacityCompletions(document, keyContext);
  if (named) return named;
  const items = keyItems(kind, path, present, cursor, text.slice(offset, lineEnd));
  const atEmptyTop = !path.length && !present.size && !cursor.items.length;
  return claimed && atEmptyTop ? [...items, ...skeletons(cursor.start, cursor.end)] : items;
}
