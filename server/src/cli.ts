// `perfdoc check [--format text|json|sarif|markdown] [--config FILE] [--baseline FILE.json] [--root DIR] PATH...`
// `perfdoc report [--out FILE] [--config FILE] [--root DIR] PATH...`
// Exit status: 0 no errors, 1 at least one error-severity diagnostic, 2 usage or I/O failure.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile } from './core/analyze';
import { IncrementalParser } from './core/incremental';
import { jsonReport, toJson, toSarif, toText } from './cli/formats';
import type { CheckedFile } from './report/report';
import { FileReferenceHost, collectFiles } from './cli/workspaceFiles';
import { FileSystem } from './files/fileSystem';
import { ioMessage, nodeFileSystem } from './files/nodeFileSystem';
import { defaultReferenceRoot } from './cli/referenceRoot';
import { loadSettings } from './cli/workspaceConfig';
import { BaselineComparison, compareWithBaseline, readBaseline } from './cli/baseline';
import { toMarkdown } from './cli/markdown';
import { AnalysisSettings } from './core/types';
import type * as Report from './report/report';
import { COMPARE_USAGE, compareCommand } from './cli/compare';
import { EXPORT_USAGE, exportCommand } from './cli/export';
import { type AnalyzePaths, REVIEW_HELP, REVIEW_USAGE, type RunOptions, review } from './cli/review';

declare const PERFDOC_VERSION: string | undefined;
const VERSION = typeof PERFDOC_VERSION === 'string' ? PERFDOC_VERSION : '0.0.0-dev';

const USAGE = `usage: perfdoc check [--format text|json|sarif|markdown] [--config FILE] [--baseline FILE.json] [--root DIR] PATH...
       perfdoc report [--out FILE] [--config FILE] [--root DIR] PATH...
${REVIEW_USAGE}

check   Checks perfdoc documents (*.perf.yaml, YAML with apiVersion: perfdoc/v1, and
        \`\`\`yaml / \`\`\`perfdoc fences in Markdown).
report  Writes one self-contained HTML file (to FILE, or to standard output) with every
        document's charts, figures and findings, for a design review.
${REVIEW_HELP}

Directories are walked, skipping node_modules and .git. References (latencyFrom, budget,
capacity) must stay inside --root (default: the nearest folder above the PATHs holding .git
or .perfdoc.yaml, else their common parent). Thresholds come from --config FILE, else from
.perfdoc.yaml in that root. --baseline takes a previous --format json output and reports
new and fixed findings and changed figures; --format markdown is for a CI job summary.

Exit status: 0 no errors, 1 at least one error diagnostic (with --baseline: a new one),
2 usage or I/O failure (an unreadable or invalid configuration or baseline included).
The report is written even when documents have errors.

${COMPARE_USAGE}

${EXPORT_USAGE}`;

interface Options {
  format?: string;
  root?: string;
  config?: string;
  baseline?: string;
  color?: boolean;
  out?: string;
  help?: boolean;
}

/** Files above this many characters are parsed in pieces (see analyzePaths). */
const SPLIT_PARSE_MIN_CHARS = 64 * 1024;

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
  if (command === 'review') return review(rest, write, writeErr, reviewAnalysis);
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
              config: { type: 'string' },
              baseline: { type: 'string' },
              color: { type: 'boolean' },
              help: { type: 'boolean', short: 'h' },
            }
          : {
              out: { type: 'string', short: 'o' },
              root: { type: 'string' },
              config: { type: 'string' },
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
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) {
    writeErr(`perfdoc: unknown format "${format}" (text, json, sarif or markdown)\n`);
    return 2;
  }
  if (!positionals.length) {
    writeErr(`perfdoc: no PATH given\n${USAGE}\n`);
    return 2;
  }

  const run = runSettings(positionals, values);
  const baseline = values.baseline === undefined ? undefined : readBaseline(values.baseline, nodeFileSystem);
  for (const failed of [run, baseline ?? {}])
    if ('error' in failed) {
      writeErr(`perfdoc: ${failed.error}\n`);
      return 2;
    }
  const { root, settings } = run as RunSettings;
  const { checked, ioFailure } = analyzePaths(positionals, root, settings, nodeFileSystem);
  const comparison: BaselineComparison | undefined =
    baseline && 'baseline' in baseline ? compareWithBaseline(jsonReport(checked), baseline.baseline) : undefined;
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
  } else if (format === 'json') write(toJson(checked, comparison) + '\n');
  else if (format === 'sarif') write(toSarif(checked, VERSION, comparison) + '\n');
  else if (format === 'markdown') write(toMarkdown(checked, comparison));
  else write(toText(checked, values.color ?? !!process.stdout.isTTY, comparison) + '\n');
  for (const e of checked) if (e.error) writeErr(`perfdoc: ${e.path}: ${e.error}\n`);
  if (ioFailure) return 2;
  if (comparison) return comparison.newErrors ? 1 : 0;
  const hasError = checked.some(
    c => c.error || c.analysis?.documents.some(d => d.findings.some(x => x.severity === 'error')),
  );
  return hasError ? 1 : 0;
}

interface RunSettings {
  root: string;
  settings: AnalysisSettings;
}

/**
 * The references root and the thresholds of a run, the same for check, report and review:
 * --root, else the one found from the PATHs; --config, else that root's .perfdoc.yaml.
 */
function runSettings(paths: string[], given: RunOptions): RunSettings | { error: string } {
  const root = given.root ?? defaultReferenceRoot(paths, nodeFileSystem);
  const loaded = loadSettings(given.config, root, nodeFileSystem);
  return 'error' in loaded ? loaded : { root, settings: loaded.settings };
}

/** `review` analyses the PATHs as `check` does. */
const reviewAnalysis: AnalyzePaths = (paths, given) => {
  const run = runSettings(paths, given);
  return 'error' in run ? run : analyzePaths(paths, run.root, run.settings, nodeFileSystem);
};

/** Walks and analyzes the PATH arguments; `ioFailure` when a path or file could not be read. */
function analyzePaths(
  paths: string[],
  root: string,
  settings: AnalysisSettings,
  fileSystem: FileSystem,
): { checked: CheckedFile[]; ioFailure: boolean } {
  const host = new FileReferenceHost(nodePath.resolve(root), fileSystem, { settings });
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
    // A large file is cut into pieces as in the editor: the same result as one parse
    // (property-tested), and 10,000 segments parse in 455-515 ms as pieces against 660-720 ms
    // whole. A small one is parsed whole: one parser run instead of one per list item, cold in a
    // one-shot process (a 10-segment budget: 21-32 ms whole, 29-46 ms in pieces, first call).
    const absolute = nodePath.resolve(f.path);
    const pieces = r.text.length > SPLIT_PARSE_MIN_CHARS ? new IncrementalParser() : undefined;
    const analysis = analyzeFile(absolute, r.text, { settings, references: host }, pieces);
    // Files found by a walk that hold no perfdoc documents are someone else's YAML: not listed.
    if (f.explicit || analysis.documents.length) checked.push({ path: f.path, analysis });
  }
  return { checked, ioFailure };
}

/** The command line as a process runs it: `main` on the process's arguments and streams. */
export function runCli(argv: string[]): void {
  // `perfdoc check --format json | head` closes the pipe early: that reader has what it wanted,
  // so the CLI ends quietly with its own exit code instead of an unhandled EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.exitCode = main(
    argv,
    s => process.stdout.write(s),
    s => process.stderr.write(s),
  );
}

// Run directly (node dist/cli.js); the installed `perfdoc` is dist/perfdoc.js (cliLauncher.ts).
if (require.main === module) runCli(process.argv.slice(2));
