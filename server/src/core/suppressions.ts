// In-source suppressions (FORMAT.md §13): `# perfdoc-disable-next-line CODE[,CODE] -- reason`
// records a review decision ("LT004: the degraded-mode failover SLO is agreed") next to the
// YAML it is about. The reason is the point: without one nothing is suppressed and PD007 says
// so, because a silenced warning nobody can explain is how a known risk ships (lesson §18).
//
// A directive covers the YAML node that starts on the line below it (a whole list item, or a
// key with everything under it) and anything reported on that line. Stacked directives apply
// to the same line: comment lines between a directive and its line are skipped. Suppressed
// findings leave `findings` (the editor, the exit status, the checklist) and are kept in
// `suppressed` with their reason, for the JSON and SARIF reports.
import { RULES } from './ruleCatalog';
import { Finding } from './types';
import { LineIndex } from './lineIndex';
import { PNode } from './yamlTree';

export const DIRECTIVE = 'perfdoc-disable-next-line';
/** The reason the quick fix writes for the user to type over: left as it is, it is no reason. */
export const PLACEHOLDER_REASON = 'why this is accepted';

/** A finding a directive switched off, with the directive's reason. */
export type SuppressedFinding = Finding & { suppressed: string };

export interface SuppressionTarget {
  start: number;
  end: number;
  root: PNode | null;
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

interface Directive {
  codes: Set<string>;
  reason: string;
  /** Offsets of the text a finding must start in to be suppressed. */
  from: number;
  to: number;
}

const DIRECTIVE_LINE = new RegExp(`^[ \\t]*#[ \\t]*${DIRECTIVE}(?![\\w-])(.*)$`);
const KNOWN_CODES = new Set(RULES.map(r => r.code));

/** Moves the findings of `doc` that a directive covers into `doc.suppressed`; malformed directives become PD007. */
export function applySuppressions(text: string, lines: LineIndex, doc: SuppressionTarget): void {
  if (!text.includes(DIRECTIVE)) return;
  const directives: Directive[] = [];
  const problems: Finding[] = [];
  let first = lines.positionAt(doc.start).line;
  const last = lines.positionAt(doc.end).line;
  // Comment lines right above the document's first key are its own (a directive above `apiVersion`).
  while (first > 0 && /^[ \t]*#/.test(lines.lineText(first - 1))) first--;
  const scanFrom = lines.lineStart(first);
  for (let line = first; line <= last; line++) {
    const m = DIRECTIVE_LINE.exec(lines.lineText(line));
    const at = lines.lineStart(line) + (m ? m[0].indexOf('#') : 0);
    if (!m || at < scanFrom || at >= doc.end || insideScalar(doc.root, at)) continue;
    const where = { start: at, end: lines.lineEnd(line) };
    const parsed = parseDirective(m[1]);
    for (const message of parsed.problems) problems.push({ code: 'PD007', severity: 'warning', message, ...where });
    if (!parsed.reason || !parsed.codes.size) continue;
    let target = line + 1;
    while (target <= last && /^[ \t]*#/.test(lines.lineText(target))) target++;
    if (target > last) continue;
    const from = lines.lineStart(target);
    const to = Math.max(lines.lineEnd(target), endOfNodesStartingIn(doc.root, from, lines.lineEnd(target)));
    directives.push({ codes: parsed.codes, reason: parsed.reason, from, to });
  }
  const kept: Finding[] = [];
  for (const f of doc.findings) {
    const d = directives.find(x => x.codes.has(f.code) && f.start >= x.from && f.start <= x.to);
    if (d) doc.suppressed.push({ ...f, suppressed: d.reason });
    else kept.push(f);
  }
  doc.findings = problems.length ? [...kept, ...problems].sort((a, b) => a.start - b.start) : kept;
}

/** `CODE[,CODE] -- reason` after the directive's name. */
export function parseDirective(rest: string): { codes: Set<string>; reason: string; problems: string[] } {
  const dash = rest.indexOf('--');
  const codeText = dash < 0 ? rest : rest.slice(0, dash);
  const reason = dash < 0 ? '' : rest.slice(dash + 2).trim();
  const problems: string[] = [];
  const codes = new Set<string>();
  const written = codeText
    .split(',')
    .map(c => c.trim())
    .filter(c => c);
  for (const c of written) {
    if (KNOWN_CODES.has(c.toUpperCase())) codes.add(c.toUpperCase());
    else problems.push(`${DIRECTIVE}: "${c}" is not a perfdoc rule code (e.g. CM003, LT004); it suppresses nothing`);
  }
  if (!written.length) problems.push(`${DIRECTIVE} names no rule code: write the codes to suppress, e.g. CM003`);
  if (reason === PLACEHOLDER_REASON)
    problems.push(`${DIRECTIVE}: "${reason}" is the placeholder: write the reason this finding is accepted`);
  else if (!reason)
    problems.push(
      `${DIRECTIVE} without a reason suppresses nothing: add "-- why this is accepted" (e.g. "-- failover SLO agreed with the product owner")`,
    );
  return { codes, reason: reason === PLACEHOLDER_REASON ? '' : reason, problems };
}

/** Whether `offset` lies inside a scalar's text (a `#` line in a block scalar is text, not a comment). */
function insideScalar(node: PNode | null, offset: number): boolean {
  if (!node || offset < node.start || offset >= node.end) return false;
  switch (node.type) {
    case 'scalar':
      return true;
    case 'map':
      return node.pairs.some(p => insideScalar(p.value, offset));
    case 'seq':
      return node.items.some(i => insideScalar(i, offset));
  }
}

/**
 * The furthest end of the map pairs, mappings and list items that start in [from, to]: the
 * whole item under a directive, not only its first line. A block list itself is left out: it
 * starts on its first item's line, and a directive above that item is about the item.
 */
function endOfNodesStartingIn(node: PNode | null, from: number, to: number): number {
  if (!node || node.end < from || node.start > to) return -1;
  const starts = (n: { start: number }) => n.start >= from && n.start <= to;
  let end = node.type !== 'seq' && starts(node) ? node.end : -1;
  if (node.type === 'map')
    for (const p of node.pairs) {
      if (p.keyStart >= from && p.keyStart <= to) end = Math.max(end, p.end);
      end = Math.max(end, endOfNodesStartingIn(p.value, from, to));
    }
  else if (node.type === 'seq') for (const i of node.items) end = Math.max(end, endOfNodesStartingIn(i, from, to));
  return end;
}
