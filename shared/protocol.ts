// The contract between the VS Code client and the language server, imported by both (as
// vscode-eslint's `$shared/` is): the custom messages as typed RequestType/NotificationType,
// and the `perfdoc.*` settings as the editor sends them. Nothing here imports either side, so
// the client bundle gets no server code and a message changes in one place for both.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The `perfdoc` configuration section (package.json `contributes.configuration`), unchecked: the server validates it. */
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

/** Request (client → server): the production-review checklist report for the workspace, as Markdown. */
export const ChecklistReportRequest = new RequestType0<ChecklistReportResult, void>('perfdoc/checklistReport');
export interface ChecklistReportResult {
  markdown: string;
}

/** Notification (server → client): the headline figure of a document, for the status bar. */
export const HeadlineNotification = new NotificationType<HeadlineParams>('perfdoc/headline');
export interface HeadlineParams {
  uri: string;
  text: string | null;
  severity: 'ok' | 'warning' | 'error';
}

/** Request (client → server): the budget & capacity preview of an open document (null if it is not open). */
export const PreviewRequest = new RequestType<PreviewParams, PreviewResult | null, void>('perfdoc/preview');
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

/**
 * Request (server → client): a workspace file's text, read by the editor (`workspace.fs`) for
 * a server that cannot read it itself: the web worker, and virtual workspaces on the desktop
 * (vscode-yaml's fs/readFile). The client answers only for a URI inside a workspace folder and
 * a file of at most `maxBytes`, and fetches no URL.
 */
export const ReadFileRequest = new RequestType<ReadFileParams, ReadFileResult, void>('perfdoc/readFile');
export interface ReadFileParams {
  uri: string;
  maxBytes: number;
}
/** The text, or why not; `io` when the cause is the file system, not the content. */
export type ReadFileResult = { text: string } | { error: string; io: boolean };
