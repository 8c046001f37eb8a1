// Quick fix "Suppress CODE for this item…" (FORMAT.md §13): writes the directive above the
// list item holding the finding (a tier, a segment, a test), or above the top-level key
// outside a list, indented like that line. The reason is a snippet placeholder to type over;
// left as it is, the placeholder is no reason (PD007), so a finding is never suppressed by
// accepting the fix without saying why.
import type { FileAnalysis } from '../core/analyze';
import { DIRECTIVE, PLACEHOLDER_REASON } from '../core/suppressions';
import type { Diagnostic } from '../core/types';
import type { PNode } from '../core/yamlTree';
import type { CodeActionItem } from './types';

/** Codes a directive cannot sensibly cover: a document that does not parse, or the directive's own warning. */
const NOT_SUPPRESSIBLE = new Set(['PD001', 'PD006', 'PD007']);

export function suppressionFix(file: FileAnalysis, diagnostic: Diagnostic): CodeActionItem | undefined {
  if (NOT_SUPPRESSIBLE.has(diagnostic.code)) return undefined;
  const start = file.lines.offsetAt(diagnostic.range.start),
    end = file.lines.offsetAt(diagnostic.range.end);
  const doc = file.documents.find(d =>
    d.findings.some(f => f.code === diagnostic.code && f.start === start && f.end === end),
  );
  if (!doc?.root) return undefined;
  const line = file.lines.positionAt(itemStart(doc.root, start) ?? start).line;
  const indent = /^[ \t]*/.exec(file.lines.lineText(line))![0];
  const at = file.lines.lineStart(line);
  return {
    title: `Suppress ${diagnostic.code} for this item…`,
    kind: 'quickfix',
    diagnostics: [diagnostic],
    edits: [
      {
        start: at,
        end: at,
        newText: `${indent}# ${DIRECTIVE} ${diagnostic.code} -- \${1:${PLACEHOLDER_REASON}}\n`,
        snippet: true,
      },
    ],
  };
}

/** Where the innermost list item holding `offset` starts, else the top-level key's; undefined outside both. */
function itemStart(root: PNode, offset: number): number | undefined {
  let found: number | undefined;
  const walk = (node: PNode | null, topLevel: boolean) => {
    if (!node || offset < node.start || offset > node.end) return;
    if (node.type === 'map')
      for (const p of node.pairs) {
        if (offset < p.keyStart || offset > p.end) continue;
        if (topLevel) found = p.keyStart;
        walk(p.value, false);
      }
    else if (node.type === 'seq')
      for (const item of node.items) {
        if (offset < item.start || offset > item.end) continue;
        found = item.start;
        walk(item, false);
      }
  };
  walk(root, true);
  return found;
}
