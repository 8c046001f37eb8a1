import { DefinitionParams, Location } from 'vscode-languageserver/node';
import { definitionAt } from '../../service/definition';
import { offsetAt } from '../convert';
import type { ServerState } from '../state';

/** From a reference (`latencyFrom`, `budget`, `capacity`) to the document it names, open or on disk. */
export function definition(state: ServerState, p: DefinitionParams): Location | null {
  const a = state.analysisFor(p.textDocument.uri);
  const t = a && definitionAt(a, offsetAt(a, p.position), state.workspace);
  return t ? { uri: state.uriOfPath(t.path), range: t.range } : null;
}
