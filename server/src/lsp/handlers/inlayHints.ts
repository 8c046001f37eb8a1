import { InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import { inlayHints as hintsIn } from '../../service/inlayHints';
import { offsetAt, toInlayHint } from '../convert';
import type { ServerState } from '../state';

/** Off with `perfdoc.inlayHints.enabled: false` for the document's folder. */
export function inlayHints(state: ServerState, p: InlayHintParams): InlayHint[] | null {
  if (!state.settings.of(p.textDocument.uri).inlayHints) return [];
  const a = state.analysisFor(p.textDocument.uri);
  if (!a) return null;
  return hintsIn(a, offsetAt(a, p.range.start), offsetAt(a, p.range.end)).map(h => toInlayHint(a, h));
}
