// The production-review checklist report (lesson §18) as a read-only virtual Markdown document.
// A virtual document, unlike an untitled one, is never "unsaved": closing the window asks nothing,
// and running the command again refreshes an open preview in place.

import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { ChecklistReportRequest } from '../../shared/protocol';

const REPORT_URI = vscode.Uri.from({ scheme: 'perfdoc-report', path: '/Production Review Checklist.md' });

export class ChecklistReport implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private markdown = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_URI.scheme, this);

  constructor(private readonly client: LanguageClient) {}

  provideTextDocumentContent(): string {
    return this.markdown;
  }

  /** Asks the server for the report and shows it in the Markdown preview. */
  async show(): Promise<void> {
    const report = await this.client.sendRequest(ChecklistReportRequest);
    if (report.markdown.trim() === '') {
      void vscode.window.showInformationMessage(
        'perfdoc: nothing to report yet. Open a *.perf.yaml file or a design doc with perfdoc blocks.',
      );
      return;
    }
    this.markdown = report.markdown;
    this.changed.fire(REPORT_URI);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', REPORT_URI);
    } catch {
      // The built-in Markdown extension can be disabled; the report is still readable as text.
      await vscode.window.showTextDocument(REPORT_URI);
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
