// JMeter JTL in CSV (`-l FILE.jtl` with jmeter.save.saveservice.output_format=csv): one
// row per sample. perfdoc computes the figures from the raw samples: percentiles by nearest
// rank (see percentiles.ts), errorRate = samples with success=false / samples, durationS from
// the first sample's start to the last sample's end, rps = samples / durationS.
import { nearestRank } from './percentiles';
import { MeasuredFigures, MeasuredResults, RawSample } from './types';

/** JMeter's default CSV column order, used when the file was saved without field names. */
const DEFAULT_COLUMNS = [
  'timeStamp',
  'elapsed',
  'label',
  'responseCode',
  'responseMessage',
  'threadName',
  'dataType',
  'success',
];

export const isJmeterJtl = (header: string[]) =>
  (header.includes('timeStamp') && header.includes('elapsed')) || /^\d{12,14}$/.test(header[0] ?? '');

export function parseJmeterJtl(rows: string[][]): MeasuredResults | { error: string } {
  const named = rows[0].includes('timeStamp');
  const header = named ? rows[0] : DEFAULT_COLUMNS;
  const body = named ? rows.slice(1) : rows;
  const [ts, el, label, success] = ['timeStamp', 'elapsed', 'label', 'success'].map(c => header.indexOf(c));
  if (label < 0 || success < 0) return { error: 'JMeter JTL without its label or success column' };
  const all: RawSample[] = [];
  const byLabel = new Map<string, RawSample[]>();
  for (const [i, row] of body.entries()) {
    const start = Number(row[ts]),
      elapsed = Number(row[el]);
    if (!Number.isFinite(start) || !Number.isFinite(elapsed) || elapsed < 0)
      return { error: `JMeter JTL line ${i + (named ? 2 : 1)}: timeStamp/elapsed is not a number (truncated file?)` };
    const s = { start, elapsed, ok: row[success] === 'true' };
    all.push(s);
    const name = row[label] ?? '';
    let list = byLabel.get(name);
    if (!list) byLabel.set(name, (list = []));
    list.push(s);
  }
  if (!all.length) return { error: 'JMeter JTL without samples' };
  return {
    format: 'jmeter-jtl',
    title: 'JMeter JTL (CSV)',
    overall: sampleFigures(all, 'all samples'),
    requests: [...byLabel].map(([name, samples]) => ({
      name,
      figures: sampleFigures(samples, `samples labelled "${name}"`),
    })),
    thresholds: [],
    notes: [
      `JMeter: figures computed from ${all.length.toLocaleString('en-US')} raw samples, percentiles by nearest rank`,
    ],
    samples: all,
  };
}

/** The figures of a set of samples (all, one label's, one window's); `what` names the set in each figure's source. */
export function sampleFigures(samples: readonly RawSample[], what: string): MeasuredFigures {
  const sorted = samples.map(s => s.elapsed).sort((a, b) => a - b);
  let first = Infinity,
    last = -Infinity,
    failed = 0;
  for (const s of samples) {
    first = Math.min(first, s.start);
    last = Math.max(last, s.start + s.elapsed);
    if (!s.ok) failed++;
  }
  const durationS = (last - first) / 1000;
  const pct = (p: number) => {
    const rank = nearestRank(sorted.length, p);
    return { value: sorted[rank - 1], source: `nearest rank ${rank} of ${sorted.length} elapsed values (${what})` };
  };
  return {
    rps:
      durationS > 0 ? { value: samples.length / durationS, source: `${what}: count / (last end − first start)` } : null,
    errorRate: { value: failed / samples.length, source: `${what}: success=false / count` },
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    durationS: durationS > 0 ? { value: durationS, source: `${what}: last timeStamp+elapsed − first timeStamp` } : null,
  };
}
