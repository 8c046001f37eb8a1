// Publishing: the findings of an open document's analysis as diagnostics (with the version
// they belong to), and its headline for the status bar. A document whose folder's settings
// have not arrived yet waits for them instead of flashing diagnostics under the defaults.
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { headline } from '../../core/summary';
import { toLspDiagnostic } from '../convert';
import type { ServerState } from '../state';

export function publishDiagnostics(state: ServerState, uri: string): void {
  const doc = state.documents.get(uri);
  if (!doc) return;
  if (!state.settings.known(uri)) {
    void state.settings.ensure(uri).then(() => state.scheduler.schedule(uri));
    return;
  }
  const mark = state.clientFiles.missMark();
  const analysis = state.analysisFor(uri);
  if (!analysis) return;
  // A file it references is on its way from the client: its arrival analyses this document again.
  if (state.clientFiles.missedSince(mark)) return;
  // A folder's .perfdoc.yaml holds no documents: its diagnostics are its own problems.
  const findings = state.isConfigFile(analysis.path)
    ? state.configs.findingsOf(analysis.path)
    : analysis.documents.flatMap(d => d.findings);
  const diagnostics = findings.map(f => toLspDiagnostic(analysis, f));
  state.client.publishDiagnostics({ uri, version: doc.version, diagnostics });
  const first = analysis.documents.find(d => d.kind);
  const severity = diagnostics.some(d => d.severity === DiagnosticSeverity.Error)
    ? 'error'
    : diagnostics.some(d => d.severity === DiagnosticSeverity.Warning)
      ? 'warning'
      : 'ok';
  state.client.publishHeadline({ uri, text: first ? headline(first) : null, severity });
}
