// Locust `--csv PREFIX` writes PREFIX_stats.csv: one row per request name and an
// `Aggregated` row. Locust keeps response times in buckets: below 100 ms to the ms, from
// 100 ms on rounded to two significant digits (locust/stats.py), so its percentiles are
// rounded the same way. There is no duration column: durationS = Request Count / Requests/s.
import { MeasuredFigures, MeasuredResults, emptyFigures } from './types';

const COLUMNS = { name: 'Name', count: 'Request Count', failures: 'Failure Count', rps: 'Requests/s' } as const;

export const isLocustStats = (header: string[]) => header.includes(COLUMNS.name) && header.includes(COLUMNS.count);

export function parseLocustStats(rows: string[][]): MeasuredResults | { error: string } {
  const [header, ...body] = rows;
  const col = (name: string) => header.indexOf(name);
  const missing = Object.values(COLUMNS).filter(c => col(c) < 0);
  if (missing.length) return { error: `Locust stats CSV without the column(s) ${missing.join(', ')}` };
  const figures = (row: string[], line: number): MeasuredFigures => {
    const cell = (name: string) => {
      const i = col(name);
      const text = i < 0 ? undefined : row[i]?.trim();
      const n = text === undefined || text === '' || text === 'N/A' ? NaN : Number(text);
      return Number.isFinite(n) ? { value: n, source: `line ${line}, column "${name}"` } : null;
    };
    const count = cell(COLUMNS.count),
      failures = cell(COLUMNS.failures),
      rps = cell(COLUMNS.rps);
    return {
      ...emptyFigures(),
      rps,
      errorRate:
        count && failures && count.value > 0
          ? { value: failures.value / count.value, source: `line ${line}, "Failure Count" / "Request Count"` }
          : null,
      p50: cell('50%'),
      p95: cell('95%'),
      p99: cell('99%'),
      durationS:
        count && rps && rps.value > 0
          ? { value: count.value / rps.value, source: `line ${line}, "Request Count" / "Requests/s"` }
          : null,
    };
  };
  const nameAt = col(COLUMNS.name);
  const aggregatedAt = body.findIndex(r => r[nameAt] === 'Aggregated');
  if (aggregatedAt < 0) return { error: 'Locust stats CSV without its "Aggregated" row (truncated file?)' };
  return {
    format: 'locust-stats',
    title: 'Locust --csv _stats.csv',
    // Line numbers are 1-based in the file, the header being line 1.
    overall: figures(body[aggregatedAt], aggregatedAt + 2),
    requests: body
      .map((row, i) => ({ row, line: i + 2 }))
      .filter(({ row }) => row[nameAt] !== 'Aggregated' && row[nameAt] !== undefined)
      .map(({ row, line }) => ({ name: row[nameAt], figures: figures(row, line) })),
    thresholds: [],
    notes: ['Locust rounds response times of 100 ms and more to two significant digits'],
    roundsToTwoDigitsFrom: 100,
  };
}

/** Half the step Locust rounds `ms` to: the measured value is ± this much. */
export function locustRoundingMs(ms: number): number {
  if (ms < 100) return 0.5;
  return 10 ** (Math.floor(Math.log10(ms)) - 1) / 2;
}
