// perfdoc/checklistReport: the production review checklist of every perfdoc file the
// workspace knows, open or on disk, each analysed with its own folder's settings.
import { CancellationToken } from 'vscode-languageserver/node';
import type { ChecklistReportResult } from '../../../../shared/protocol';
import type { FileAnalysis } from '../../core/analyze';
import { checklistReport as reportOf } from '../../service/checklist';
import { throwIfCancelled } from '../guard';
import type { ServerState } from '../state';

export async function checklistReport(
  state: ServerState,
  _p: unknown,
  token?: CancellationToken,
): Promise<ChecklistReportResult> {
  const paths = state.workspace.knownPaths();
  await Promise.all(paths.map(path => state.settings.ensure(state.uriOfPath(path))));
  // 2,000 workspace files take 10 s to analyse: slices of 20 ms let diagnostics, hovers
  // and a cancellation of this very request through in between.
  const files: FileAnalysis[] = [];
  let sliceStarted = Date.now();
  for (const path of paths) {
    if (Date.now() - sliceStarted > 20) {
      await new Promise(resolve => setImmediate(resolve));
      throwIfCancelled(token);
      sliceStarted = Date.now();
    }
    const a = state.workspace.analysisOfAny(path);
    if (a) files.push(a);
  }
  return { markdown: reportOf(files) };
}
