// A load test's measured figures against its criteria and the budget (spec §11, issue 15):
// one chart per test with results, a bar per measured percentile with the criterion (solid)
// and the budget's target (dashed) as lines across it, and the error rate and rate reached
// beside. The figures and verdicts are the core's (figures.measured); nothing is judged here.
import type { FileAnalysis } from '../core/analyze';
import type { LoadTestAnalysis } from '../core/loadTestPlan';
import { formatMs, formatNumber, formatPercent } from '../core/units';
import type { Figure } from './render';
import { Scale, axis, chartRoot, esc, lineLink, tag, tooltip } from './svg';

type Key = 'p50' | 'p95' | 'p99';

export interface MeasuredRow {
  key: Key;
  measured: number | null;
  criterion: number | null;
  target: number | null;
  failed: boolean;
  /** Zero-based line of the criterion, else of the test. */
  line: number;
}

export interface ResultsChart {
  test: string;
  title: string;
  line: number;
  rows: MeasuredRow[];
  errorRate: { measured: number | null; criterion: number | null; failed: boolean };
  rps: { measured: number | null; planned: number | null; failed: boolean };
}

export function resultsCharts(file: FileAnalysis, a: LoadTestAnalysis): ResultsChart[] {
  const line = (offset: number) => file.lines.positionAt(offset).line;
  const target = a.references.budget?.model.target;
  return a.figures.measured.map(({ test, results, verdicts }) => {
    const failed = (criterion: string) =>
      verdicts.some(v => v.code === 'LT009' && v.criterion === criterion && v.status === 'fail');
    return {
      test: test.name,
      title: `Measured: test "${test.name}" (${results.title})`,
      line: line(test.node.start),
      rows: (['p50', 'p95', 'p99'] as const).map(key => ({
        key,
        measured: results.overall[key]?.value ?? null,
        criterion: test.criteria[key]?.value ?? null,
        target: target?.[key]?.value ?? null,
        failed: failed(key),
        line: line((test.criteria[key]?.node ?? test.node).start),
      })),
      errorRate: {
        measured: results.overall.errorRate?.value ?? null,
        criterion: test.criteria.errorRate?.value ?? null,
        failed: failed('errorRate'),
      },
      rps: { measured: results.overall.rps?.value ?? null, planned: test.rps?.value ?? null, failed: failed('rps') },
    };
  });
}

const W = 600,
  X0 = 60,
  X1 = 480,
  ROW = 24,
  BAR = 14,
  TOP = 8;

const text = (x: number, y: number, s: string, cls: string) => tag('text', { x, y, class: cls }, esc(s));

export function renderResultsCharts(charts: ResultsChart[]): Figure[] {
  return charts.map(c => {
    const values = c.rows.flatMap(r => [r.measured, r.criterion, r.target]).filter((v): v is number => v !== null);
    const ax = axis(Math.max(...values, 1));
    const scale = new Scale(ax.max, X0, X1);
    const rows = c.rows
      .map((r, i) => {
        const y = TOP + i * ROW;
        const said = [
          r.measured === null ? 'not measured' : `measured ${formatMs(r.measured)}`,
          r.criterion === null ? null : `criterion ≤ ${formatMs(r.criterion)}${r.failed ? ' (broken: LT009)' : ''}`,
          r.target === null ? null : `budget target ${formatMs(r.target)}`,
        ].filter(Boolean);
        const bar =
          r.measured === null
            ? text(X0 + 4, y + BAR - 3, 'not in the results', 'pd-tick')
            : tag('rect', {
                x: X0,
                y,
                width: scale.at(r.measured) - X0,
                height: BAR,
                class: `pd-bar pd-segment${r.failed ? ' pd-st-error' : ''}`,
              }) +
              text(
                Math.min(scale.at(r.measured) + 4, W - 60),
                y + BAR - 3,
                formatMs(r.measured),
                r.failed ? 'pd-value pd-st-error' : 'pd-value',
              );
        const criterion =
          r.criterion === null
            ? ''
            : tag('line', {
                x1: scale.at(r.criterion),
                x2: scale.at(r.criterion),
                y1: y - 3,
                y2: y + BAR + 3,
                class: 'pd-target pd-budgeted',
              });
        const budget =
          r.target === null
            ? ''
            : tag('line', {
                x1: scale.at(r.target),
                x2: scale.at(r.target),
                y1: y - 3,
                y2: y + BAR + 3,
                class: `pd-target pd-target-${r.key}`,
              });
        return tag(
          'g',
          lineLink(r.line),
          tooltip(`${r.key}: ${said.join(', ')}`) +
            text(4, y + BAR - 3, r.key, 'pd-label pd-strong') +
            bar +
            criterion +
            budget,
        );
      })
      .join('');
    const bottom = TOP + c.rows.length * ROW;
    const e = c.errorRate,
      q = c.rps;
    const summary = [
      e.measured === null
        ? 'errorRate not measured'
        : `errorRate ${formatPercent(e.measured, 2)}${e.criterion === null ? '' : ` (criterion ≤ ${formatPercent(e.criterion, 2)})`}`,
      q.measured === null
        ? null
        : `${formatNumber(q.measured)} rps${q.planned === null ? '' : ` of ${formatNumber(q.planned)} planned`}`,
    ]
      .filter(Boolean)
      .join(' · ');
    const body =
      rows +
      text(4, bottom + 14, summary, e.failed || q.failed ? 'pd-label pd-st-error' : 'pd-label') +
      text(4, bottom + 30, 'bars: measured; solid line: the criterion; dashed: the budget target', 'pd-tick');
    return { title: c.title, svg: chartRoot(c.title, W, bottom + 38, body) };
  });
}
