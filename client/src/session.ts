// What talks to the language server, for both extension hosts: the document selector, the
// headline notifications, the files the server asks the editor to read, the preview and the
// checklist report. client.ts (Node) and web/extension.ts (browser) differ only in how they
// create the LanguageClient: a Node process, or a web worker.
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { HeadlineNotification, ReadFileRequest } from '../../shared/protocol';
import { ChecklistReport } from './checklistReport';
import type { HeadlineStatus } from './headlineStatus';
import { BudgetPreview } from './preview';
import { readWorkspaceFile } from './workspaceFiles';

/** What the loaded half gives activation.ts: the client, and the work behind the commands that need it. */
export interface PerfdocClient {
  readonly client: BaseLanguageClient;
  /** Settles when the first server start has finished its `initialize` handshake (rejects if it failed). */
  readonly whenReady: Promise<void>;
  openPreview(): void;
  /** The preview panel VS Code restored after a reload, with the state its page kept (activation.ts's serializer). */
  restorePreview(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  showChecklistReport(): Promise<void>;
}

/**
 * The schemes perfdoc documents live under: files on disk, untitled editors, and the virtual
 * file systems of the browser (github.dev's vscode-vfs, @vscode/test-web's vscode-test-web, a
 * remote workspace's vscode-remote). Not `file` alone: then github.dev would check nothing.
 */
export const DOCUMENT_SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-test-web', 'vscode-remote'];

/** Starts `createClient`'s language client with perfdoc's options; what it creates is disposed with `context`. */
export function startSession(
  context: vscode.ExtensionContext,
  headlineStatus: HeadlineStatus,
  outputChannel: vscode.LogOutputChannel,
  createClient: (options: LanguageClientOptions) => BaseLanguageClient,
): PerfdocClient {
  const client = createClient({
    documentSelector: ['yaml', 'markdown'].flatMap(language => DOCUMENT_SCHEMES.map(scheme => ({ language, scheme }))),
    synchronize: {
      // The server pulls `perfdoc.*` with workspace/configuration; this push tells it when to pull again.
      configurationSection: 'perfdoc',
      // References (`latencyFrom`, `budget`, `capacity`) point at other files, and a test's `results:` at a
      // run's JSON, CSV or JTL: re-check when they change (a file nothing names re-checks nothing).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md,json,csv,jtl}'),
    },
    // activation.ts's channel, which already holds anything logged before the client existed.
    outputChannel,
  });
  client.onNotification(HeadlineNotification, params =>
    headlineStatus.update(client.protocol2CodeConverter.asUri(params.uri).toString(), params),
  );
  client.onRequest(ReadFileRequest, ({ uri, maxBytes }) => readWorkspaceFile(vscode.Uri.parse(uri), maxBytes));

  const whenReady = client.start();
  // A failed start is already reported in the client's output channel; callers await `whenReady` themselves.
  whenReady.catch(() => undefined);

  const checklistReport = new ChecklistReport(client);
  const budgetPreview = new BudgetPreview(client, whenReady);
  context.subscriptions.push(checklistReport, budgetPreview);
  return {
    client,
    whenReady,
    openPreview: () => budgetPreview.open(),
    restorePreview: (panel, state) => budgetPreview.restore(panel, state),
    showChecklistReport: () => checklistReport.show(),
  };
}
