// Quick fixes for the perfdoc diagnostics the client sends back, and the checklist source
// action, filtered by the kinds the client asked for (`context.only`).
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { codeActions as actionsFor } from '../../service/codeActions';
import { CodeActionItem } from '../../service/types';
import type { Diagnostic } from '../../core/types';
import { DIAGNOSTIC_SOURCE, fromLspDiagnostic, offsetAt, toCodeAction } from '../convert';
import type { ServerState } from '../state';

export function codeActions(state: ServerState, p: CodeActionParams): CodeAction[] | null {
  const a = state.analysisFor(p.textDocument.uri);
  if (!a) return null;
  const ours = p.context.diagnostics.filter(d => d.source === DIAGNOSTIC_SOURCE);
  const sent = ours.map(fromLspDiagnostic);
  // The action names the client's own diagnostic objects, not converted copies.
  const original = new Map<Diagnostic, LspDiagnostic>(sent.map((d, i) => [d, ours[i]]));
  // The workspace gives the texts of referenced documents, which an LT010 fix edits.
  const actions = actionsFor(a, offsetAt(a, p.range.start), offsetAt(a, p.range.end), sent, state.workspace);
  return actions
    .filter(x => wanted(x, p.context.only))
    .map(x =>
      toCodeAction(
        a,
        p.textDocument.uri,
        x,
        (x.diagnostics ?? []).flatMap(d => original.get(d) ?? []),
        path => state.uriOfPath(path),
        state.support.snippetEdits,
      ),
    );
}

/** `only: ['source']` asks for every source action; `quickfix` for quick fixes. */
function wanted(x: CodeActionItem, only: string[] | undefined): boolean {
  return (
    !only ||
    only.some(
      k => x.kind === k || x.kind.startsWith(k + '.') || (k === CodeActionKind.Source && x.kind.startsWith('source')),
    )
  );
}
