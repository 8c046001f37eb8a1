// The Budget & Capacity preview: a webview beside the editor with the charts of the active
// perfdoc file (critical-path waterfall, worst case, tiers, queues, quotas, test coverage),
// redrawn as the user types. The server draws everything (`perfdoc/preview`, the same charts
// as `perfdoc report`); this side shows it, keeps it current and turns a click on a chart
// element into "reveal that line in the editor".

import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { PreviewParams, PreviewRequest, PreviewResult } from '../../shared/protocol';
import { PREVIEW_VIEW_TYPE } from './previewViewType';

/**
 * Runs in the webview: swaps in redrawn charts, reports clicks (and Enter/Space) on elements with a line,
 * and keeps the previewed document's URI as the webview's state, which VS Code hands back to
 * `BudgetPreview.restore` after a reload.
 */
const WEBVIEW_SCRIPT = `
const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
const remember = (uri) => vscode.setState({ uri: uri || undefined });
remember(root.getAttribute('data-uri'));
window.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'render') {
    root.innerHTML = event.data.html;
    remember(event.data.uri);
  }
});
function reveal(target) {
  const element = target instanceof Element ? target.closest('[data-line]') : null;
  if (!element) return false;
  vscode.postMessage({ type: 'reveal', line: Number(element.getAttribute('data-line')) });
  return true;
}
document.addEventListener('click', (event) => { reveal(event.target); });
document.addEventListener('keydown', (event) => {
  if ((event.key === 'Enter' || event.key === ' ') && reveal(event.target)) event.preventDefault();
});
vscode.postMessage({ type: 'ready' });
`;

type WebviewMessage = { type: 'ready' } | { type: 'reveal'; line: number };
/** To the webview: the charts, and the URI of the document they are of (empty for none) for its state. */
interface RenderMessage {
  type: 'render';
  html: string;
  uri: string;
}

/** What the page keeps with `vscode.setState` (see WEBVIEW_SCRIPT). */
interface PreviewState {
  uri?: string;
}

/** Set on a new panel and on one VS Code restored alike: scripts for the page's own script, no local files. */
const WEBVIEW_OPTIONS: vscode.WebviewOptions = { enableScripts: true, localResourceRoots: [] };

const OPEN_A_PERFDOC_FILE =
  'perfdoc: open a *.perf.yaml file or a Markdown design doc with perfdoc blocks to preview its budget and capacity.';

const isPreviewable = (doc: vscode.TextDocument) => doc.languageId === 'yaml' || doc.languageId === 'markdown';

/** 18 random bytes, base64: Web Crypto, which both extension hosts (Node and the browser) have. */
const nonce = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const message = (text: string) => `<p class="pd-empty">${escapeHtml(text)}</p>`;

/** The document a restored panel showed, opened again; undefined without a state or when it cannot be opened (deleted, moved). */
async function rememberedDocument(state: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = (state as PreviewState | undefined)?.uri;
  if (typeof uri !== 'string') return undefined;
  const parsed = vscode.Uri.parse(uri, true);
  // An untitled document is gone after a reload: opening its URI would make a new, empty one.
  if (parsed.scheme === 'untitled') return undefined;
  try {
    return await vscode.workspace.openTextDocument(parsed);
  } catch {
    return undefined;
  }
}

/**
 * The page: a strict CSP (nothing remote, only our nonce'd style and script), the server's stylesheet and the charts;
 * `uri` is the previewed document's, for the page's state.
 */
function page(css: string, body: string, uri: string): string {
  const n = nonce();
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${n}">${css}</style>
</head><body><main id="root" class="pd-interactive" data-uri="${escapeHtml(uri)}">${body}</main>
<script nonce="${n}">${WEBVIEW_SCRIPT}</script></body></html>`;
}

export class BudgetPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  /** The stylesheet the page was built with; undefined when the page must be built again. */
  private pageCss: string | undefined;
  private webviewReady = false;
  /** Charts drawn while the page was still loading, sent once its script is ready. */
  private pending: RenderMessage | undefined;
  private requesting = false;
  private changedWhileRequesting = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly client: LanguageClient,
    private readonly whenReady: Promise<void>,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.document === this.document && e.contentChanges.length) this.refresh();
      }),
      // Like the Markdown preview, it follows the active editor.
      vscode.window.onDidChangeActiveTextEditor(e => {
        if (this.panel && e && isPreviewable(e.document) && e.document !== this.document) this.show(e.document);
      }),
    ];
  }

  /** `perfdoc.openPreview`: opens (or reveals) the preview beside the active editor. */
  open(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isPreviewable(editor.document)) {
      void vscode.window.showInformationMessage(OPEN_A_PERFDOC_FILE);
      return;
    }
    if (this.panel) this.panel.reveal(undefined, true);
    else
      this.adopt(
        vscode.window.createWebviewPanel(
          PREVIEW_VIEW_TYPE,
          'Budget & Capacity',
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          {
            ...WEBVIEW_OPTIONS,
            enableFindWidget: true,
          },
        ),
      );
    this.show(editor.document);
  }

  /**
   * The serializer's half: a panel VS Code restored after a reload (its panel options, such as the find
   * widget, come back with it) shows the document its page remembered again, or asks for one.
   */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.adopt(panel);
    const document = await rememberedDocument(state);
    // Closed meanwhile, or already following an editor that became active meanwhile.
    if (this.panel !== panel || this.document) return;
    if (document) this.show(document);
    else this.render(null, OPEN_A_PERFDOC_FILE);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  /** Makes `panel`, new or restored, the preview's: the same webview options and handlers for both (there is one preview). */
  private adopt(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) this.panel?.dispose();
    this.panel = panel;
    panel.webview.options = WEBVIEW_OPTIONS;
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.document = undefined;
      this.pageCss = undefined;
    });
    // A hidden webview is discarded; when it shows again it starts from the page it was built with.
    let visible = panel.visible;
    panel.onDidChangeViewState(e => {
      if (e.webviewPanel.visible && !visible) {
        this.pageCss = undefined;
        this.refresh();
      }
      visible = e.webviewPanel.visible;
    });
    panel.webview.onDidReceiveMessage((m: WebviewMessage) => {
      if (this.panel !== panel) return;
      if (m.type === 'ready') this.flushPending();
      else if (m.type === 'reveal') void this.reveal(m.line);
    });
  }

  private show(document: vscode.TextDocument): void {
    this.document = document;
    this.panel!.title = `Budget & Capacity: ${document.uri.path.split('/').pop()}`;
    this.refresh();
  }

  /** Asks for the charts; while a request is out, edits only mark it stale: no timers, no pile-up. */
  private refresh(): void {
    if (this.requesting) {
      this.changedWhileRequesting = true;
      return;
    }
    void this.update();
  }

  private async update(): Promise<void> {
    this.requesting = true;
    try {
      do {
        this.changedWhileRequesting = false;
        const document = this.document;
        if (!document || !this.panel) return;
        await this.whenReady;
        const params: PreviewParams = { uri: this.client.code2ProtocolConverter.asUri(document.uri) };
        const result = await this.client.sendRequest(PreviewRequest, params);
        if (document !== this.document || !this.panel) continue;
        this.render(result);
        // The request can overtake the edit's didChange; ask again until the server has caught up.
        if (result?.version != null && result.version < document.version) this.changedWhileRequesting = true;
      } while (this.changedWhileRequesting);
    } catch (e) {
      this.render(null, `perfdoc: the preview could not be drawn: ${(e as Error).message}`);
    } finally {
      this.requesting = false;
    }
  }

  /** Shows the charts of `result`, or `text` instead. */
  private render(result: PreviewResult | null, text?: string): void {
    if (!this.panel) return;
    const body = text
      ? message(text)
      : !result
        ? message('perfdoc does not analyze this document: open a YAML or Markdown file.')
        : result.sections.length
          ? result.sections.map(s => s.html).join('')
          : message(
              'No perfdoc documents here: a *.perf.yaml file, or YAML with apiVersion: perfdoc/v1 (in a Markdown design doc, a ```yaml or ```perfdoc block).',
            );
    const css = result?.css ?? this.pageCss ?? '';
    const uri = this.document?.uri.toString() ?? '';
    if (this.pageCss !== css) {
      this.pageCss = css;
      this.webviewReady = false;
      this.pending = undefined;
      this.panel.webview.html = page(css, body, uri);
    } else {
      const update: RenderMessage = { type: 'render', html: body, uri };
      if (this.webviewReady) void this.panel.webview.postMessage(update);
      else this.pending = update;
    }
  }

  private flushPending(): void {
    this.webviewReady = true;
    if (this.pending && this.panel) void this.panel.webview.postMessage(this.pending);
    this.pending = undefined;
  }

  /** Shows the previewed document in its editor with the cursor on `line`. */
  private async reveal(line: number): Promise<void> {
    const document = this.document;
    if (!document || !Number.isInteger(line) || line < 0 || line >= document.lineCount) return;
    const visible = vscode.window.visibleTextEditors.find(e => e.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    });
    const at = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
