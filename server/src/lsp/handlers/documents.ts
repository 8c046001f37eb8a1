// Text synchronisation (open, incremental change, close) and files changed on disk. Each
// event updates the workspace and schedules the analysis of the document and of the open
// documents that reference it; the analysis itself runs later (lsp/scheduler.ts).
import {
  DidChangeTextDocumentParams,
  DidChangeWatchedFilesParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  FileChangeType,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerState } from '../state';

export function didOpen(state: ServerState, { textDocument: t }: DidOpenTextDocumentParams): void {
  const doc = TextDocument.create(t.uri, t.languageId, t.version, t.text);
  state.documents.set(t.uri, doc);
  const path = state.track(t.uri, t.languageId);
  state.workspace.openDocument(path, doc.version, doc.getText());
  state.scheduler.schedule(t.uri);
  state.refreshDependents(path);
  state.configChanged(path, doc.getText());
}

export function didChange(state: ServerState, p: DidChangeTextDocumentParams): void {
  if (!p.contentChanges.length) return;
  const old = state.documents.get(p.textDocument.uri);
  const path = state.pathOfUri(p.textDocument.uri);
  if (!old || !path) return;
  const doc = TextDocument.update(old, p.contentChanges, p.textDocument.version);
  state.documents.set(doc.uri, doc);
  state.workspace.openDocument(path, doc.version, doc.getText());
  state.scheduler.schedule(doc.uri);
  state.refreshDependents(path);
  state.configChanged(path, doc.getText());
}

export function didClose(state: ServerState, { textDocument: { uri } }: DidCloseTextDocumentParams): void {
  state.documents.delete(uri);
  const path = state.untrack(uri);
  if (path) {
    state.workspace.closeDocument(path);
    state.workspace.fileChanged(path);
    state.refreshDependents(path);
    state.configChanged(path);
  }
  state.client.publishDiagnostics({ uri, diagnostics: [] });
}

export function didChangeWatchedFiles(state: ServerState, p: DidChangeWatchedFilesParams): void {
  for (const change of p.changes) {
    const path = state.paths.placeOf(change.uri);
    if (path === undefined) continue;
    if (state.workspace.isOpen(path) && change.type !== FileChangeType.Deleted) continue; // the editor's text wins
    state.workspace.fileChanged(path);
    state.refreshDependents(path);
    state.configChanged(path);
  }
}
