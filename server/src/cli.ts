// `perfdoc check [--format text|json|sarif] [--root DIR] PATH...`
// Exit status: 0 no errors, 1 at least one error-severity diagnostic, 2 usage or I/O failure.
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile } from './core/analyze';
import { CheckedFile, toJson, toSarif, toText } from './cli/formats';
import { FileReferenceHost, collectFiles, readText } from './cli/workspaceFiles';

declare const PERFDOC_VERSION: string | undefined;
const VERSION = typeof PERFDOC_VERSION === 'string' ? PERFDOC_VERSION : '0.0.0-dev';

const USAGE = `usage: perfdoc check [--format text|json|sarif] [--root DIR] PATH...

Checks perfdoc documents (*.perf.yaml, YAML with apiVersion: perfdoc/v1, and
\`\`\`yaml / \`\`\`perfdoc fences in Markdown). Directories are walked, skipping
node_modules and .git. References (latencyFrom, budget, capacity) must stay inside
--root (default: the current directory).

Exit status: 0 no errors, 1 at least one error diagnostic, 2 usage or I/O failure.`;

export function main(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): number {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') { write(VERSION + '\n'); return 0; }
  if (command === '--help' || command === '-h' || command === 'help') { write(USAGE + '\n'); return 0; }
  if (command !== 'check') { writeErr(`perfdoc: ${command ? `unknown command "${command}"` : 'missing command'}\n${USAGE}\n`); return 2; }
  let values: { format?: string; root?: string; color?: boolean; help?: boolean }, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: {
      format: { type: 'string', short: 'f', default: 'text' }, root: { type: 'string' }, color: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (e) { writeErr(`perfdoc: ${(e as Error).message}\n${USAGE}\n`); return 2; }
  if (values.help) { write(USAGE + '\n'); return 0; }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) { writeErr(`perfdoc: unknown format "${format}" (text, json or sarif)\n`); return 2; }
  if (!positionals.length) { writeErr(`perfdoc: no PATH given\n${USAGE}\n`); return 2; }

  const host = new FileReferenceHost(nodePath.resolve(values.root ?? '.'));
  const { files, errors } = collectFiles(positionals);
  let ioFailure = errors.length > 0;
  const checked: CheckedFile[] = errors.map(e => ({ path: e.path, error: e.error }));
  for (const f of files) {
    const r = readText(f.path);
    if ('error' in r) { ioFailure ||= r.io; checked.push({ path: f.path, error: r.error }); continue; }
    const analysis = analyzeFile(nodePath.resolve(f.path), r.text, { references: host });
    // Files found by a walk that hold no perfdoc documents are someone else's YAML: not listed.
    if (f.explicit || analysis.documents.length) checked.push({ path: f.path, analysis });
  }
  if (format === 'json') write(toJson(checked) + '\n');
  else if (format === 'sarif') write(toSarif(checked, VERSION) + '\n');
  else write(toText(checked, values.color ?? !!process.stdout.isTTY) + '\n');
  for (const e of checked) if (e.error) writeErr(`perfdoc: ${e.path}: ${e.error}\n`);
  if (ioFailure) return 2;
  const hasError = checked.some(c => c.error || c.analysis?.documents.some(d => d.findings.some(x => x.severity === 'error')));
  return hasError ? 1 : 0;
}

if (require.main === module) {
  const code = main(process.argv.slice(2), s => process.stdout.write(s), s => process.stderr.write(s));
  process.exitCode = code;
}
