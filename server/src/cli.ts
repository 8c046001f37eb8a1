// `perfdoc check [--format text|json|sarif] [--root DIR] PATH...`
// `perfdoc report [--out FILE] [--root DIR] PATH...`
// Exit status: 0 no errors, 1 at least one error-severity diagnostic, 2 usage or I/O failure.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile } from './core/analyze';
import { IncrementalParser } from './core/incremental';
import { toJson, toSarif, toText } from './cli/formats';
import { FileReferenceHost, collectFiles } from './cli/workspaceFiles';
import { FileSystem } from './files/fileSystem';
import { ioMessage, nodeFileSystem } from './files/nodeFileSystem';
import type { CheckedFile } from './report/report';
import type * as Report from './report/report';
import { COMPARE_USAGE, compareCommand } from './cli/compare';
import { EXPORT_USAGE, exportCommand } from './cli/export';
import { REVIEW_HELP, REVIEW_USAGE, review } from './cli/review';

declare const PERFDOC_VERSION: string | undefined;
const VERSION = typeof PERFDOC_VERSION === 'string' ? PERFDOC_VERSION : '0.0.0-dev';

const USAGE = `usage: perfdoc check [--format text|json|sarif] [--root DIR] PATH...
       perfdoc report [--out FILE] [--root DIR] PATH...
${REVIEW_USAGE}

check   Checks perfdoc documents (*.perf.yaml, YAML with apiVersion: perfdoc/v1, and
        \`\`\`yaml / \`\`\`perfdoc fences in Markdown).
report  Writes one self-contained HTML file (to FILE, or to standard output) with every
        document's charts, figures and findings, for a design review.
${REVIEW_HELP}

Directories are walked, skipping node_modules and .git. References (latencyFrom, budget,
capacity) must stay inside --root (default: the current directory).

Exit status: 0 no errors, 1 at least one error diagnostic, 2 usage or I/O failure.
The report is written even when documents have errors.

${COMPARE_USAGE}

${EXPORT_USAGE}`;

interface Options {
  format?: string;
  root?: string;
  color?: boolean;
  out?: string;
  help?: boolean;
}

export function main(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): number {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    write(VERSION + '\n');
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    write(USAGE + '\n');
    return 0;
  }
  if (command === 'compare') return compareCommand(rest, { write, writeErr, fileSystem: nodeFileSystem });
  if (command === 'export') return exportCommand(rest, { write, writeErr, fileSystem: nodeFileSystem });
  if (command === 'review') return review(rest, write, writeErr, (p, root) => analyzePaths(p, root, nodeFileSystem));
  if (command !== 'check' && command !== 'report') {
    writeErr(`perfdoc: ${command ? `unknown command "${command}"` : 'missing command'}\n${USAGE}\n`);
    return 2;
  }
  let values: Options, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options:
        command === 'check'
          ? {
              format: { type: 'string', short: 'f', default: 'text' },
              root: { type: 'string' },
              color: { type: 'boolean' },
              help: { type: 'boolean', short: 'h' },
            }
          : {
              out: { type: 'string', short: 'o' },
              root: { type: 'string' },
              help: { type: 'boolean', short: 'h' },
            },
    }));
  } catch (e) {
    writeErr(`perfdoc: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    write(USAGE + '\n');
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    writeErr(`perfdoc: unknown format "${format}" (text, json or sarif)\n`);
    return 2;
  }
  if (!positionals.length) {
    writeErr(`perfdoc: no PATH given\n${USAGE}\n`);
    return 2;
  }

  const { checked, ioFailure } = analyzePaths(positionals, values.root ?? '.', nodeFileSystem);
  if (command === 'report') {
    // Loaded by this command only (a bundle of its own, dist/report.js): `check` in a
    // pre-commit hook does not read the chart and report code.
    const { renderReport } = require('./report/report') as typeof Report;
    const html = renderReport(checked, { version: VERSION, generatedAt: new Date() });
    if (values.out === undefined) write(html);
    else {
      try {
        fs.writeFileSync(values.out, html);
      } catch (e) {
        writeErr(`perfdoc: cannot write ${values.out}: ${ioMessage(e)}\n`);
        return 2;
      }
      writeErr(`perfdoc: wrote ${values.out}\n`);
    }
  } else if (format === 'json') write(toJson(checked) + '\n');
  else if (format === 'sarif') write(toSarif(checked, VERSION) + '\n');
  else write(toText(checked, values.color ?? !!process.stdout.isTTY) + '\n');
  for (const e of checked) if (e.error) writeErr(`perfdoc: ${e.path}: ${e.error}\n`);
  if (ioFailure) return 2;
  const hasError = checked.some(
    c => c.error || c.analysis?.documents.some(d => d.findings.some(x => x.severity === 'error')),
  );
  return hasError ? 1 : 0;
}

/** Walks and analyzes the PATH arguments; `ioFailure` when a path or file could not be read. */
function analyzePaths(
  paths: string[],
  root: string,
  fileSystem: FileSystem,
): { checked: CheckedFile[]; ioFailure: boolean } {
  const host = new FileReferenceHost(nodePath.resolve(root), fileSystem);
  let ioFailure = false;
  const checked: CheckedFile[] = [];
  for (const f of collectFiles(paths, fileSystem)) {
    if ('error' in f) {
      ioFailure = true;
      checked.push(f);
      continue;
    }
    // The files given are the user's to check, wherever they are; what they reference stays under --root.
    const r = fileSystem.readText(f.path);
    if ('error' in r) {
      ioFailure ||= r.io;
      checked.push({ path: f.path, error: r.error });
      continue;
    }
    // Cut into pieces as in the editor: the same result as one parse (property-tested), and
    // 10,000 segments parse in 455-515 ms as pieces against 660-720 ms whole.
    const absolute = nodePath.resolve(f.path);
    const analysis = analyzeFile(absolute, r.text, { references: host }, new IncrementalParser());
    // Files found by a walk that hold no perfdoc documents are someone else's YAML: not listed.
    if (f.explicit || analysis.documents.length) checked.push({ path: f.path, analysis });
  }
  return { checked, ioFailure };
}

if (require.main === module) {
  // `perfdoc check --format json | head` closes the pipe early: that reader has what it wanted,
  // so the CLI ends quietly with its own exit code instead of an unhandled EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  const code = main(
    process.argv.slice(2),
    s => process.stdout.write(s),
    s => process.stderr.write(s),
  );
  process.exitCode = code;
}
