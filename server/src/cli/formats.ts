// The CLI's three outputs: JSON exactly as spec §7, SARIF 2.1.0 for code scanning, and text
// for a person at a terminal. All three read the same analysis and figures.
import { Diagnostic, Finding, Metrics } from '../core/types';
import { DocumentAnalysis, toDiagnostic } from '../core/analyze';
import { LineIndex } from '../core/lineIndex';
import { BaselineComparison, findingKey } from './baseline';
import { RULES } from '../core/ruleCatalog';
import { headline, keyFigures } from '../core/summary';
import type { CheckedFile } from '../report/report';

/** A finding as the reports list it: active, or suppressed with the directive's reason (§13). */
export type ReportedFinding = Finding & { suppressed?: string };

/** Every finding of a document in text order, the suppressed ones included. */
export function reportedFindings(d: DocumentAnalysis): ReportedFinding[] {
  if (!d.suppressed.length) return d.findings;
  return [...d.findings, ...d.suppressed].sort((a, b) => a.start - b.start || a.end - b.end);
}

export interface JsonDiagnostic extends Diagnostic {
  suppressed?: string;
  baseline?: 'new' | 'unchanged';
}
export interface JsonDocument {
  kind: string | null;
  name: string | null;
  metrics: Metrics;
  diagnostics: JsonDiagnostic[];
}
export interface JsonFile {
  path: string;
  error?: string;
  documents: JsonDocument[];
}
/** The `--format json` output (spec §7); also what `--baseline` reads back. */
export interface JsonReport {
  version: 1;
  files: JsonFile[];
}

export function jsonReport(files: CheckedFile[]): JsonReport {
  return {
    version: 1,
    files: files.map(f => ({
      path: f.path,
      ...(f.error ? { error: f.error } : {}),
      documents: (f.analysis?.documents ?? []).map(d => ({
        kind: d.kind,
        name: d.name,
        metrics: d.metrics,
        diagnostics: reportedFindings(d).map(x => jsonDiagnostic(f.analysis!.lines, x)),
      })),
    })),
  };
}

/** `new` or `unchanged` against a baseline; undefined without one, and for suppressed findings. */
function baselineState(c: BaselineComparison | undefined, key: string, x: { suppressed?: string }) {
  if (!c || x.suppressed !== undefined) return undefined;
  return c.newFindings.has(key) ? 'new' : 'unchanged';
}

/** Spec §7's object; with a baseline each finding says `"baseline": "new" | "unchanged"`, and fixed findings and changed figures follow. */
export function toJson(files: CheckedFile[], comparison?: BaselineComparison): string {
  const report = jsonReport(files);
  if (!comparison) return JSON.stringify(report, null, 2);
  report.files.forEach((f, fi) =>
    f.documents.forEach((d, di) =>
      d.diagnostics.forEach((x, xi) => {
        const state = baselineState(comparison, findingKey(fi, di, xi), x);
        if (state) x.baseline = state;
      }),
    ),
  );
  const { fixed, changedFigures } = comparison;
  return JSON.stringify({ ...report, baseline: { fixed, changedFigures } }, null, 2);
}

function jsonDiagnostic(lines: LineIndex, x: ReportedFinding): JsonDiagnostic {
  const d = toDiagnostic(lines, x);
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: d.range,
    ...(x.suppressed !== undefined ? { suppressed: x.suppressed } : {}),
  };
}

const COLORS = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  information: '\x1b[36m',
  hint: '\x1b[2m',
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
};

export function toText(files: CheckedFile[], color: boolean, comparison?: BaselineComparison): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  let suppressed = 0;
  files.forEach((f, fi) => {
    if (f.error) {
      out.push(`${f.path}: ${c('error', 'error')} ${f.error}${comparison?.newFileErrors.has(fi) ? ' (new)' : ''}`);
      counts.error++;
      return;
    }
    const a = f.analysis!;
    a.documents.forEach((d, di) => {
      suppressed += d.suppressed.length;
      reportedFindings(d).forEach((x, xi) => {
        if (x.suppressed !== undefined) return;
        const p = a.lines.positionAt(x.start);
        counts[x.severity]++;
        const mark = comparison?.newFindings.has(findingKey(fi, di, xi)) ? ` ${c('bold', '(new)')}` : '';
        out.push(
          `${f.path}:${p.line + 1}:${p.character + 1} ${c(x.severity, x.severity)} ${c('bold', x.code)} ${x.message}${mark}`,
        );
      });
    });
    for (const d of a.documents) {
      if (!d.kind) continue;
      const line = a.lines.positionAt(d.start).line + 1;
      out.push(c('dim', `  ${f.path}:${line} ${d.kind} "${d.name ?? ''}": ${headline(d) ?? ''}`));
      for (const k of keyFigures(d)) out.push(c('dim', `    ${k}`));
    }
  });
  if (comparison) {
    for (const x of comparison.fixed)
      out.push(`fixed: ${x.path}:${x.diagnostic.range.start.line + 1} ${x.diagnostic.code} ${x.diagnostic.message}`);
    for (const ch of comparison.changedFigures)
      out.push(`changed: ${ch.path} ${ch.document}: ${ch.figure} ${ch.before} → ${ch.after}`);
    out.push(
      `against the baseline: ${comparison.newFindings.size + comparison.newFileErrors.size} new (${comparison.newErrors} error(s)), ${comparison.fixed.length} fixed, ${comparison.changedFigures.length} figure(s) changed`,
    );
  }
  out.push(
    `${files.length} file${files.length === 1 ? '' : 's'}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information${suppressed ? `, ${suppressed} suppressed` : ''}`,
  );
  return out.join('\n');
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(files: CheckedFile[], version: string, comparison?: BaselineComparison): string {
  const results: unknown[] = [];
  // A file that cannot be read is a tool execution problem, not a finding of a rule.
  const notifications: unknown[] = [];
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  files.forEach((f, fi) => {
    const uri = f.path.split('\\').join('/').replace(/^\.\//, '');
    if (f.error) {
      notifications.push({
        level: 'error',
        message: { text: `${f.path}: ${f.error}` },
        locations: [{ physicalLocation: { artifactLocation: { uri } } }],
      });
      return;
    }
    f.analysis!.documents.forEach((d, di) => {
      reportedFindings(d).forEach((x, xi) => {
        const r = f.analysis!.lines.range(x.start, x.end);
        const state = baselineState(comparison, findingKey(fi, di, xi), x);
        results.push({
          ruleId: x.code,
          ruleIndex: index.get(x.code),
          level: SARIF_LEVEL[x.severity],
          message: { text: x.message },
          ...(x.suppressed !== undefined ? { suppressions: [{ kind: 'inSource', justification: x.suppressed }] } : {}),
          ...(state ? { baselineState: state } : {}),
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri },
                region: {
                  startLine: r.start.line + 1,
                  startColumn: r.start.character + 1,
                  endLine: r.end.line + 1,
                  endColumn: r.end.character + 1,
                },
              },
            },
          ],
        });
      });
    });
  });
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'perfdoc',
              version,
              informationUri: 'https://github.com/perfdoc/perfdoc',
              semanticVersion: version,
              rules: RULES.map(r => ({
                id: r.code,
                name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) =>
                  ch ? ch.toUpperCase() : '',
                ),
                shortDescription: { text: r.title },
                fullDescription: { text: r.why },
                help: {
                  text: `${r.why} (${r.section})`,
                  markdown: `**${r.code}: ${r.title}**\n\n${r.why} (${r.section})`,
                },
                defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              })),
            },
          },
          columnKind: 'utf16CodeUnits',
          invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
          results,
        },
      ],
    },
    null,
    2,
  );
}
