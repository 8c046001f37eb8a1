// Shared shapes of the analysis core. Positions follow LSP conventions (zero-based line,
// UTF-16 character) so the server can hand them to an editor unchanged, but nothing here
// depends on vscode-languageserver: the CLI and the tests use the same types.

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type DocumentKind = 'LatencyBudget' | 'CapacityModel' | 'LoadTestPlan' | 'ObservabilityPlan';
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'LatencyBudget',
  'CapacityModel',
  'LoadTestPlan',
  'ObservabilityPlan',
];

/** A finding of a rule. `start`/`end` are offsets into the file text; `range` is derived from them. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Facts a quick fix needs (e.g. the needed worker count), kept out of the message text. */
  data?: Record<string, unknown>;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  data?: Record<string, unknown>;
}

/** Tunables the spec leaves open; the editor settings `perfdoc.*` map onto these. */
export interface AnalysisSettings {
  /** LB002 fires when headroom + buffer is below this share of the target (spec: 5%). */
  minBufferPercent: number;
  /** Used when a CapacityModel has no `headroom.maxUtilization` (spec: 70%). */
  defaultMaxUtilization: number;
  /** CM006 fires when utilization at peak exceeds this (spec: 85%). */
  utilizationWarnPercent: number;
  /** CM003 warns when connections into a data tier exceed this share of maxConnections (spec §10.2: 80%). */
  connectionsWarnPercent: number;
  /** CM005 warns when a quota's usage exceeds this share of its limit (spec §10.5: 80%). */
  quotaWarnPercent: number;
  /** LT007: a soak test shorter than this is not a soak (spec §11: 2 h), in milliseconds. */
  soakMinDurationMs: number;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  minBufferPercent: 5,
  defaultMaxUtilization: 0.7,
  utilizationWarnPercent: 85,
  connectionsWarnPercent: 80,
  quotaWarnPercent: 80,
  soakMinDurationMs: 2 * 60 * 60 * 1000,
};

/** A JSON-safe figure value: finite numbers or null, never NaN/Infinity. */
export type Metric = number | null | string | boolean | Metric[] | { [key: string]: Metric };
export type Metrics = Record<string, Metric>;
