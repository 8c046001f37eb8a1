// The browser's language client (loaded by web/extension.ts after `activate` has returned): the
// server in a web worker running the extension's dist/web/server.js, spoken to over
// vscode-languageclient/browser. In the one web bundle, esbuild keeps this module and
// vscode-languageclient unevaluated until that require: activation does not pay for them.
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import type { ClientStarter } from '../activation';
import { startSession } from '../session';

/** The server's worker as this entry handles it; the message reader and writer take it as their port. */
interface ServerWorker {
  terminate(): void;
}
declare const Worker: new (url: string, options?: { name?: string }) => ServerWorker;

/**
 * A new worker running the extension's own dist/web/server.js. VS Code's web worker host starts
 * a worker from an extension's URL (https: on vscode.dev, the extension's own origin), but
 * refuses one from a vscode-remote: URL, an extension installed on a remote as in code-server
 * ("Creating workers from remote extensions is currently not supported"), while its fetch reads
 * that URL: then the same script starts from a blob: URL.
 */
async function startServerWorker(serverMain: vscode.Uri): Promise<ServerWorker> {
  const options = { name: 'perfdoc language server' };
  try {
    return new Worker(serverMain.toString(true), options);
  } catch {
    const response = await fetch(serverMain.toString(true));
    if (!response.ok) throw new Error(`cannot load the language server ${serverMain}: HTTP ${response.status}`);
    const script = new Blob([await response.blob()], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(script), options);
  }
}

export const startWebClient: ClientStarter = async (ctx, headlineStatus, outputChannel) => {
  const serverMain = vscode.Uri.joinPath(ctx.extensionUri, 'dist/web/server.js');
  // Each start of the client (the first, and perfdoc.restartServer's) gets a new worker and ends
  // the one before: the browser server does not end itself on `exit`, and a fresh worker is what
  // a restart is for. (Transports rather than the worker: the client's `instanceof Worker` test
  // fails on the worker host's wrapped Worker constructor.)
  let running: ServerWorker | undefined;
  const serverTransports = async () => {
    running?.terminate();
    const worker = await startServerWorker(serverMain);
    running = worker;
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  ctx.subscriptions.push({ dispose: () => running?.terminate() });
  // The id `perfdoc` makes the client honour the `perfdoc.trace.server` setting.
  return startSession(
    ctx,
    headlineStatus,
    outputChannel,
    options => new LanguageClient('perfdoc', 'perfdoc', serverTransports, options),
  );
};
