import { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { codeLenses as lensesOf } from '../../service/codeLens';
import { toCodeLens } from '../convert';
import type { ServerState } from '../state';

/** Off with `perfdoc.codeLens.enabled: false` for the document's folder. */
export function codeLenses(state: ServerState, p: CodeLensParams): CodeLens[] | null {
  if (!state.settings.of(p.textDocument.uri).codeLens) return [];
  const a = state.analysisFor(p.textDocument.uri);
  return a ? lensesOf(a).map(l => toCodeLens(a, l)) : null;
}
