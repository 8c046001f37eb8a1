// workspace/didChangeConfiguration: forget the settings of every folder, pull them again for
// the open documents, re-analyse those, and ask the client to ask again for inlay hints and
// code lenses (both depend on settings). A client that cannot be asked sends the values here.
import { DidChangeConfigurationParams } from 'vscode-languageserver/node';
import type { PerfdocSettings } from '../../../../shared/protocol';
import type { ServerState } from '../state';

export async function didChangeConfiguration(state: ServerState, change: DidChangeConfigurationParams): Promise<void> {
  if (state.support.configuration) state.settings.changed();
  else state.settings.changed((change.settings as { perfdoc?: PerfdocSettings } | undefined)?.perfdoc ?? {});
  await Promise.all([...state.documents.keys()].map(uri => state.settings.ensure(uri)));
  state.reanalyzeAll();
}
