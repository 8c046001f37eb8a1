// `--baseline FILE.json` (FORMAT.md §14): a previous `--format json` output against which a
// run reports new and fixed findings and changed figures, so a pull request is judged by what
// it changes: with a baseline the exit status counts only new errors.
//
// Findings carry no identity across edits (lines move, figures in messages change), so they
// are paired in passes from the strictest to the loosest, each finding used once: same code,
// message and line; same code and message (the lines moved); same code and message with the
// numbers left out (a figure changed, e.g. "470 connections" → "490 connections"); same code
// on the same line. Documents pair by path, kind and name. Suppressed findings are neither new
// nor fixed: they are decisions already recorded in the source.
import { JsonDiagnostic, JsonDocument, JsonReport } from './formats';
import { Metric, Metrics } from '../core/types';
import { FileSystem } from '../files/fileSystem';

export interface FixedFinding {
  path: string;
  document: string;
  diagnostic: JsonDiagnostic;
}
export interface ChangedFigure {
  path: string;
  document: string;
  figure: string;
  before: string;
  after: string;
}
export interface BaselineComparison {
  /** `fileIndex/documentIndex/diagnosticIndex` of the current report's new findings. */
  newFindings: Set<string>;
  /** Indexes of current files whose read error the baseline did not have. */
  newFileErrors: Set<number>;
  /** New error findings and new read errors: what the exit status counts with a baseline. */
  newErrors: number;
  fixed: FixedFinding[];
  changedFigures: ChangedFigure[];
}

export const findingKey = (file: number, doc: number, diagnostic: number) => `${file}/${doc}/${diagnostic}`;

/** Reads and checks a baseline file; anything but a perfdoc JSON report is an error for the user. */
export function readBaseline(path: string, fileSystem: FileSystem): { baseline: JsonReport } | { error: string } {
  const r = fileSystem.readText(path);
  if ('error' in r) return { error: `cannot read the baseline ${path}: ${r.error}` };
  let data: unknown;
  try {
    data = JSON.parse(r.text);
  } catch (e) {
    return {
      error: `the baseline ${path} is not JSON (${(e as Error).message}): use a \`perfdoc check --format json\` output`,
    };
  }
  const problem = reportProblem(data);
  return problem
    ? { error: `the baseline ${path} is not a \`perfdoc check --format json\` output: ${problem}` }
    : { baseline: data as JsonReport };
}

function reportProblem(data: unknown): string | null {
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(data) || data.version !== 1 || !Array.isArray(data.files))
    return 'expected { "version": 1, "files": [...] }';
  for (const [i, f] of data.files.entries()) {
    if (!isObject(f) || typeof f.path !== 'string' || !Array.isArray(f.documents))
      return `files[${i}] has no path or documents`;
    for (const [j, d] of f.documents.entries()) {
      if (!isObject(d) || !Array.isArray(d.diagnostics) || (d.metrics !== undefined && !isObject(d.metrics)))
        return `files[${i}].documents[${j}] has no diagnostics`;
      for (const [k, x] of d.diagnostics.entries()) {
        const range = isObject(x) && isObject(x.range) && isObject(x.range.start) ? x.range.start : null;
        if (
          !isObject(x) ||
          typeof x.code !== 'string' ||
          typeof x.message !== 'string' ||
          !range ||
          typeof range.line !== 'number'
        )
          return `files[${i}].documents[${j}].diagnostics[${k}] is not a diagnostic`;
      }
    }
  }
  return null;
}

const normalPath = (p: string) =>
  p
    .split('\\')
    .join('/')
    .replace(/^(\.\/)+/, '');
const documentLabel = (d: JsonDocument) => (d.kind ? `${d.kind} "${d.name ?? ''}"` : 'not a perfdoc document');

export function compareWithBaseline(current: JsonReport, baseline: JsonReport): BaselineComparison {
  const out: BaselineComparison = {
    newFindings: new Set(),
    newFileErrors: new Set(),
    newErrors: 0,
    fixed: [],
    changedFigures: [],
  };
  const before = new Map(baseline.files.map(f => [normalPath(f.path), f]));
  const seen = new Set<string>();
  current.files.forEach((file, fi) => {
    const path = normalPath(file.path);
    seen.add(path);
    const old = before.get(path);
    if (file.error && !old?.error) {
      out.newFileErrors.add(fi);
      out.newErrors++;
    }
    const unpaired = [...(old?.documents ?? [])];
    file.documents.forEach((doc, di) => {
      const i = pairDocument(unpaired, doc, di, old?.documents ?? []);
      const prior = i < 0 ? undefined : unpaired.splice(i, 1)[0];
      const { added, removed } = pairFindings(doc.diagnostics, prior?.diagnostics ?? []);
      for (const x of added) {
        out.newFindings.add(findingKey(fi, di, x));
        if (doc.diagnostics[x].severity === 'error') out.newErrors++;
      }
      for (const x of removed) out.fixed.push({ path: file.path, document: documentLabel(doc), diagnostic: x });
      if (prior) out.changedFigures.push(...changedFigures(file.path, doc, prior));
    });
    for (const gone of unpaired)
      out.fixed.push(
        ...active(gone.diagnostics).map(x => ({ path: file.path, document: documentLabel(gone), diagnostic: x })),
      );
  });
  for (const [path, file] of before)
    if (!seen.has(path))
      for (const d of file.documents)
        out.fixed.push(
          ...active(d.diagnostics).map(x => ({ path: file.path, document: documentLabel(d), diagnostic: x })),
        );
  return out;
}

const active = (ds: JsonDiagnostic[]) => ds.filter(d => d.suppressed === undefined);

/** The baseline document `doc` continues: same kind and name, else the same kind at the same index. */
function pairDocument(unpaired: JsonDocument[], doc: JsonDocument, index: number, all: JsonDocument[]): number {
  const byName = unpaired.findIndex(d => d.kind === doc.kind && d.name === doc.name);
  if (byName >= 0) return byName;
  return unpaired.findIndex(d => d === all[index] && d.kind === doc.kind);
}

const withoutNumbers = (m: string) => m.replace(/[0-9][0-9,.]*/g, '#');
const PASSES: ((x: JsonDiagnostic) => string)[] = [
  x => `${x.code}\n${x.message}\n${x.range.start.line}`,
  x => `${x.code}\n${x.message}`,
  x => `${x.code}\n${withoutNumbers(x.message)}`,
  x => `${x.code}\n${x.range.start.line}`,
];

/** Indexes of the current diagnostics with no partner in the baseline, and the baseline's without one in the current. */
function pairFindings(now: JsonDiagnostic[], then: JsonDiagnostic[]): { added: number[]; removed: JsonDiagnostic[] } {
  let added = now.flatMap((x, i) => (x.suppressed === undefined ? [i] : []));
  let removed = active(then);
  for (const key of PASSES) {
    const pool = new Map<string, JsonDiagnostic[]>();
    for (const x of removed) pool.set(key(x), [...(pool.get(key(x)) ?? []), x]);
    const used = new Set<JsonDiagnostic>();
    added = added.filter(i => {
      const match = pool.get(key(now[i]))?.find(x => !used.has(x));
      if (match) used.add(match);
      return !match;
    });
    removed = removed.filter(x => !used.has(x));
  }
  return { added, removed };
}

/** Figures whose value differs, by dotted path: `totalMs`, `tiers.api.unitsNeeded`, `fanout[Search].calls`. */
function changedFigures(path: string, now: JsonDocument, then: JsonDocument): ChangedFigure[] {
  const a = flatten(then.metrics ?? {}),
    b = flatten(now.metrics ?? {});
  const out: ChangedFigure[] = [];
  for (const figure of new Set([...a.keys(), ...b.keys()])) {
    const before = a.get(figure) ?? '—',
      after = b.get(figure) ?? '—';
    if (before !== after) out.push({ path, document: documentLabel(now), figure, before, after });
  }
  return out;
}

function flatten(metrics: Metrics): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: Metric | undefined, at: string) => {
    if (Array.isArray(v)) {
      if (v.every(x => x === null || typeof x !== 'object')) out.set(at, v.map(String).join(', ') || '(none)');
      else v.forEach((x, i) => walk(x, `${at}[${named(x) ?? i}]`));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) if (k !== 'name' || !at.endsWith(']')) walk(x, at ? `${at}.${k}` : k);
    } else if (v !== undefined) out.set(at, String(v));
  };
  walk(metrics, '');
  return out;
}

const named = (x: Metric): string | undefined =>
  x && typeof x === 'object' && !Array.isArray(x) && typeof x.name === 'string' ? x.name : undefined;
