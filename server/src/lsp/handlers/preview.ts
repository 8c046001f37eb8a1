import type { PreviewParams, PreviewResult } from '../../../../shared/protocol';
import { filePreview } from '../../charts/html';
import type { ServerState } from '../state';

/** The Budget & Capacity preview of an open document, drawn from its current version. */
export function preview(state: ServerState, p: PreviewParams): PreviewResult | null {
  const a = state.analysisFor(p.uri);
  return a ? filePreview(a, state.workspace.version(a.path) ?? null) : null;
}
