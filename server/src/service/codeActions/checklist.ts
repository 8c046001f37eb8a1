// Quick fixes of the open §18 checklist items: each inserts what its item asks for. An item
// behind a rule's finding reuses that finding's quick fix; the others insert the field the
// item names (a scope on a quota, a mix on a load test, costMetrics…). They are offered on
// the `kind:` line of the document (where a reviewer starts) and inside the node they write to.
import type { DocumentAnalysis, FileAnalysis } from '../../core/analyze';
import type { Finding } from '../../core/types';
import { mapPair } from '../../core/yamlTree';
import { reviewChecklist, type ChecklistFix } from '../checklist';
import type { CodeActionItem, TextEdit } from '../types';
import { appendItem, insertPairs } from '../yamlEdits';

type FindingFixes = (finding: Finding, doc: DocumentAnalysis) => { title: string; edits: TextEdit[] }[];

function edits(text: string, fix: ChecklistFix, viaFinding: FindingFixes, doc: DocumentAnalysis): TextEdit[] {
  if ('finding' in fix) return viaFinding(fix.finding, doc)[0]?.edits ?? [];
  if ('into' in fix) return [insertPairs(text, fix.into, fix.pairs, fix.placement)];
  if ('replace' in fix) return [{ ...fix.replace, newText: fix.text }];
  return [appendItem(text, fix.append, fix.item)];
}

/** Where a fix writes (or the finding it repairs lies): the cursor there is offered the fix too. */
function target(fix: ChecklistFix): { start: number; end: number } {
  if ('finding' in fix) return fix.finding;
  if ('replace' in fix) return fix.replace;
  return 'into' in fix ? fix.into : fix.append;
}

export function checklistFixes(
  file: FileAnalysis,
  doc: DocumentAnalysis,
  offset: number,
  viaFinding: FindingFixes,
): CodeActionItem[] {
  const kind = doc.root && mapPair(doc.root, 'kind');
  const onKindLine = !!kind && file.lines.positionAt(kind.keyStart).line === file.lines.positionAt(offset).line;
  return reviewChecklist(doc).flatMap(item => {
    const fix = item.status === 'open' ? item.fix : undefined;
    if (!fix) return [];
    const at = target(fix);
    // What goes into the document's root (costMetrics, region…) is offered on the kind line only, not everywhere.
    const inside = at !== doc.root && at.start <= offset && offset <= at.end;
    if (!onKindLine && !inside) return [];
    const written = edits(file.text, fix, viaFinding, doc);
    return written.length
      ? [{ title: `${fix.title} (§${item.section} ${item.text})`, kind: 'quickfix' as const, edits: written }]
      : [];
  });
}
