// Text edits that add to a YAML tree the way a person would: a new key lands next to its
// siblings, a new list item after the last one, each in the style already in use there.
// Block collections take the indentation of their existing entries (so 2- and 4-space
// documents and documents indented inside a Markdown fence all stay consistent); flow
// collections (`{ p50: 150ms }`, `[a, b]`) get `, new` inside their brackets. New nested
// mappings are written in flow style (`criteria: { p95: 500ms }`): one line that is valid in
// block and flow context alike, as the perfdoc examples write criteria and targets.
import { PMap, PNode, PPair, PSeq, mapPair } from '../core/yamlTree';
import type { TextEdit } from './types';

/** A value to write: scalar text as it should appear, or a nested mapping. */
export type YamlValue = string | readonly YamlPair[];
export type YamlPair = readonly [key: string, value: YamlValue];

/** Where new keys go: after the first of `after` present, else before the first of `before` present, else last. */
export interface Placement {
  after?: readonly string[];
  before?: readonly string[];
}

function flowText(value: YamlValue): string {
  return typeof value === 'string' ? value : `{ ${value.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')} }`;
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Zero-based column of an offset. */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Offset of the end of the line holding `offset - 1`, before its line break (a trailing comment stays on the line). */
function lineEndAfter(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Where an entry written up to `offset` ends: the end of that line, or of the comment lines
 * right below it that are indented deeper than `column` (they annotate the entry above).
 */
function entryEnd(text: string, offset: number, column: number): number {
  let end = lineEndAfter(text, offset);
  for (let next = text.indexOf('\n', end) + 1; next > 0 && next < text.length; next = text.indexOf('\n', end) + 1) {
    const line = text.slice(next, lineEndAfter(text, next));
    const body = line.trimStart();
    if (!body.startsWith('#') || line.length - body.length <= column) break;
    end = next + line.length;
  }
  return end;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Where an alias (`*slo`) written at or after `at` ends. */
function aliasEnd(text: string, at: number): number {
  const alias = /\*[^\s,[\]{}]+/g;
  alias.lastIndex = at;
  const m = alias.exec(text);
  return m ? m.index + m[0].length : at;
}

/**
 * Where a node's own text ends, without the trailing comments and blank lines that block
 * collections include in their range. `at` is where this occurrence is written: a node
 * starting before it is an alias whose anchor lies earlier in the document.
 */
function writtenEnd(text: string, node: PNode, at: number): number {
  if (node.start < at) return aliasEnd(text, at);
  if (node.type === 'scalar' || node.flow) return trimEnd(text, node.start, node.end);
  if (node.type === 'map') return node.pairs.length ? pairEnd(text, node.pairs[node.pairs.length - 1]) : node.start;
  let end = node.start;
  for (const item of node.items) end = writtenEnd(text, item, end);
  return end;
}

function pairEnd(text: string, pair: PPair): number {
  return pair.value ? writtenEnd(text, pair.value, pair.keyEnd) : pair.keyEnd;
}

/** Where a node's content ends, comments after it excluded. */
function contentEnd(text: string, node: PNode): number {
  return writtenEnd(text, node, node.start);
}

function placementAnchor(map: PMap, placement: Placement): { pair: PPair; before: boolean } {
  const find = (keys: readonly string[] | undefined) => keys?.map(k => mapPair(map, k)).find((p): p is PPair => !!p);
  const after = find(placement.after);
  if (after) return { pair: after, before: false };
  const before = find(placement.before);
  return before ? { pair: before, before: true } : { pair: map.pairs[map.pairs.length - 1], before: false };
}

/** Inserts `pairs` into a mapping, next to the sibling `placement` names, in the mapping's style. */
export function insertPairs(text: string, map: PMap, pairs: readonly YamlPair[], placement: Placement = {}): TextEdit {
  const rendered = pairs.map(([k, v]) => `${k}: ${flowText(v)}`);
  if (!map.pairs.length) {
    // Only a flow mapping can be empty: `{}` becomes `{ key: value }`.
    const inside = map.start + 1;
    return { start: inside, end: inside, newText: ` ${rendered.join(', ')}${text[inside] === '}' ? ' ' : ''}` };
  }
  const anchor = placementAnchor(map, placement);
  if (map.flow) {
    return anchor.before
      ? { start: anchor.pair.keyStart, end: anchor.pair.keyStart, newText: `${rendered.join(', ')}, ` }
      : at(pairEnd(text, anchor.pair), rendered.map(p => `, ${p}`).join(''));
  }
  const eol = lineBreakOf(text);
  const column = columnOf(text, map.pairs[0].keyStart);
  const indent = ' '.repeat(column);
  if (anchor.before)
    return {
      start: anchor.pair.keyStart,
      end: anchor.pair.keyStart,
      newText: rendered.map(p => p + eol + indent).join(''),
    };
  return at(entryEnd(text, pairEnd(text, anchor.pair), column), rendered.map(p => eol + indent + p).join(''));
}

/** Appends a mapping item to a list: a flow item in a flow list or after a flow item, else a block item aligned with the last one. */
export function appendItem(text: string, seq: PSeq, pairs: readonly YamlPair[]): TextEdit {
  const item = flowText(pairs);
  let end = seq.start;
  for (const i of seq.items) end = writtenEnd(text, i, end);
  if (seq.flow) return seq.items.length ? at(end, `, ${item}`) : at(seq.start + 1, item);
  const last = seq.items[seq.items.length - 1];
  const dash = columnOf(text, seq.start);
  const eol = lineBreakOf(text);
  const lineEnd = entryEnd(text, end, dash);
  if (last.type === 'map' && last.flow) return at(lineEnd, `${eol}${' '.repeat(dash)}- ${item}`);
  // Keys of a block item align with those of an item written on its dash's line (`-   name:` keeps its spacing).
  const sample = seq.items.find(
    i =>
      i.type === 'map' &&
      !i.flow &&
      i.start >= seq.start &&
      text.lastIndexOf('-', i.start - 1) > text.lastIndexOf('\n', i.start - 1),
  );
  const content = sample ? columnOf(text, sample.start) : dash + 2;
  const lines = pairs.map(([k, v]) => `${k}: ${flowText(v)}`);
  return at(
    lineEnd,
    `${eol}${' '.repeat(dash)}-${' '.repeat(content - dash - 1)}${lines.join(eol + ' '.repeat(content))}`,
  );
}

/**
 * Writes a block of comment lines after a document's content, aligned with its top-level
 * keys. A block written earlier (recognized by its first line, found between the content
 * and the end of the document) is replaced, so writing it again refreshes it.
 */
export function upsertCommentBlock(text: string, root: PMap, documentEnd: number, lines: readonly string[]): TextEdit {
  const eol = lineBreakOf(text);
  const column = columnOf(text, root.pairs.length ? root.pairs[0].keyStart : root.start);
  const body = lines.map(l => `${' '.repeat(column)}# ${l}`.trimEnd());
  const contentStop = entryEnd(text, contentEnd(text, root), column);
  const header = `# ${lines[0]}`;
  let pos = contentStop;
  while (pos < documentEnd) {
    const lineStart = text.indexOf('\n', pos) + 1;
    if (lineStart === 0 || lineStart >= documentEnd) break;
    const lineEnd = lineEndAfter(text, lineStart);
    if (text.slice(lineStart, lineEnd).trim() === header) {
      let blockEnd = lineEnd;
      for (
        let next = text.indexOf('\n', blockEnd) + 1;
        next > 0 && next < documentEnd;
        next = text.indexOf('\n', blockEnd) + 1
      ) {
        const e = lineEndAfter(text, next);
        if (!text.slice(next, e).trim().startsWith('#')) break;
        blockEnd = e;
      }
      return { start: lineStart, end: blockEnd, newText: body.join(eol) };
    }
    pos = lineEnd;
  }
  return at(contentStop, eol + eol + body.join(eol));
}

function at(offset: number, newText: string): TextEdit {
  return { start: offset, end: offset, newText };
}
