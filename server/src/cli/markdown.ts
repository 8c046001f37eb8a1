// `perfdoc check --format markdown` (FORMAT.md §14): a summary for a CI job page or a pull
// request comment. Headline figures per document first (what a reviewer reads), then the
// findings grouped by severity, and with a baseline what the change did: new and fixed
// findings, changed figures. Document text (names, messages quoting it) comes from the pull
// request's author, so every piece of it is escaped: it renders as text, never as markup,
// a link (bare URLs and @mentions included) or an image. Lists are capped so a job summary stays far below GitHub's 1 MiB.
import { Severity } from '../core/types';
import { headline } from '../core/summary';
import { reportedFindings } from './formats';
import type { CheckedFile } from '../report/report';
import { BaselineComparison, findingKey } from './baseline';

const SEVERITIES: { severity: Severity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'information', title: 'Information' },
  { severity: 'hint', title: 'Hints' },
];
/** Items shown per list; the rest is counted. */
export const MARKDOWN_LIST_LIMIT = 100;

/** Text from a document, escaped so Markdown and HTML render it literally, on one line. */
export function mdText(s: string): string {
  return (
    s
      .replace(/[\r\n]+/g, ' ')
      // Emphasis, code, links, images, HTML, tables, strikethrough, entities, headings, mentions.
      .replace(/[\\`*_[\]<>|~&!#@]/g, c => `\\${c}`)
      // GitHub links bare URLs (scheme:// and www.) on its own.
      .replace(/:\/\//g, '\\://')
      .replace(/\bwww\./gi, m => `${m.slice(0, 3)}\\.`)
      .trim()
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function toMarkdown(files: CheckedFile[], comparison?: BaselineComparison): string {
  const lines: string[] = ['## perfdoc check', ''];
  const bySeverity = new Map<Severity, string[]>(SEVERITIES.map(s => [s.severity, []]));
  const suppressed: string[] = [];
  const rows: string[] = [];
  let documents = 0;
  files.forEach((f, fi) => {
    if (f.error) {
      const mark = comparison?.newFileErrors.has(fi) ? '**new** ' : '';
      bySeverity.get('error')!.push(`- ${mark}${mdText(f.path)}: ${mdText(f.error)}`);
      return;
    }
    const a = f.analysis!;
    a.documents.forEach((d, di) => {
      documents++;
      const counts = new Map<Severity, number>();
      reportedFindings(d).forEach((x, xi) => {
        const p = a.lines.positionAt(x.start);
        const where = `${mdText(f.path)}:${p.line + 1}:${p.character + 1}`;
        if (x.suppressed !== undefined) {
          suppressed.push(`- ${where} **${x.code}** ${mdText(x.message)} — _${mdText(x.suppressed)}_`);
          return;
        }
        counts.set(x.severity, (counts.get(x.severity) ?? 0) + 1);
        const mark = comparison?.newFindings.has(findingKey(fi, di, xi)) ? '**new** ' : '';
        bySeverity.get(x.severity)!.push(`- ${mark}${where} **${x.code}** ${mdText(x.message)}`);
      });
      const line = a.lines.positionAt(d.start).line + 1;
      const found = SEVERITIES.filter(s => counts.get(s.severity)).map(s =>
        plural(counts.get(s.severity)!, s.severity),
      );
      const status = counts.get('error') ? '❌' : counts.get('warning') ? '⚠️' : '✅';
      rows.push(
        `| ${status} | ${mdText(f.path)}:${line} | ${mdText(d.kind ?? 'not perfdoc')} | ${mdText(d.name ?? '')} | ${mdText(headline(d) ?? '')} | ${found.join(', ') || 'none'} |`,
      );
    });
  });

  const count = (s: Severity) => bySeverity.get(s)!.length;
  const totals = [
    plural(count('error'), 'error'),
    plural(count('warning'), 'warning'),
    `${count('information')} information`,
  ];
  if (suppressed.length) totals.push(`${suppressed.length} suppressed`);
  lines.push(
    `${count('error') ? '❌' : '✅'} **${totals.join(' · ')}** in ${plural(files.length, 'file')}, ${plural(documents, 'document')}`,
  );
  if (comparison) {
    const newErrors = [...bySeverity.get('error')!].filter(l => l.startsWith('- **new**')).length;
    lines.push(
      '',
      `Against the baseline: **${comparison.newFindings.size + comparison.newFileErrors.size} new** (${plural(newErrors, 'error')}), ${comparison.fixed.length} fixed, ${plural(comparison.changedFigures.length, 'figure')} changed.`,
    );
  }
  if (rows.length)
    lines.push(
      '',
      '### Documents',
      '',
      '| | File | Kind | Name | Headline | Findings |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    );
  for (const { severity, title } of SEVERITIES) section(lines, title, bySeverity.get(severity)!);
  if (comparison) {
    section(
      lines,
      'Fixed since the baseline',
      comparison.fixed.map(
        x =>
          `- ${mdText(x.path)} ${mdText(x.document)} **${mdText(x.diagnostic.code)}** ${mdText(x.diagnostic.message)}`,
      ),
    );
    section(
      lines,
      'Changed figures',
      comparison.changedFigures.map(
        c => `- ${mdText(c.path)} ${mdText(c.document)}: ${mdText(c.figure)} ${mdText(c.before)} → ${mdText(c.after)}`,
      ),
    );
  }
  section(lines, 'Suppressed', suppressed);
  return lines.join('\n') + '\n';
}

function section(lines: string[], title: string, items: string[]): void {
  if (!items.length) return;
  lines.push('', `### ${title} (${items.length})`, '', ...items.slice(0, MARKDOWN_LIST_LIMIT));
  if (items.length > MARKDOWN_LIST_LIMIT)
    lines.push(
      `- … and ${items.length - MARKDOWN_LIST_LIMIT} more (the SARIF upload or \`perfdoc check\` lists them all)`,
    );
}
