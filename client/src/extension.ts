// The VS Code side of perfdoc: it only starts the language server and wires the commands, the
// preview and a status bar item to it. All analysis happens in the server (dist/server.js), which decides
// which YAML and Markdown documents are perfdoc documents; everything else gets nothing.

import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { HEADLINE_NOTIFICATION, HeadlineParams } from '../../server/src/protocol';
import { ChecklistReport } from './checklistReport';
import { HeadlineStatus } from './headlineStatus';
import { BudgetPreview } from './preview';

/**
 * What `activate` returns, for tests and other extensions
 * (`vscode.extensions.getExtension('perfdoc.perfdoc').exports`).
 */
export interface PerfdocExtensionApi {
  /** The running language client. */
  client: LanguageClient;
  /** Settles when the first server start has finished its `initialize` handshake (rejects if it failed). */
  whenReady: Promise<void>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): PerfdocExtensionApi {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
      { language: 'markdown', scheme: 'file' },
    ],
    synchronize: {
      // The server pulls `perfdoc.*` with workspace/configuration; this push tells it when to pull again.
      configurationSection: 'perfdoc',
      // References (`latencyFrom`, `budget`, `capacity`) point at other files: re-check when they change on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md}'),
    },
  };
  // The id `perfdoc` makes the client honour the `perfdoc.trace.server` setting.
  const languageClient = new LanguageClient('perfdoc', 'perfdoc', serverOptions, clientOptions);
  client = languageClient;

  const headlineStatus = new HeadlineStatus();
  languageClient.onNotification(HEADLINE_NOTIFICATION, (params: HeadlineParams) =>
    headlineStatus.update(languageClient.protocol2CodeConverter.asUri(params.uri).toString(), params),
  );

  const whenReady = languageClient.start();
  // A failed start is already reported in the client's output channel; tests await `whenReady` themselves.
  whenReady.catch(() => undefined);

  const checklistReport = new ChecklistReport(languageClient);
  const budgetPreview = new BudgetPreview(languageClient, whenReady);
  context.subscriptions.push(
    headlineStatus,
    checklistReport,
    budgetPreview,
    vscode.commands.registerCommand('perfdoc.openPreview', () => budgetPreview.open()),
    vscode.commands.registerCommand('perfdoc.showChecklistReport', () => checklistReport.show()),
    vscode.commands.registerCommand('perfdoc.restartServer', async () => {
      headlineStatus.clear();
      await languageClient.restart();
    }),
  );
  return { client: languageClient, whenReady };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
