// The status bar item that shows the active editor's headline figure (e.g. the critical path
// against its p95 target). The server pushes one `HeadlineParams` per analyzed document; the
// item shows the one for the active editor and hides for every other editor.

import * as vscode from 'vscode';
import type { HeadlineParams } from '../../shared/protocol';

const BACKGROUND_BY_SEVERITY: Record<HeadlineParams['severity'], vscode.ThemeColor | undefined> = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export class HeadlineStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('perfdoc.headline', vscode.StatusBarAlignment.Left, 10);
  /** Latest headline per document URI (as `Uri.toString()`); documents without a figure have no entry. */
  private readonly headlines = new Map<string, HeadlineParams>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'perfdoc headline';
    // The figures come from the document's diagnostics, so the Problems view explains them.
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      // A closed document's figure is stale and would otherwise be kept for the whole session.
      vscode.workspace.onDidCloseTextDocument(doc => this.forget(doc.uri.toString())),
    ];
  }

  /** Records a headline pushed by the server; `uri` must already be in `Uri.toString()` form. */
  update(uri: string, headline: HeadlineParams): void {
    if (headline.text === null) this.headlines.delete(uri);
    else this.headlines.set(uri, headline);
    this.render();
  }

  /** Drops every figure, e.g. when the server restarts and will push fresh ones. */
  clear(): void {
    this.headlines.clear();
    this.render();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private forget(uri: string): void {
    if (this.headlines.delete(uri)) this.render();
  }

  private render(): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const headline = active === undefined ? undefined : this.headlines.get(active);
    if (headline?.text == null) {
      this.item.hide();
      return;
    }
    this.item.text = `$(dashboard) ${headline.text}`;
    this.item.tooltip = `perfdoc: ${headline.text}. Click to open the Problems view.`;
    this.item.backgroundColor = BACKGROUND_BY_SEVERITY[headline.severity];
    this.item.show();
  }
}
