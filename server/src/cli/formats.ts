// The CLI's three outputs: JSON exactly as spec §7, SARIF 2.1.0 for code scanning, and text
// for a person at a terminal. All three read the same analysis and figures.
import { Diagnostic } from '../core/types';
import { toDiagnostic } from '../core/analyze';
import { RULES } from '../core/ruleCatalog';
import { headline, keyFigures } from '../core/summary';
import type { CheckedFile } from '../report/report';

export function toJson(files: CheckedFile[]): string {
  return JSON.stringify(
    {
      version: 1,
      files: files.map(f => ({
        path: f.path,
        ...(f.error ? { error: f.error } : {}),
        documents: (f.analysis?.documents ?? []).map(d => ({
          kind: d.kind,
          name: d.name,
          metrics: d.metrics,
          diagnostics: d.findings.map(x => jsonDiagnostic(toDiagnostic(f.analysis!.lines, x))),
        })),
      })),
    },
    null,
    2,
  );
}

function jsonDiagnostic(d: Diagnostic): Diagnostic {
  return { code: d.code, severity: d.severity, message: d.message, range: d.range };
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

export function toText(files: CheckedFile[], color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) {
    if (f.error) {
      out.push(`${f.path}: ${c('error', 'error')} ${f.error}`);
      counts.error++;
      continue;
    }
    const a = f.analysis!;
    for (const d of a.documents) {
      for (const x of d.findings) {
        const p = a.lines.positionAt(x.start);
        counts[x.severity]++;
        out.push(
          `${f.path}:${p.line + 1}:${p.character + 1} ${c(x.severity, x.severity)} ${c('bold', x.code)} ${x.message}`,
        );
      }
    }
    for (const d of a.documents) {
      if (!d.kind) continue;
      const line = a.lines.positionAt(d.start).line + 1;
      out.push(c('dim', `  ${f.path}:${line} ${d.kind} "${d.name ?? ''}": ${headline(d) ?? ''}`));
      for (const k of keyFigures(d)) out.push(c('dim', `    ${k}`));
    }
  }
  out.push(
    `${files.length} file${files.length === 1 ? '' : 's'}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information`,
  );
  return out.join('\n');
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(files: CheckedFile[], version: string): string {
  const results: unknown[] = [];
  // A file that cannot be read is a tool execution problem, not a finding of a rule.
  const notifications: unknown[] = [];
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  for (const f of files) {
    const uri = f.path.split('\\').join('/').replace(/^\.\//, '');
    if (f.error) {
      notifications.push({
        level: 'error',
        message: { text: `${f.path}: ${f.error}` },
        locations: [{ physicalLocation: { artifactLocation: { uri } } }],
      });
      continue;
    }
    for (const d of f.analysis!.documents) {
      for (const x of d.findings) {
        const r = f.analysis!.lines.range(x.start, x.end);
        results.push({
          ruleId: x.code,
          ruleIndex: index.get(x.code),
          level: SARIF_LEVEL[x.severity],
          message: { text: x.message },
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
      }
    }
  }
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
