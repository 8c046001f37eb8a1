// The Budget & Capacity preview: a webview beside the editor with the charts of the active
// perfdoc file (critical-path waterfall, worst case, tiers, queues, quotas, test coverage),
// redrawn as the user types. The server draws everything (`perfdoc/preview`, the same charts
// as `perfdoc report`); this side shows it, keeps it current and turns a click on a chart
// element into "reveal that line in the editor".

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PREVIEW_REQUEST, PreviewParams, PreviewResult } from '../../server/src/protocol';

const VIEW_TYPE = 'perfdoc.preview';

/** Runs in the webview: swaps in redrawn charts, reports clicks (and Enter/Space) on elements with a line. */
const WEBVIEW_SCRIPT = `
const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
window.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'render') root.innerHTML = event.data.html;
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

const isPreviewable = (doc: vscode.TextDocument) => doc.languageId === 'yaml' || doc.languageId === 'markdown';

const nonce = () => randomBytes(18).toString('base64');

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const message = (text: string) => `<p class="pd-empty">${escapeHtml(text)}</p>`;

/** The page: a strict CSP (nothing remote, only our nonce'd style and script), the server's stylesheet and the charts. */
function page(css: string, body: string): string {
  const n = nonce();
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${n}">${css}</style>
</head><body><main id="root" class="pd-interactive">${body}</main>
<script nonce="${n}">${WEBVIEW_SCRIPT}</script></body></html>`;
}

export class BudgetPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  /** The stylesheet the page was built with; undefined when the page must be built again. */
  private pageCss: string | undefined;
  private webviewReady = false;
  /** Charts drawn while the page was still loading, sent once its script is ready. */
  private pendingHtml: string | undefined;
  private requesting = false;
  private changedWhileRequesting = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: LanguageClient, private readonly whenReady: Promise<void>) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument(e => { if (e.document === this.document && e.contentChanges.length) this.refresh(); }),
      // Like the Markdown preview, it follows the active editor.
      vscode.window.onDidChangeActiveTextEditor(e => { if (this.panel && e && isPreviewable(e.document) && e.document !== this.document) this.show(e.document); }),
    ];
  }

  /** `perfdoc.openPreview`: opens (or reveals) the preview beside the active editor. */
  open(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isPreviewable(editor.document)) {
      void vscode.window.showInformationMessage('perfdoc: open a *.perf.yaml file or a Markdown design doc with perfdoc blocks to preview its budget and capacity.');
      return;
    }
    if (this.panel) this.panel.reveal(undefined, true);
    else this.panel = this.createPanel();
    this.show(editor.document);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Budget & Capacity', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
      enableFindWidget: true,
    });
    panel.onDidDispose(() => { this.panel = undefined; this.document = undefined; this.pageCss = undefined; });
    // A hidden webview is discarded; when it shows again it starts from the page it was built with.
    let visible = true;
    panel.onDidChangeViewState(e => {
      if (e.webviewPanel.visible && !visible) { this.pageCss = undefined; this.refresh(); }
      visible = e.webviewPanel.visible;
    });
    panel.webview.onDidReceiveMessage((m: WebviewMessage) => {
      if (m.type === 'ready') this.flushPending();
      else if (m.type === 'reveal') void this.reveal(m.line);
    });
    return panel;
  }

  private show(document: vscode.TextDocument): void {
    this.document = document;
    this.panel!.title = `Budget & Capacity: ${document.uri.path.split('/').pop()}`;
    this.refresh();
  }

  /** Asks for the charts; while a request is out, edits only mark it stale: no timers, no pile-up. */
  private refresh(): void {
    if (this.requesting) { this.changedWhileRequesting = true; return; }
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
        const result = await this.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, params);
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

  private render(result: PreviewResult | null, failure?: string): void {
    if (!this.panel) return;
    const body = failure ? message(failure)
      : !result ? message('perfdoc does not analyze this document: open a YAML or Markdown file.')
      : result.sections.length ? result.sections.map(s => s.html).join('')
      : message('No perfdoc documents here: a *.perf.yaml file, or YAML with apiVersion: perfdoc/v1 (in a Markdown design doc, a ```yaml or ```perfdoc block).');
    const css = result?.css ?? this.pageCss ?? '';
    if (this.pageCss !== css) {
      this.pageCss = css;
      this.webviewReady = false;
      this.pendingHtml = undefined;
      this.panel.webview.html = page(css, body);
    } else if (this.webviewReady) {
      void this.panel.webview.postMessage({ type: 'render', html: body });
    } else {
      this.pendingHtml = body;
    }
  }

  private flushPending(): void {
    this.webviewReady = true;
    if (this.pendingHtml !== undefined && this.panel) void this.panel.webview.postMessage({ type: 'render', html: this.pendingHtml });
    this.pendingHtml = undefined;
  }

  /** Shows the previewed document in its editor with the cursor on `line`. */
  private async reveal(line: number): Promise<void> {
    const document = this.document;
    if (!document || !Number.isInteger(line) || line < 0 || line >= document.lineCount) return;
    const visible = vscode.window.visibleTextEditors.find(e => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One });
    const at = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
