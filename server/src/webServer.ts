// perfdoc language server in a web worker (dist/web/server.js), for vscode.dev and github.dev:
// the same handlers as the Node server (lsp/serve.ts) with no file system of its own, so every
// file a document references is read through the client (files/clientFileSystem.ts). Bundled
// for the browser (scripts/build.mjs): nothing it loads may need Node, and nothing evaluates
// code (the JSON Schema validators are precompiled).
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { webDocumentPaths } from './files/documentPaths';
import { serve } from './lsp/serve';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

// The server takes its turns with setImmediate (lsp/scheduler.ts): after the messages already
// queued, without setTimeout's clamping. A worker has no setImmediate; a MessageChannel
// message is the same kind of task.
const scope = globalThis as unknown as { setImmediate?: (fn: () => void) => void };
if (!scope.setImmediate) {
  // The browser's MessageChannel (@types/node describes Node's, which has no onmessage).
  const channel = new MessageChannel() as unknown as {
    port1: { onmessage: () => void };
    port2: { postMessage(message: null): void };
  };
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  scope.setImmediate = fn => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
serve(connection, { fileSystem: null, paths: webDocumentPaths, idleCollector: { analyzed: () => undefined } });
