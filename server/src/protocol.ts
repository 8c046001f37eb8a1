// The contract between the VS Code client and the language server, in one place
// (as vscode-eslint does): custom messages and the settings the client forwards.
// Path of a setting: package.json `contributes.configuration` (perfdoc.*) →
// the server asks `workspace/configuration` for section "perfdoc" → `PerfdocSettings`
// below → `toAnalysisSettings` → `AnalysisSettings` used by the core.

import { AnalysisSettings, DEFAULT_SETTINGS } from './core/types';
import { parseDuration } from './core/units';

/** The `perfdoc.*` settings as the editor sends them. */
export interface PerfdocSettings {
  minBufferPercent?: number;
  defaultMaxUtilization?: number;
  utilizationWarnPercent?: number;
  connectionsWarnPercent?: number;
  quotaWarnPercent?: number;
  /** A duration such as `2h` or `90 minutes`. */
  soakMinDuration?: string;
  inlayHints?: { enabled?: boolean };
  codeLens?: { enabled?: boolean };
}

export function toAnalysisSettings(s: PerfdocSettings | null | undefined): AnalysisSettings {
  const num = (v: unknown, d: number, lo: number, hi: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : d;
  const soak = parseDuration(s?.soakMinDuration);
  return {
    minBufferPercent: num(s?.minBufferPercent, DEFAULT_SETTINGS.minBufferPercent, 0, 100),
    defaultMaxUtilization: num(s?.defaultMaxUtilization, DEFAULT_SETTINGS.defaultMaxUtilization, 0.01, 1),
    utilizationWarnPercent: num(s?.utilizationWarnPercent, DEFAULT_SETTINGS.utilizationWarnPercent, 1, 100),
    connectionsWarnPercent: num(s?.connectionsWarnPercent, DEFAULT_SETTINGS.connectionsWarnPercent, 1, 100),
    quotaWarnPercent: num(s?.quotaWarnPercent, DEFAULT_SETTINGS.quotaWarnPercent, 1, 100),
    soakMinDurationMs: soak.ok && soak.value > 0 ? soak.value : DEFAULT_SETTINGS.soakMinDurationMs,
  };
}

/** Request (client → server): the production-review checklist report for the workspace, as Markdown. */
export const CHECKLIST_REPORT_REQUEST = 'perfdoc/checklistReport';
export interface ChecklistReportResult {
  markdown: string;
}

/** Notification (server → client): the headline figure of a document, for the status bar. */
export const HEADLINE_NOTIFICATION = 'perfdoc/headline';
export interface HeadlineParams {
  uri: string;
  text: string | null;
  severity: 'ok' | 'warning' | 'error';
}

/** Request (client → server): the budget & capacity preview of an open document (null if it is not open). */
export const PREVIEW_REQUEST = 'perfdoc/preview';
export interface PreviewParams {
  uri: string;
}
/** One perfdoc document of the file: headline, charts (inline SVG), figures and findings. */
export interface PreviewSection {
  kind: string | null;
  name: string | null;
  /** Zero-based line where the document starts. */
  line: number;
  /** Elements with `data-line="N"` stand for line N (zero-based) of the file: clicking one reveals it. */
  html: string;
}
export interface PreviewResult {
  /** The document version the preview was drawn from. */
  version: number | null;
  /** The stylesheet of the sections (theme colors as `var(--vscode-*)`). */
  css: string;
  sections: PreviewSection[];
}
