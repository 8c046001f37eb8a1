// The language-client half of the extension, bundled on its own as dist/client.js. extension.ts
// loads it with a plain `require` after `activate` has returned: vscode-languageclient takes tens of
// milliseconds to load and run its top-level code, time VS Code would otherwise count as perfdoc's
// activation. This half starts the server and owns everything that talks to it: the headline
// notifications, the preview and the checklist report.

import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { HeadlineNotification } from '../../shared/protocol';
import { ChecklistReport } from './checklistReport';
import type { HeadlineStatus } from './headlineStatus';
import { BudgetPreview } from './preview';

/** What the loaded half gives extension.ts: the client, and the work behind the commands that need it. */
export interface PerfdocClient {
  readonly client: LanguageClient;
  /** Settles when the first server start has finished its `initialize` handshake (rejects if it failed). */
  readonly whenReady: Promise<void>;
  openPreview(): void;
  /** The preview panel VS Code restored after a reload, with the state its page kept (extension.ts's serializer). */
  restorePreview(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  showChecklistReport(): Promise<void>;
}

/** Starts the language server; what it creates is disposed with `context`. */
export function startClient(
  context: vscode.ExtensionContext,
  headlineStatus: HeadlineStatus,
  outputChannel: vscode.LogOutputChannel,
): PerfdocClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
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
    // extension.ts's channel, which already holds anything logged before the client existed.
    outputChannel,
  };
  // The id `perfdoc` makes the client honour the `perfdoc.trace.server` setting.
  const client = new LanguageClient('perfdoc', 'perfdoc', serverOptions, clientOptions);
  client.onNotification(HeadlineNotification, params =>
    headlineStatus.update(client.protocol2CodeConverter.asUri(params.uri).toString(), params),
  );

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
