import { DocumentSymbol, DocumentSymbolParams } from 'vscode-languageserver/node';
import { documentSymbols as symbolsOf } from '../../service/symbols';
import { toDocumentSymbol } from '../convert';
import type { ServerState } from '../state';

export function documentSymbols(state: ServerState, p: DocumentSymbolParams): DocumentSymbol[] | null {
  const a = state.analysisFor(p.textDocument.uri);
  return a ? symbolsOf(a).map(s => toDocumentSymbol(a, s)) : null;
}
