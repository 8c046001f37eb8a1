// `perfdoc compare RESULTS --plan PLAN [--test NAME] [--format text|json|markdown] [--root DIR]`
// (spec §14): a load-test results file judged against one test of a plan, the gate after a
// run. The verdicts are the core's (results/judge.ts), the same LT009/LT010 the editor shows.
// Exit status: 0 every criterion met, 1 a criterion fails (an LT009 error), 2 usage or I/O.
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { designFigures, judgedTest, measuredMetrics } from '../core/loadTestPlan';
import { parseResults } from '../core/results/parse';
import { ResultVerdict, judgeResults } from '../core/results/judge';
import { MeasuredResults } from '../core/results/types';
import { formatMs, formatNumber, formatPercent } from '../core/units';
import { FileSystem } from '../files/fileSystem';
import { PickedTest, pickTest } from './planTest';

export const COMPARE_USAGE = `usage: perfdoc compare RESULTS --plan PLAN [--test NAME] [--format text|json|markdown] [--root DIR]

compare  Judges a load-test results file (k6 --summary-export / handleSummary JSON, k6
         machine-readable summary, Artillery --output JSON, Locust _stats.csv, JMeter JTL
         CSV; detected by content) against one test of a LoadTestPlan: its criteria (LT009)
         and the referenced budget and capacity model (LT010). --test picks the test by name
         (default: the plan's only test). Exit status: 0 passed, 1 a criterion failed, 2 usage or I/O.`;

interface Io {
  write: (s: string) => void;
  writeErr: (s: string) => void;
  fileSystem: FileSystem;
}

export function compareCommand(args: string[], { write, writeErr, fileSystem }: Io): number {
  let values: { plan?: string; test?: string; format?: string; root?: string; help?: boolean }, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        plan: { type: 'string', short: 'p' },
        test: { type: 'string', short: 't' },
        format: { type: 'string', short: 'f', default: 'text' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    writeErr(`perfdoc: ${(e as Error).message}\n${COMPARE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    write(COMPARE_USAGE + '\n');
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'markdown'].includes(format)) {
    writeErr(`perfdoc: unknown format "${format}" (text, json or markdown)\n`);
    return 2;
  }
  if (positionals.length !== 1 || !values.plan) {
    writeErr(`perfdoc: compare needs one RESULTS file and --plan PLAN\n${COMPARE_USAGE}\n`);
    return 2;
  }
  const [resultsPath] = positionals;
  const picked = pickTest(values.plan, values.test, values.root ?? '.', fileSystem);
  if ('error' in picked) {
    writeErr(`perfdoc: ${picked.error}\n`);
    return 2;
  }
  const text = fileSystem.readText(resultsPath);
  if ('error' in text) {
    writeErr(`perfdoc: ${resultsPath}: ${text.error}\n`);
    return 2;
  }
  const parsed = parseResults(text.text);
  if (!parsed.ok) {
    writeErr(`perfdoc: ${resultsPath}: ${parsed.error}\n`);
    return 2;
  }
  const verdicts = judgeResults(
    judgedTest(picked.test),
    parsed.results,
    designFigures(picked.plan.references),
    resultsPath,
  );
  const failed = verdicts.some(v => v.status === 'fail' && v.severity === 'error');
  const report = { resultsPath, planPath: values.plan, picked, results: parsed.results, verdicts, passed: !failed };
  write(format === 'json' ? toJson(report) : format === 'markdown' ? toMarkdown(report) : toText(report));
  return failed ? 1 : 0;
}

interface Report {
  resultsPath: string;
  planPath: string;
  picked: PickedTest;
  results: MeasuredResults;
  verdicts: ResultVerdict[];
  passed: boolean;
}

const show = (criterion: string, v: number) =>
  criterion.startsWith('errorRate')
    ? formatPercent(v, 2)
    : criterion === 'rps'
      ? `${formatNumber(v)} rps`
      : formatMs(v);
const STATUS = { pass: 'pass', fail: 'FAIL', 'not-measured': 'n/a' } as const;
const headline = (r: Report) =>
  `${r.passed ? 'PASSED' : 'FAILED'}: ${r.results.title} ${r.resultsPath} against test "${r.picked.test.name}" (${r.picked.test.type}) of ${r.planPath}`;
const line = (r: Report, v: ResultVerdict) =>
  v.at ? `${nodePath.basename(r.planPath)}:${r.picked.lineOf(v.at.start)}` : '';
const resourceNote = (r: Report) =>
  r.picked.test.resources.length
    ? `not measured by the load tool (check them in monitoring): ${r.picked.test.resources.map(c => c.key).join(', ')}`
    : '';

function toText(r: Report): string {
  const out = [headline(r)];
  for (const v of r.verdicts)
    out.push(`  ${STATUS[v.status].padEnd(4)} ${v.code} ${v.message}${v.at ? ` [${line(r, v)}]` : ''}`);
  for (const t of r.results.thresholds)
    out.push(`  k6 threshold ${t.metric} ${t.expression}: ${t.failed ? 'failed' : 'passed'} (as k6 recorded it)`);
  for (const n of [...r.results.notes, resourceNote(r)].filter(Boolean)) out.push(`  note: ${n}`);
  return out.join('\n') + '\n';
}

function toJson(r: Report): string {
  return (
    JSON.stringify(
      {
        version: 1,
        results: r.resultsPath,
        plan: r.planPath,
        test: r.picked.test.name,
        type: r.picked.test.type,
        format: r.results.format,
        passed: r.passed,
        measured: measuredMetrics(r.results),
        checks: r.verdicts.map(v => ({
          code: v.code,
          status: v.status,
          severity: v.severity,
          criterion: v.criterion,
          ...(v.request !== undefined ? { request: v.request } : {}),
          measured: v.measured?.value ?? null,
          limit: v.limit,
          source: v.measured?.source ?? null,
          ...(v.at ? { line: r.picked.lineOf(v.at.start) } : {}),
          message: v.message,
        })),
        thresholds: r.results.thresholds,
        notResources: r.picked.test.resources.map(c => c.key),
        notes: r.results.notes,
      },
      null,
      2,
    ) + '\n'
  );
}

/** A pull-request comment: the verdict, one table row per check, the notes. */
function toMarkdown(r: Report): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = r.verdicts.map(
    v =>
      `| ${v.status === 'fail' ? (v.severity === 'error' ? '❌' : '⚠️') : v.status === 'pass' ? '✅' : '➖'} | ${v.code} | ${cell(v.request === undefined ? v.criterion : `${v.criterion} (${v.request})`)} | ${v.measured ? show(v.criterion, v.measured.value) : 'not measured'} | ${show(v.criterion, v.limit)} | ${cell(line(r, v))} |`,
  );
  return [
    `### perfdoc compare: ${r.passed ? '✅ passed' : '❌ failed'}`,
    '',
    cell(headline(r)),
    '',
    '| | rule | check | measured | limit / design | plan line |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...[...r.results.notes, resourceNote(r)].filter(Boolean).map(n => `- ${cell(n)}`),
    '',
  ].join('\n');
}
