// `perfdoc review [--format text|json|markdown] [--config FILE] [--root DIR] PATH...`: the §18 production
// review checklist per workload (the documents that reference each other) and per document
// (FORMAT.md §14), as judged by core/checklist.ts. Exit status: 0 when no item is open
// (satisfied, or left to a person), 1 when an item is open (the design is not ready for the
// review), 2 on a usage or I/O failure.
import { parseArgs } from 'node:util';
import type { DocumentAnalysis } from '../core/analyze';
import {
  CHECKLIST_SECTIONS,
  type ChecklistItem,
  type ChecklistSection,
  STATUS_MARK,
  checklistReport,
  countStatus,
  documentLabel,
  reviewChecklist,
  workloadChecklist,
} from '../core/checklist';
import { workloads } from '../core/workloads';
import type { CheckedFile } from '../report/report';

export const REVIEW_USAGE = `       perfdoc review [--format text|json|markdown] [--config FILE] [--root DIR] PATH...`;
export const REVIEW_HELP = `review  Prints the production review checklist of lesson §18 per workload (the documents
        that reference each other) and per document: satisfied, open (with what to add) or
        left to a person. Exits 1 when an item is open. The references root and the
        thresholds (--root, --config, .perfdoc.yaml) are found as for check.`;

/** Where a run takes its references root and thresholds from (--root, --config; unset: found from the PATHs). */
export interface RunOptions {
  root?: string;
  config?: string;
}

/** Analyzes the PATH arguments as `check` does; an error when the configuration cannot be used. */
export type AnalyzePaths = (
  paths: string[],
  given: RunOptions,
) => { checked: CheckedFile[]; ioFailure: boolean } | { error: string };

const jsonItem = (i: ChecklistItem) => ({ section: i.section, text: i.text, status: i.status, detail: i.detail });
const summary = (items: readonly ChecklistItem[]) => ({
  satisfied: countStatus(items, 'satisfied'),
  open: countStatus(items, 'open'),
  review: countStatus(items, 'review'),
});

interface Reviewed {
  workloads: { documents: { path: string; doc: DocumentAnalysis }[]; items: ChecklistItem[] }[];
  documents: { path: string; doc: DocumentAnalysis; items: ChecklistItem[] }[];
}

function reviewed(checked: CheckedFile[]): Reviewed {
  const files = checked.flatMap(c => (c.analysis ? [c.analysis] : []));
  // Paths as given on the command line (relative stays relative), as `check` prints them.
  const given = new Map(checked.flatMap(c => (c.analysis ? [[c.analysis.path, c.path] as const] : [])));
  const shown = (p: string) => given.get(p) ?? p;
  return {
    workloads: workloads(files).map(w => ({
      documents: w.documents.map(d => ({ path: shown(d.file.path), doc: d.doc })),
      items: workloadChecklist(w.documents.map(d => d.doc)),
    })),
    documents: files.flatMap(f =>
      f.documents.filter(d => d.kind).map(doc => ({ path: shown(f.path), doc, items: reviewChecklist(doc) })),
    ),
  };
}

function toJson(r: Reviewed): string {
  const doc = (path: string, d: DocumentAnalysis) => ({ path, kind: d.kind, name: d.name });
  return JSON.stringify(
    {
      version: 1,
      workloads: r.workloads.map(w => ({
        documents: w.documents.map(d => doc(d.path, d.doc)),
        summary: summary(w.items),
        items: w.items.map(jsonItem),
      })),
      documents: r.documents.map(d => ({ ...doc(d.path, d.doc), items: d.items.map(jsonItem) })),
    },
    null,
    2,
  );
}

function toText(r: Reviewed): string {
  const out: string[] = [];
  for (const [n, w] of r.workloads.entries()) {
    out.push(`workload ${n + 1}:`);
    for (const d of w.documents) out.push(`  ${documentLabel(d.doc, d.path)}`);
    for (const section of Object.keys(CHECKLIST_SECTIONS) as ChecklistSection[]) {
      out.push(`  §${section} ${CHECKLIST_SECTIONS[section]}`);
      for (const i of w.items.filter(x => x.section === section))
        out.push(`    ${STATUS_MARK[i.status]} ${i.text} — ${i.detail}`);
    }
    const s = summary(w.items);
    out.push(`  ${s.satisfied} of ${w.items.length} satisfied, ${s.open} open, ${s.review} to confirm by hand`, '');
  }
  if (!r.workloads.length) out.push('no perfdoc documents');
  return out.join('\n');
}

export function review(
  args: string[],
  write: (s: string) => void,
  writeErr: (s: string) => void,
  analyze: AnalyzePaths,
): number {
  let values: RunOptions & { format?: string; help?: boolean }, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        root: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    writeErr(`perfdoc: ${(e as Error).message}\nusage:${REVIEW_USAGE.slice(6)}\n`);
    return 2;
  }
  if (values.help) {
    write(`usage:${REVIEW_USAGE.slice(6)}\n\n${REVIEW_HELP}\n`);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'markdown'].includes(format)) {
    writeErr(`perfdoc: unknown format "${format}" (text, json or markdown)\n`);
    return 2;
  }
  if (!positionals.length) {
    writeErr(`perfdoc: no PATH given\nusage:${REVIEW_USAGE.slice(6)}\n`);
    return 2;
  }
  const analysed = analyze(positionals, values);
  if ('error' in analysed) {
    writeErr(`perfdoc: ${analysed.error}\n`);
    return 2;
  }
  const { checked, ioFailure } = analysed;
  const r = reviewed(checked);
  if (format === 'json') write(toJson(r) + '\n');
  else if (format === 'markdown') {
    const given = new Map(checked.flatMap(c => (c.analysis ? [[c.analysis.path, c.path] as const] : [])));
    write(
      checklistReport(
        checked.flatMap(c => (c.analysis ? [c.analysis] : [])),
        p => given.get(p) ?? p,
      ) + '\n',
    );
  } else write(toText(r) + '\n');
  for (const e of checked) if (e.error) writeErr(`perfdoc: ${e.path}: ${e.error}\n`);
  if (ioFailure) return 2;
  return r.workloads.some(w => w.items.some(i => i.status === 'open')) ? 1 : 0;
}
