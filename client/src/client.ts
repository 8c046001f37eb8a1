// The language-client half of the Node extension, bundled on its own as dist/client.js.
// extension.ts loads it with a plain `require` after `activate` has returned: vscode-languageclient
// takes tens of milliseconds to load and run its top-level code, time VS Code would otherwise count
// as perfdoc's activation. It starts the server as a Node process (dist/server.js); everything
// that talks to it is session.ts's.
import type * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { HeadlineStatus } from './headlineStatus';
import { PerfdocClient, startSession } from './session';

export type { PerfdocClient } from './session';

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
  // The id `perfdoc` makes the client honour the `perfdoc.trace.server` setting.
  return startSession(
    context,
    headlineStatus,
    outputChannel,
    options => new LanguageClient('perfdoc', 'perfdoc', serverOptions, options),
  );
}
