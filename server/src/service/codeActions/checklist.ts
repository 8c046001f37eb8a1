// Fixes of the open §18 checklist items: each inserts what its item asks for. An item behind
// a rule's finding reuses that finding's quick fix; the others insert the field the item
// names (a scope on a quota, a mix on a load test, costMetrics…), when the kind's schema
// allows it there. They are source actions beside "Add production review checklist" (not
// quick fixes of a diagnostic), offered on the `kind:` line of the document, where a
// reviewer starts, and inside the node they write to.
import type { DocumentAnalysis, FileAnalysis } from '../../core/analyze';
import type { Finding } from '../../core/types';
import { mapPair } from '../../core/yamlTree';
import { reviewChecklist, type ChecklistFix } from '../../core/checklist';
import type { CodeActionItem, TextEdit } from '../types';
import { appendItem, insertPairs } from '../yamlEdits';
import { locate } from '../nodeAt';
import { keysAt } from '../schemaInfo';

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

/** Whether the keys a fix inserts are ones the kind's schema allows there (a fix must not make PD002 fire). */
function schemaAllows(doc: DocumentAnalysis, fix: ChecklistFix): boolean {
  if (!('into' in fix) || !doc.kind || !doc.root) return true;
  const { steps } = locate(doc.root, fix.into.start);
  const depth = fix.into === doc.root ? 0 : steps.findIndex(s => s.node === fix.into) + 1;
  if (depth < 0) return false;
  const path = steps.slice(0, depth).map(s => (s.type === 'pair' ? s.key : 0));
  const allowed = new Set(keysAt(doc.kind, path, new Set(fix.into.pairs.map(p => p.key))).map(k => k.key));
  return fix.pairs.every(([key]) => allowed.has(key));
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
    // What goes into the document's root (costMetrics, region…) is offered on the kind line only, not
    // everywhere; a finding's own fix is offered on its squiggle already.
    const inside = at !== doc.root && !('finding' in fix) && at.start <= offset && offset <= at.end;
    if ((!onKindLine && !inside) || !schemaAllows(doc, fix)) return [];
    const written = edits(file.text, fix, viaFinding, doc);
    return written.length
      ? [
          {
            title: `${fix.title} (§${item.section} ${item.text})`,
            kind: 'source.addChecklist' as const,
            edits: written,
          },
        ]
      : [];
  });
}
