// The VS Code extension entry in the browser (dist/web/extension.js, package.json `browser`):
// vscode.dev, github.dev, and any web worker extension host. The same activation (activation.ts)
// and session (session.ts) as on Node; the language server runs in a web worker
// (dist/web/server.js) and reads the files a document references through this client
// (workspaceFiles.ts). One bundle: a web extension cannot require a second file.
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions } from 'vscode-languageclient/browser';
import { PerfdocExtensionApi, activatePerfdoc } from '../activation';
import { startSession } from '../session';

export { deactivate } from '../activation';

// The browser LanguageClient takes (id, name, serverOptions, clientOptions): the worker is the third.
type ServerWorker = Exclude<ServerOptions, () => unknown>;
declare const Worker: new (url: string, options?: { name?: string }) => ServerWorker;

/**
 * The server's worker, from the extension's own dist/web/server.js. The web worker extension
 * host refuses a worker from a vscode-remote: URL (an extension installed on a remote, as in
 * code-server), while its fetch reads one: then the same script starts from a blob: URL.
 */
async function serverWorker(serverMain: vscode.Uri): Promise<ServerWorker> {
  const options = { name: 'perfdoc language server' };
  try {
    return new Worker(serverMain.toString(true), options);
  } catch {
    const script = await (await fetch(serverMain.toString(true))).blob();
    return new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })), options);
  }
}

export function activate(context: vscode.ExtensionContext): PerfdocExtensionApi {
  return activatePerfdoc(context, () => async (ctx, headlineStatus, outputChannel) => {
    const worker = await serverWorker(vscode.Uri.joinPath(ctx.extensionUri, 'dist/web/server.js'));
    // The id `perfdoc` makes the client honour the `perfdoc.trace.server` setting.
    return startSession(
      ctx,
      headlineStatus,
      outputChannel,
      options => new LanguageClient('perfdoc', 'perfdoc', worker, options),
    );
  });
}
