// Which handler answers which message, for every host: the Node server (server.ts) and the
// web worker (webServer.ts) differ only in what they pass in here (a ServerHost): their own
// file system, how their URIs map to paths, and a garbage collector. The handlers are
// functions over one ServerState (state.ts), one file each under handlers/; conversions to
// and from LSP shapes are convert.ts's. docs/architecture.md has the path of an edit and of a setting.
import type { Connection } from 'vscode-languageserver/node';
import { ChecklistReportRequest, PreviewRequest } from '../../../shared/protocol';
import type { DocumentPaths } from '../files/documentPaths';
import type { FileSystem } from '../files/fileSystem';
import { guard } from './guard';
import { ServerState, connectionClient } from './state';
import { checklistReport } from './handlers/checklistReport';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { completion } from './handlers/completion';
import { didChangeConfiguration } from './handlers/configuration';
import { definition } from './handlers/definition';
import { publishDiagnostics } from './handlers/diagnostics';
import { didChange, didChangeWatchedFiles, didClose, didOpen } from './handlers/documents';
import { hover } from './handlers/hover';
import { initialize, initialized } from './handlers/initialize';
import { inlayHints } from './handlers/inlayHints';
import { preview } from './handlers/preview';
import { documentSymbols } from './handlers/symbols';

/** What a host gives the server. */
export interface ServerHost {
  /** Its own file system (node:fs), or null when it has none: then the client reads every file. */
  fileSystem: FileSystem | null;
  paths: DocumentPaths;
  idleCollector: { analyzed(chars: number): void };
}

export function serve(connection: Connection, host: ServerHost): ServerState {
  const state = new ServerState(
    connectionClient(connection),
    host.fileSystem,
    host.paths,
    publishDiagnostics,
    host.idleCollector,
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
