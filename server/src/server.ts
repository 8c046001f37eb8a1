// perfdoc language server on Node (dist/server.js): the handlers (lsp/serve.ts) over node:fs
// and file: paths. Transport from the command line: --stdio, --node-ipc or --socket=N. The web
// worker's twin is webServer.ts.
import { Connection, ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { FileSystem } from './files/fileSystem';
import { nodeDocumentPaths } from './files/nodeDocumentPaths';
import { nodeFileSystem } from './files/nodeFileSystem';
import { IdleCollector, fullGc } from './lsp/idleCollector';
import { serve } from './lsp/serve';
import type { ServerState } from './lsp/state';

export function startServer(connection: Connection, fileSystem: FileSystem = nodeFileSystem): ServerState {
  return serve(connection, { fileSystem, paths: nodeDocumentPaths, idleCollector: new IdleCollector(fullGc()) });
}

if (require.main === module) {
  // A bad document must never take the editor's server down; log and carry on.
  process.on('uncaughtException', e => {
    process.stderr.write(`perfdoc: uncaught ${(e as Error).stack ?? e}\n`);
  });
  startServer(createConnection(ProposedFeatures.all));
}
