import { CompletionItem, CompletionParams } from 'vscode-languageserver/node';
import { completions as completionsAt } from '../../service/completion';
import { offsetAt, toCompletionItem } from '../convert';
import type { ServerState } from '../state';

export function completion(state: ServerState, p: CompletionParams): CompletionItem[] | null {
  const a = state.analysisFor(p.textDocument.uri);
  if (!a) return null;
  const offset = offsetAt(a, p.position);
  return completionsAt(a, offset).map(c => toCompletionItem(a, c, offset));
}
