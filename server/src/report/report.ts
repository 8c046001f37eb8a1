// `perfdoc report`: one self-contained HTML file for a design review. Inline SVG and one
// stylesheet, no script and nothing fetched (its Content-Security-Policy forbids both), so it
// can be attached to a review, mailed or archived and still open the same way years later.
import type { FileAnalysis } from '../core/analyze';
import { headline } from '../core/summary';
import type { Severity } from '../core/types';
import { documentSection } from '../charts/html';
import { esc, tag } from '../charts/svg';
import { CHART_CSS } from '../charts/style';
import { CHECKLIST_CSS, checklistSection } from './checklist';

/** A file the CLI checked: its analysis, or why it could not be read. */
export interface CheckedFile {
  path: string;
  analysis?: FileAnalysis;
  error?: string;
}

export interface ReportMeta {
  version: string;
  generatedAt: Date;
}

const COUNTED: Severity[] = ['error', 'warning', 'information'];

function counts(f: CheckedFile): Record<Severity, number> {
  const c: Record<Severity, number> = { error: f.error ? 1 : 0, warning: 0, information: 0, hint: 0 };
  for (const d of f.analysis?.documents ?? []) for (const x of d.findings) c[x.severity]++;
  return c;
}

function summaryTable(files: CheckedFile[]): string {
  const head = tag(
    'tr',
    {},
    ['file', 'documents', 'errors', 'warnings', 'information'].map(h => tag('th', {}, h)).join(''),
  );
  const rows = files
    .map((f, i) => {
      const c = counts(f);
      const docs = (f.analysis?.documents ?? []).filter(d => d.kind);
      const listed = f.error
        ? tag('span', { class: 'pd-file-error' }, esc(f.error))
        : docs
            .map(
              (d, j) =>
                tag(
                  'a',
                  { href: `#doc-${i}-${f.analysis!.documents.indexOf(d)}` },
                  esc(`${d.kind} ${d.name ?? ''}`.trim()),
                ) +
                (headline(d) ? ` · ${esc(headline(d)!)}` : '') +
                (j < docs.length - 1 ? '<br>' : ''),
            )
            .join('') || 'no perfdoc documents';
      return tag(
        'tr',
        {},
        tag('td', {}, tag('a', { href: `#file-${i}` }, tag('code', {}, esc(f.path)))) +
          tag('td', {}, listed) +
          COUNTED.map(s => tag('td', { class: c[s] ? `pd-count-${s}` : undefined }, String(c[s]))).join(''),
      );
    })
    .join('');
  return tag('table', { class: 'pd-summary' }, tag('thead', {}, head) + tag('tbody', {}, rows));
}

function fileArticle(f: CheckedFile, index: number): string {
  const body = f.error
    ? tag('p', { class: 'pd-file-error' }, esc(`could not be analyzed: ${f.error}`))
    : f.analysis!.documents.map((d, j) => documentSection(f.analysis!, d, `doc-${index}-${j}`).html).join('') ||
      tag('p', { class: 'pd-muted-text' }, 'No perfdoc documents in this file.');
  return tag('article', { id: `file-${index}` }, tag('h1', {}, tag('code', {}, esc(f.path))) + body);
}

export function renderReport(files: CheckedFile[], meta: ReportMeta): string {
  const total = files.reduce(
    (sum, f) => {
      const c = counts(f);
      COUNTED.forEach(s => {
        sum[s] += c[s];
      });
      return sum;
    },
    { error: 0, warning: 0, information: 0 } as Record<string, number>,
  );
  const documents = files.reduce((n, f) => n + (f.analysis?.documents.filter(d => d.kind).length ?? 0), 0);
  return (
    '<!DOCTYPE html>\n' +
    tag(
      'html',
      { lang: 'en' },
      tag(
        'head',
        {},
        '<meta charset="utf-8">' +
          `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
          '<meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<meta name="generator" content="perfdoc">' +
          tag('title', {}, 'perfdoc report') +
          tag('style', {}, CHART_CSS + CHECKLIST_CSS),
      ) +
        tag(
          'body',
          {},
          tag(
            'header',
            {},
            tag('h1', {}, 'perfdoc report: budgets, capacity and load tests') +
              tag(
                'p',
                { class: 'pd-muted-text' },
                esc(
                  `${files.length} file${files.length === 1 ? '' : 's'}, ${documents} document${documents === 1 ? '' : 's'}: ` +
                    `${total.error} error(s), ${total.warning} warning(s), ${total.information} information · perfdoc ${meta.version} · generated ${meta.generatedAt.toISOString()}`,
                ),
              ) +
              summaryTable(files),
          ) +
            checklistSection(files) +
            files.map(fileArticle).join(''),
        ),
    ) +
    '\n'
  );
}
