// What a load-test run measured (spec §11), the same shape whatever tool wrote the file:
// each figure carries where in the results file it came from, so a verdict can say so.

/** One measured number and its place in the results file (e.g. `metrics.http_req_duration["p(95)"]`). */
export interface Measured {
  value: number;
  source: string;
}

/** Latencies in ms, rps per second, errorRate a fraction 0..1, durationS in seconds; null when the format lacks it. */
export interface MeasuredFigures {
  rps: Measured | null;
  errorRate: Measured | null;
  p50: Measured | null;
  p95: Measured | null;
  p99: Measured | null;
  durationS: Measured | null;
}

export const MEASURED_KEYS = ['rps', 'errorRate', 'p50', 'p95', 'p99', 'durationS'] as const;
export type MeasuredKey = (typeof MEASURED_KEYS)[number];

export type ResultsFormat =
  'k6-summary-export' | 'k6-handle-summary' | 'k6-machine-summary' | 'artillery' | 'locust-stats' | 'jmeter-jtl';

/** A verdict the tool itself recorded (k6 thresholds), reported beside perfdoc's own. */
export interface ToolThreshold {
  metric: string;
  expression: string;
  failed: boolean;
}

/** One request of a raw-sample format (JMeter JTL): start in epoch ms, elapsed ms, success. */
export interface RawSample {
  start: number;
  elapsed: number;
  ok: boolean;
}

export interface MeasuredResults {
  format: ResultsFormat;
  /** How the format is named to people, e.g. "k6 --summary-export JSON". */
  title: string;
  overall: MeasuredFigures;
  /** Per request name (k6 `name` tag, Artillery endpoint, Locust/JMeter name or label), in file order. */
  requests: { name: string; figures: MeasuredFigures }[];
  thresholds: ToolThreshold[];
  /** How the figures were computed, when it matters for reading them (percentile method, rounding). */
  notes: string[];
  /** Locust rounds response times ≥ 100 ms to two significant digits. */
  roundsToTwoDigitsFrom?: number;
  /** The raw samples, for a format that has them (JMeter): criteria with a `window` are judged per window. */
  samples?: RawSample[];
}

export type ParsedResults = { ok: true; results: MeasuredResults } | { ok: false; error: string };

export const emptyFigures = (): MeasuredFigures => ({
  rps: null,
  errorRate: null,
  p50: null,
  p95: null,
  p99: null,
  durationS: null,
});

/** A finite number, or undefined for anything else a hostile file may hold there. */
export function finiteNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function measured(v: unknown, source: string): Measured | null {
  const n = finiteNumber(v);
  return n === undefined ? null : { value: n, source };
}
