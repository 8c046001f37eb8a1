import { Hover, HoverParams } from 'vscode-languageserver/node';
import { hoverAt } from '../../service/hover';
import { offsetAt, toHover } from '../convert';
import type { ServerState } from '../state';

export function hover(state: ServerState, p: HoverParams): Hover | null {
  const a = state.analysisFor(p.textDocument.uri);
  const h = a && hoverAt(a, offsetAt(a, p.position));
  return a && h ? toHover(a, h) : null;
}
