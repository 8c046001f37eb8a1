// A run's measured figures judged against its test (spec §11): LT009 when a figure breaks
// a criterion or the run did not reach its load, LT010 when measured p95/p99 are more than
// 20% away from the design's (budget targets, model p95Latency: §5.1 rule 6, "revisit the
// budget after real telemetry"). The same checks feed the plan's diagnostics and `perfdoc
// compare`, which also lists the criteria that passed or were not measured.
import type { Severity } from '../types';
import { formatMs, formatNumber, formatPercent } from '../units';
import { locustRoundingMs } from './locust';
import { Measured, MeasuredFigures, MeasuredResults } from './types';
import { MAX_WINDOWS, RunWindows, runWindows } from './windows';

/** LT009's warning: a run below this share of the test's rps did not reach its load. */
export const REACHED_LOAD_SHARE = 0.9;
/** LT010: measured and designed percentiles further apart than this share of the design. */
export const DESIGN_DRIFT_SHARE = 0.2;

export type CheckStatus = 'pass' | 'fail' | 'not-measured';

export interface ResultVerdict {
  code: 'LT009' | 'LT010';
  status: CheckStatus;
  severity: Severity;
  /** What is checked: `p95`, `errorRate`, `rps`, or `p95 vs budget` / `p95 vs model`. */
  criterion: string;
  /** The request name, for a per-request check. */
  request?: string;
  measured: Measured | null;
  /** The criterion's limit, the test's rps, or the design's figure (ms, fraction or rps). */
  limit: number;
  /** The plan node the check comes from (a criterion, the rps, the results value). */
  at?: { start: number; end: number };
  message: string;
  /** LT010's quick fix: which design figure to set to which measured value. */
  update?: { document: 'budget' | 'capacity'; field: 'p95' | 'p99' | 'p95Latency'; valueMs: number };
}

export interface JudgedTest {
  rps?: { value: number; node: { start: number; end: number } };
  /** Latency limits in ms, errorRate a fraction, each with its node. */
  criteria: Partial<
    Record<'p50' | 'p95' | 'p99' | 'errorRate', { value: number; node: { start: number; end: number } }>
  >;
  /** Request names of the test's `mix`: their own figures are held to the same criteria. */
  requestNames: string[];
  /** `criteria.window`: the overall criteria hold in every window of this length (windows.ts). */
  windowMs?: number;
  resultsNode?: { start: number; end: number };
}

export interface DesignFigures {
  budgetP95Ms?: number;
  budgetP99Ms?: number;
  modelP95Ms?: number;
}

const LATENCY = ['p50', 'p95', 'p99'] as const;

export function judgeResults(
  test: JudgedTest,
  results: MeasuredResults,
  design: DesignFigures,
  fileName: string,
): ResultVerdict[] {
  const out: ResultVerdict[] = [];
  const where = (m: Measured) => `${m.source} in ${fileName}`;
  const windowing = test.windowMs === undefined ? undefined : windowsOf(results, test.windowMs);
  const criterionChecks = (figures: MeasuredFigures, request?: string) => {
    const label = request === undefined ? '' : ` of "${request}"`;
    for (const key of [...LATENCY, 'errorRate'] as const) {
      const c = test.criteria[key];
      if (!c) continue;
      const m = figures[key];
      const show = key === 'errorRate' ? (v: number) => formatPercent(v, 2) : formatMs;
      const base = { code: 'LT009' as const, criterion: key, request, measured: m, limit: c.value, at: c.node };
      if (!m) {
        // Per request name, a format without the figure says nothing new: reported once, overall.
        if (request !== undefined) continue;
        out.push({
          ...base,
          status: 'not-measured',
          severity: 'information',
          message: `${key}${label}: not in ${fileName} (${results.title} has no ${key} here)`,
        });
        continue;
      }
      const fails = m.value > c.value;
      const rounding =
        key !== 'errorRate' &&
        results.roundsToTwoDigitsFrom !== undefined &&
        Math.abs(m.value - c.value) <= locustRoundingMs(m.value)
          ? `; within Locust's rounding (±${formatMs(locustRoundingMs(m.value))}), the true value may lie on either side`
          : '';
      const perWindow = request === undefined && windowing ? windowing.judge(key, c.value) : undefined;
      if (!fails && perWindow?.worst && perWindow.worst.value > c.value) {
        const w = perWindow.worst;
        out.push({
          ...base,
          measured: w,
          status: 'fail',
          severity: 'error',
          message: `measured ${key} ${show(w.value)} in one ${formatMs(test.windowMs!)} window breaks the criterion ${key} ≤ ${show(c.value)}, which holds over every window (${where(w)}); the whole run measures ${show(m.value)}`,
        });
        continue;
      }
      const note = fails ? '' : (perWindow?.note ?? '');
      out.push({
        ...base,
        status: fails ? 'fail' : 'pass',
        severity: 'error',
        message: fails
          ? `measured ${key}${label} ${show(m.value)} breaks the criterion ${key} ≤ ${show(c.value)} (${where(m)})${rounding}`
          : `measured ${key}${label} ${show(m.value)} meets ${key} ≤ ${show(c.value)} (${where(m)})${rounding}${note}`,
      });
    }
  };
  criterionChecks(results.overall);
  for (const r of results.requests) if (test.requestNames.includes(r.name)) criterionChecks(r.figures, r.name);

  const rps = results.overall.rps;
  if (test.rps && rps) {
    const reached = rps.value >= REACHED_LOAD_SHARE * test.rps.value;
    out.push({
      code: 'LT009',
      status: reached ? 'pass' : 'fail',
      severity: 'warning',
      criterion: 'rps',
      measured: rps,
      limit: test.rps.value,
      at: test.rps.node,
      message: reached
        ? `measured ${formatNumber(rps.value)} rps reached the test's ${formatNumber(test.rps.value)} rps (${where(rps)})`
        : `measured ${formatNumber(rps.value)} rps is below ${formatPercent(REACHED_LOAD_SHARE)} of the test's ${formatNumber(test.rps.value)} rps (${where(rps)}): the run did not reach its load, its latencies do not prove the design`,
    });
  }

  const drift = (
    key: 'p95' | 'p99',
    designMs: number | undefined,
    what: string,
    update: NonNullable<ResultVerdict['update']>['document'],
    field: NonNullable<ResultVerdict['update']>['field'],
  ) => {
    const m = results.overall[key];
    if (!m || designMs === undefined || designMs <= 0) return;
    const share = Math.abs(m.value - designMs) / designMs;
    const far = share > DESIGN_DRIFT_SHARE;
    out.push({
      code: 'LT010',
      status: far ? 'fail' : 'pass',
      severity: 'information',
      criterion: `${key} vs ${update}`,
      measured: m,
      limit: designMs,
      at: test.resultsNode,
      message: `measured ${key} ${formatMs(m.value)} ${far ? 'differs from' : 'is close to'} ${what} ${formatMs(designMs)} (${m.value >= designMs ? '+' : '−'}${formatPercent(share, 1)}; ${where(m)})${far ? ': revisit the design with the real figure (§5.1 rule 6)' : ''}`,
      ...(far ? { update: { document: update, field, valueMs: m.value } } : {}),
    });
  };
  drift('p95', design.budgetP95Ms, "the budget's p95 target of", 'budget', 'p95');
  drift('p99', design.budgetP99Ms, "the budget's p99 target of", 'budget', 'p99');
  drift('p95', design.modelP95Ms, "the capacity model's p95Latency of", 'capacity', 'p95Latency');
  return out;
}

interface WindowJudgement {
  /** The worst window's figure, with the window named. */
  worst?: Measured & { window: string };
  /** What a passing verdict adds about the window. */
  note: string;
}

/**
 * How `criteria.window` is judged on these results (windows.ts): per window from raw samples;
 * from a summary, only over the whole run, which still fails a window when it fails (a
 * run-wide share of slow or failed requests above the limit puts at least one window above
 * it) but cannot show that every window passes.
 */
function windowsOf(
  results: MeasuredResults,
  windowMs: number,
): { judge(key: 'p50' | 'p95' | 'p99' | 'errorRate', limit: number): WindowJudgement } {
  const w = formatMs(windowMs);
  const runS = results.overall.durationS?.value;
  const short =
    runS !== undefined && runS * 1000 < windowMs
      ? `; the run (${formatMs(runS * 1000)}) is shorter than the ${w} window: it cannot show the criteria hold over a whole window`
      : '';
  const cut: RunWindows | undefined = results.samples && runWindows(results.samples, windowMs);
  return {
    judge(key, limit) {
      if (!cut) return { note: `; over the whole run only: ${results.title} has no per-window figures${short}` };
      if (cut.tooMany)
        return { note: `; not judged per ${w} window: more than ${formatNumber(MAX_WINDOWS)} windows${short}` };
      let worst: WindowJudgement['worst'];
      for (const win of cut.windows) {
        const m = win.figures[key];
        if (m && (!worst || m.value > worst.value)) worst = { ...m, window: win.label };
      }
      if (!worst || worst.value > limit) return { worst, note: short };
      return {
        worst,
        note: cut.shorterThanWindow
          ? short
          : `; in every ${w} window too (worst: ${key === 'errorRate' ? formatPercent(worst.value, 2) : formatMs(worst.value)}, ${worst.window})`,
      };
    },
  };
}
