// The report's checklist section: lesson §18 per workload (the documents that reference each
// other), each of the 36 items with its status and the figures or the gap behind it, as
// core/checklist.ts judges them. A table per workload reads well printed or mailed.
import type { CheckedFile } from './report';
import { esc, tag } from '../charts/svg';
import {
  CHECKLIST_SECTIONS,
  STATUS_MARK,
  type ChecklistStatus,
  countStatus,
  documentLabel,
  workloadChecklist,
} from '../core/checklist';
import { workloads } from '../core/workloads';

const STATUS_WORD: Record<ChecklistStatus, string> = { satisfied: 'satisfied', open: 'open', review: 'to confirm' };

export const CHECKLIST_CSS = `
.pd-checklist td.pd-status-satisfied { color: var(--pd-ok, #1a7f37); }
.pd-checklist td.pd-status-open { color: var(--pd-error, #cf222e); font-weight: 600; }
.pd-checklist td.pd-status-review { color: var(--pd-warning, #9a6700); }
.pd-checklist th[scope=rowgroup] { text-align: left; padding-top: 0.6em; }
`;

export function checklistSection(files: readonly CheckedFile[]): string {
  const analyses = files.flatMap(f => (f.analysis ? [f.analysis] : []));
  const given = new Map(files.flatMap(f => (f.analysis ? [[f.analysis.path, f.path] as const] : [])));
  const groups = workloads(analyses);
  if (!groups.length) return '';
  const tables = groups.map((w, n) => {
    const items = workloadChecklist(w.documents.map(d => d.doc));
    const rows = (Object.keys(CHECKLIST_SECTIONS) as (keyof typeof CHECKLIST_SECTIONS)[]).map(
      section =>
        tag(
          'tr',
          {},
          tag('th', { scope: 'rowgroup', colspan: '3' }, esc(`§${section} ${CHECKLIST_SECTIONS[section]}`)),
        ) +
        items
          .filter(i => i.section === section)
          .map(i =>
            tag(
              'tr',
              {},
              tag('td', { class: `pd-status-${i.status}` }, esc(`${STATUS_MARK[i.status]} ${STATUS_WORD[i.status]}`)) +
                tag('td', {}, esc(i.text)) +
                tag('td', {}, esc(i.detail)),
            ),
          )
          .join(''),
    );
    const docs = w.documents.map(d => esc(documentLabel(d.doc, given.get(d.file.path) ?? d.file.path))).join('<br>');
    return (
      tag('h2', {}, esc(`Workload ${n + 1}`)) +
      tag('p', { class: 'pd-muted-text' }, docs) +
      tag(
        'p',
        {},
        esc(
          `${countStatus(items, 'satisfied')} of ${items.length} satisfied, ${countStatus(items, 'open')} open, ${countStatus(items, 'review')} to confirm by hand`,
        ),
      ) +
      tag('table', { class: 'pd-checklist' }, tag('tbody', {}, rows.join('')))
    );
  });
  return tag(
    'section',
    { id: 'checklist' },
    tag('h1', {}, 'Production review checklist (lesson §18)') + tables.join(''),
  );
}
