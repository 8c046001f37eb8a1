// Inlay hints put the computed figure right after the value it comes from (FORMAT.md §3-§4):
// in flight after the peak rate, workers needed after a queue's workers, the running
// critical-path total after each budget.
const assert = require('assert');
const vscode = require('vscode');
const { activeExtensionApi, blockSegments, cleanUpEditors, inlayHints, openDoc, rangeOf } = require('./helpers');

/** `label@line:character` (one-based line), to compare hints as text. */
const hintAt = (label, position) => `${label}@${position.line + 1}:${position.character}`;

describe('inlay hints', () => {
  before(activeExtensionApi);
  afterEach(cleanUpEditors);

  it('shows in flight after the peak rate and "needs 38" after the workers of queue-drain.perf.yaml', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    const hints = (await inlayHints(document)).map(hint => hintAt(hint.label, hint.position));
    // Little's law: 400 rps × 0.025 s = 10 in flight (§4.3); ceil((2,000,000 / 1,800 + 400) / 40) = 38 (§10.4)
    const expected = [
      hintAt('→ 10 in flight', rangeOf(document, /^\s*peakRps: (\d+)/m).end),
      hintAt('needs 38', rangeOf(document, /^\s*workers: (\d+)/m).end),
    ];
    for (const hint of expected) assert.ok(hints.includes(hint), `no hint ${hint} among ${JSON.stringify(hints)}`);
  });

  it('shows Σ of the critical path after segments:, the running total after each budget and the worst case in search-api.perf.yaml', async () => {
    const document = await openDoc('search-api.perf.yaml');
    const segments = blockSegments(document);
    const totalMs = segments[segments.length - 1].runningTotalMs;
    const targetMs = Number(document.getText(rangeOf(document, /^\s*p95: (\d+)ms/m)));
    const hints = await inlayHints(document);
    const segmentsKey = rangeOf(document, /^segments(:)/m).end;
    const labelAt = position => hints.filter(h => h.position.isEqual(position)).map(h => h.label);
    assert.deepStrictEqual(labelAt(segmentsKey), [
      `Σ ${totalMs} ms · ${Math.round((totalMs / targetMs) * 100)}% of p95`,
    ]);
    for (const segment of segments) {
      // An async segment is off the critical path: no running total after it.
      const expected = segment.async ? [] : [`Σ ${segment.runningTotalMs} ms`];
      assert.deepStrictEqual(labelAt(segment.budgetRange.end), expected, `after the budget of ${segment.name}`);
    }
    assert.deepStrictEqual(labelAt(rangeOf(document, /^\s*timeout: (2s)/m).end), ['worst case 1.54 s']);
  });

  it('gives only the hints inside the requested range', async () => {
    const document = await openDoc('search-api.perf.yaml');
    const segment = blockSegments(document).find(s => s.name === 'Database/search query');
    const lines = new vscode.Range(segment.budgetRange.start.line, 0, segment.budgetRange.end.line + 1, 0);
    assert.deepStrictEqual(
      (await inlayHints(document, lines)).map(h => h.label),
      [`Σ ${segment.runningTotalMs} ms`],
    );
  });
});
