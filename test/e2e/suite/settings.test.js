// Settings changed while the editor runs reach the server at once (workspace/configuration):
// no reload, no reopened document. Each test restores what it set.
const assert = require('assert');
const vscode = require('vscode');
const {
  activeExtensionApi,
  applyQuickFix,
  blockSegments,
  cleanUpEditors,
  diagnosticCode,
  inlayHints,
  openDoc,
  rangeOf,
  waitFor,
  waitForDiagnosticCode,
  waitForNoDiagnosticCode,
} = require('./helpers');

const { Workspace } = vscode.ConfigurationTarget;
const perfdocSettings = () => vscode.workspace.getConfiguration('perfdoc');
const SETTINGS_CHANGED = ['minBufferPercent', 'inlayHints.enabled'];

/**
 * The inlay hints of `document` once `ready(hints)` holds. The server re-reads its settings
 * on a change and then republishes every open document's diagnostics: each such event asks
 * again, so the answer given after the server has the new setting is always seen.
 */
function waitForInlayHints(document, ready, what) {
  let last;
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    async () => {
      last = await inlayHints(document);
      return ready(last) ? last : undefined;
    },
    () => `${what}; the hints are ${JSON.stringify(last?.map(hint => hint.label))}`,
  );
}

describe('settings', () => {
  before(activeExtensionApi);
  afterEach(async () => {
    for (const key of SETTINGS_CHANGED) await perfdocSettings().update(key, undefined, Workspace);
    await cleanUpEditors();
  });

  it("perfdoc.minBufferPercent: at 50% LB002 appears on search-api.perf.yaml's 6% of room, and goes at the default", async () => {
    const document = await openDoc('search-api.perf.yaml');
    // The hints show that the server has analyzed the document, which has no diagnostic at the default 5%.
    await waitForInlayHints(document, hints => hints.length > 0, 'hints of search-api.perf.yaml');
    assert.deepStrictEqual(vscode.languages.getDiagnostics(document.uri), []);
    await perfdocSettings().update('minBufferPercent', 50, Workspace);
    const diagnostics = await waitForDiagnosticCode(document.uri, 'LB002');
    const lb002 = diagnostics.find(d => d.range.isEqual(rangeOf(document, /^(segments):/m)));
    assert.ok(lb002, 'LB002 is reported on segments:');
    // 0 ms headroom + the 30 ms buffer = 6% of 500 ms; 50% is 250 ms (§5.1 rule 5)
    assert.match(lb002.message, /30 ms/);
    assert.match(lb002.message, /50%/);
    await perfdocSettings().update('minBufferPercent', undefined, Workspace);
    await waitForNoDiagnosticCode(document.uri, 'LB002');
  });

  it('perfdoc.minBufferPercent: at 10% the LB002 quick fix moves the missing 20 ms into the Buffer segment', async () => {
    const document = await openDoc('search-api.perf.yaml');
    await perfdocSettings().update('minBufferPercent', 10, Workspace);
    // 10% of 500 ms is 50 ms of room; 0 ms headroom + 30 ms of buffer leave 20 ms to find.
    const { fix, after } = await applyQuickFix(document, 'LB002');
    const byName = Object.fromEntries(blockSegments(document).map(segment => [segment.name, segment.budgetMs]));
    assert.strictEqual(byName.Buffer, 50, `after "${fix.title}"`);
    assert.strictEqual(byName['Database/search query'], 200, 'taken from the largest plain segment');
    assert.deepStrictEqual(after.map(diagnosticCode), []);
  });

  it('perfdoc.inlayHints.enabled: false removes every hint, true brings them back', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    await waitForDiagnosticCode(document.uri, 'CM004');
    const needs28 = hints => hints.some(hint => hint.label === 'needs 38');
    await waitForInlayHints(document, needs28, 'the "needs 38" hint');
    await perfdocSettings().update('inlayHints.enabled', false, Workspace);
    await waitForInlayHints(document, hints => hints.length === 0, 'no hints with perfdoc.inlayHints.enabled: false');
    await perfdocSettings().update('inlayHints.enabled', undefined, Workspace);
    await waitForInlayHints(document, needs28, 'the "needs 38" hint back with the default');
  });
});
