// k6's three JSON end-of-test outputs (spec §11). Shapes read from k6's own source
// (grafana/k6 internal/js/summary.go, summary-wrapper.js, internal/lib/summary/
// machine_readable.go) and the grafana/k6-summary schema 1.0.0:
// - `--summary-export` (legacy): metrics[name] holds the values themselves; a rate metric's
//   `rate` is renamed `value`, `passes` counts true samples (for http_req_failed: failed
//   requests), and a threshold's `true` means it FAILED (`!ok`). No test duration (state is deleted).
// - `handleSummary(data)` JSON: metrics[name] = { type, contains, values, thresholds: { expr: { ok } } },
//   state.testRunDurationMs.
// - machine-readable summary (version 1.0.0): results.metrics is a list of { name, type, values },
//   config.duration in seconds, and no per-threshold verdicts: perfdoc judges the criteria itself.
// Sub-metrics by request name are keyed `http_req_duration{name:search}`.
import { MeasuredFigures, MeasuredResults, ToolThreshold, emptyFigures, finiteNumber, measured } from './types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A statistic of a metric, with the place it was read from. */
type Stat = (metric: string, stat: string) => { value: unknown; source: string };

const BY_NAME = /^(http_req_duration|http_reqs|http_req_failed)\{name:(.+)\}$/;

/** The figures of one metric family: overall (`suffix` '') or one request name (`{name:x}`). */
function k6Figures(stat: Stat, suffix: string, durationS: MeasuredFigures['durationS']): MeasuredFigures {
  const at = (metric: string, s: string) => {
    const { value, source } = stat(metric + suffix, s);
    return measured(value, source);
  };
  const count = at('http_reqs', 'count');
  return {
    ...emptyFigures(),
    rps:
      at('http_reqs', 'rate') ??
      (count && durationS && durationS.value > 0
        ? { value: count.value / durationS.value, source: `${count.source} / ${durationS.source}` }
        : null),
    errorRate: at('http_req_failed', 'rate'),
    p50: at('http_req_duration', 'med'),
    p95: at('http_req_duration', 'p(95)'),
    p99: at('http_req_duration', 'p(99)'),
    durationS,
  };
}

function requestNames(metricNames: Iterable<string>): string[] {
  const names: string[] = [];
  for (const m of metricNames) {
    const name = BY_NAME.exec(m)?.[2];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

function build(
  format: MeasuredResults['format'],
  title: string,
  metricNames: string[],
  stat: Stat,
  durationS: MeasuredFigures['durationS'],
  thresholds: ToolThreshold[],
  notes: string[],
): MeasuredResults {
  return {
    format,
    title,
    overall: k6Figures(stat, '', durationS),
    requests: requestNames(metricNames).map(name => ({ name, figures: k6Figures(stat, `{name:${name}}`, durationS) })),
    thresholds,
    notes,
  };
}

const quoted = (metric: string) => (/^\w+$/.test(metric) ? `.${metric}` : `[${JSON.stringify(metric)}]`);

/** `k6 run --summary-export=FILE`: the legacy JSON. */
export function parseK6SummaryExport(doc: Json): MeasuredResults {
  const metrics = doc.metrics as Json;
  const stat: Stat = (metric, s) => {
    const m = metrics[metric];
    // The legacy export renames a rate metric's `rate` to `value` (summary-wrapper.js: "sigh...").
    const key = s === 'rate' && isObject(m) && 'value' in m && !('count' in m) ? 'value' : s;
    return { value: isObject(m) ? m[key] : undefined, source: `metrics${quoted(metric)}${quoted(key)}` };
  };
  const reqs = isObject(metrics.http_reqs) ? metrics.http_reqs : {};
  const count = finiteNumber(reqs.count),
    rate = finiteNumber(reqs.rate);
  // No state in this format: the run's length is what http_reqs counted at its rate.
  const durationS =
    count !== undefined && rate !== undefined && rate > 0
      ? { value: count / rate, source: 'metrics.http_reqs.count / metrics.http_reqs.rate' }
      : null;
  const thresholds: ToolThreshold[] = [];
  for (const [metric, m] of Object.entries(metrics)) {
    if (!isObject(m) || !isObject(m.thresholds)) continue;
    // `true` means the threshold FAILED (`!threshold.ok`).
    for (const [expression, failed] of Object.entries(m.thresholds))
      if (typeof failed === 'boolean') thresholds.push({ metric, expression, failed });
  }
  return build('k6-summary-export', 'k6 --summary-export JSON', Object.keys(metrics), stat, durationS, thresholds, [
    'k6 --summary-export: p(99) is present only when summaryTrendStats lists it',
  ]);
}

/** `handleSummary(data)` written as JSON: `data` itself. */
export function parseK6HandleSummary(doc: Json): MeasuredResults {
  const metrics = doc.metrics as Json;
  const stat: Stat = (metric, s) => {
    const m = metrics[metric];
    return {
      value: isObject(m) && isObject(m.values) ? m.values[s] : undefined,
      source: `metrics${quoted(metric)}.values${quoted(s)}`,
    };
  };
  const state = isObject(doc.state) ? doc.state : {};
  const ms = finiteNumber(state.testRunDurationMs);
  const thresholds: ToolThreshold[] = [];
  for (const [metric, m] of Object.entries(metrics)) {
    if (!isObject(m) || !isObject(m.thresholds)) continue;
    for (const [expression, t] of Object.entries(m.thresholds))
      if (isObject(t) && typeof t.ok === 'boolean') thresholds.push({ metric, expression, failed: !t.ok });
  }
  return build(
    'k6-handle-summary',
    'k6 handleSummary data JSON',
    Object.keys(metrics),
    stat,
    ms === undefined ? null : { value: ms / 1000, source: 'state.testRunDurationMs / 1000' },
    thresholds,
    [],
  );
}

/** k6's machine-readable summary, schema 1.0.0. */
export function parseK6MachineSummary(doc: Json): MeasuredResults {
  const results = doc.results as Json;
  const list = (results.metrics as unknown[]).filter(isObject);
  const byName = new Map<string, { m: Json; i: number }>();
  list.forEach((m, i) => {
    if (typeof m.name === 'string' && !byName.has(m.name)) byName.set(m.name, { m, i });
  });
  const stat: Stat = (metric, s) => {
    const hit = byName.get(metric);
    const values = hit && isObject(hit.m.values) ? hit.m.values : {};
    // k6 writes a rate as { matches, total, rate }; the k6-summary schema as { rate, passes, fails }.
    return {
      value: values[s],
      source: `results.metrics[${hit ? hit.i : '?'}] (${metric}).values${quoted(s)}`,
    };
  };
  const config = isObject(doc.config) ? doc.config : {};
  return build(
    'k6-machine-summary',
    `k6 machine-readable summary ${String(doc.version)}`,
    [...byName.keys()],
    stat,
    measured(config.duration, 'config.duration'),
    [],
    ['k6 machine-readable summary: no per-threshold results, perfdoc judged the criteria itself'],
  );
}

/** Which k6 JSON this is, if any. */
export function k6Format(doc: Json): 'k6-summary-export' | 'k6-handle-summary' | 'k6-machine-summary' | null {
  if (typeof doc.version === 'string' && isObject(doc.results) && Array.isArray(doc.results.metrics))
    return 'k6-machine-summary';
  if (!isObject(doc.metrics)) return null;
  const values = Object.values(doc.metrics).filter(isObject);
  if (!values.length) return null;
  if (values.some(m => isObject(m.values) && typeof m.type === 'string')) return 'k6-handle-summary';
  // The legacy export's metric objects hold statistics directly (avg, count, value, passes...).
  return 'root_group' in doc || values.some(m => ['avg', 'count', 'value', 'passes'].some(k => k in m))
    ? 'k6-summary-export'
    : null;
}
