// perfdoc language server: which handler answers which message. The handlers are functions
// over one ServerState (lsp/state.ts), one file each under lsp/handlers/; conversions to and
// from LSP shapes are lsp/convert.ts's. Transport from the command line: --stdio, --node-ipc
// or --socket=N. docs/architecture.md has the path of an edit and of a setting.
import { Connection, ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { ChecklistReportRequest, PreviewRequest } from '../../shared/protocol';
import { FileSystem } from './files/fileSystem';
import { nodeFileSystem } from './files/nodeFileSystem';
import { guard } from './lsp/guard';
import { IdleCollector, fullGc } from './lsp/idleCollector';
import { ServerState, connectionClient } from './lsp/state';
import { checklistReport } from './lsp/handlers/checklistReport';
import { codeActions } from './lsp/handlers/codeActions';
import { codeLenses } from './lsp/handlers/codeLens';
import { completion } from './lsp/handlers/completion';
import { didChangeConfiguration } from './lsp/handlers/configuration';
import { definition } from './lsp/handlers/definition';
import { publishDiagnostics } from './lsp/handlers/diagnostics';
import { didChange, didChangeWatchedFiles, didClose, didOpen } from './lsp/handlers/documents';
import { hover } from './lsp/handlers/hover';
import { initialize, initialized } from './lsp/handlers/initialize';
import { inlayHints } from './lsp/handlers/inlayHints';
import { preview } from './lsp/handlers/preview';
import { documentSymbols } from './lsp/handlers/symbols';

export function startServer(connection: Connection, fileSystem: FileSystem = nodeFileSystem): ServerState {
  const state = new ServerState(
    connectionClient(connection),
    fileSystem,
    publishDiagnostics,
    new IdleCollector(fullGc()),
  );
  const on = <P, R>(name: string, fallback: R, handler: (s: ServerState, p: P) => R | Promise<R>) =>
    guard(state, name, fallback, handler);

  connection.onInitialize(p => initialize(state, p));
  connection.onInitialized(() => initialized(state));
  connection.onDidChangeConfiguration(on('configuration', undefined, didChangeConfiguration));
  connection.onDidOpenTextDocument(on('open', undefined, didOpen));
  connection.onDidChangeTextDocument(on('change', undefined, didChange));
  connection.onDidCloseTextDocument(on('close', undefined, didClose));
  connection.onDidChangeWatchedFiles(on('watched files', undefined, didChangeWatchedFiles));

  connection.onHover(on('hover', null, hover));
  connection.languages.inlayHint.on(on('inlay hints', null, inlayHints));
  connection.onCodeAction(on('code actions', null, codeActions));
  connection.onCompletion(on('completion', null, completion));
  connection.onDocumentSymbol(on('symbols', null, documentSymbols));
  connection.onDefinition(on('definition', null, definition));
  connection.onCodeLens(on('code lens', null, codeLenses));
  connection.onRequest(ChecklistReportRequest, guard(state, 'checklist report', { markdown: '' }, checklistReport));
  connection.onRequest(PreviewRequest, on('preview', null, preview));

  connection.listen();
  return state;
}

if (require.main === module) {
  // A bad document must never take the editor's server down; log and carry on.
  process.on('uncaughtException', e => {
    process.stderr.write(`perfdoc: uncaught ${(e as Error).stack ?? e}\n`);
  });
  startServer(createConnection(ProposedFeatures.all));
}
