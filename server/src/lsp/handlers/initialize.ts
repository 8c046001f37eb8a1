// initialize / initialized: what the client supports, the workspace folders, the first
// settings, and the index of the workspace's perfdoc files.
import { CodeActionKind, InitializeParams, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { PerfdocSettings } from '../../../../shared/protocol';
import { CHECKLIST_KIND } from '../convert';
import type { ServerState } from '../state';
import { WARM_UP_ROUNDS, warmUpInRounds } from '../warmUp';

export function initialize(state: ServerState, params: InitializeParams): InitializeResult {
  const caps = params.capabilities;
  state.support = {
    configuration: !!caps.workspace?.configuration,
    configurationRegistration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    inlayHintRefresh: !!caps.workspace?.inlayHint?.refreshSupport,
    codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
    snippetEdits: !!caps.workspace?.workspaceEdit?.snippetEditSupport,
  };
  const folders = (params.workspaceFolders ?? [])
    .map(f => f.uri)
    .concat(!params.workspaceFolders && params.rootUri ? [params.rootUri] : []);
  state.workspace.setRoots(folders.map(u => state.paths.placeOf(u)).filter(p => p !== undefined));
  state.settings.setFolders(folders);
  state.setConfigFolders(folders);
  if (state.support.configuration) state.settings.pullFrom(scope => state.client.configuration(scope));
  else {
    const init = params.initializationOptions as { settings?: PerfdocSettings } | undefined;
    if (init?.settings) state.settings.changed(init.settings);
  }
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CHECKLIST_KIND] },
      completionProvider: { triggerCharacters: [' ', ':'] },
      documentSymbolProvider: true,
      definitionProvider: true,
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'perfdoc-language-server', version: '0.1.0' },
  };
}

export async function initialized(state: ServerState): Promise<void> {
  if (state.support.configurationRegistration) state.client.watchConfiguration();
  state.settings.prefetchFolders();
  // Off the record and on a later turn: the first document opened runs compiled code (lsp/warmUp.ts).
  // Until the first document opens: from then on the real work warms the same code.
  warmUpInRounds(
    WARM_UP_ROUNDS,
    fn => setImmediate(() => (state.documents.size ? undefined : fn())),
    e => state.client.error(`perfdoc: warm-up failed: ${(e as Error).stack ?? e}`),
    state.paths,
  );
  // Index after the first requests are answered; slices yield so open files are analysed first.
  const started = Date.now();
  const files = await state.workspace.indexAll(() => new Promise(r => setImmediate(r)));
  state.client.log(
    `perfdoc: indexed ${state.workspace.indexedFiles} perfdoc files of ${files} in ${Date.now() - started} ms`,
  );
  state.reanalyzeAll();
}
