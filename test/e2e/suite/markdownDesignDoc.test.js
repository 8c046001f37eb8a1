// A Markdown design doc (examples/design-doc.md): its ```yaml and ```perfdoc fences that hold
// perfdoc documents are checked, with positions in the Markdown file; the prose and the
// Kubernetes YAML fence are left alone (FORMAT.md §1).
const assert = require('assert');
const vscode = require('vscode');
const {
  activeExtensionApi,
  addChecklist,
  applyQuickFix,
  CHECKLIST_HEADER,
  cleanUpEditors,
  diagnosticCode,
  hoverText,
  inlayHints,
  openDoc,
  openScratchDoc,
  positionOf,
  rangeOf,
  waitForDiagnosticCode,
  waitForNoDiagnosticCode,
} = require('./helpers');

const DESIGN_DOC = 'design-doc.md';
/** A design doc whose ```perfdoc fence has a budget without a unit (PD003); the prose has one too, which is not YAML. */
const UNITLESS_DESIGN = [
  '# Scratch design',
  '',
  'The edge gets budget: 40 in the first draft.',
  '',
  '```perfdoc',
  'apiVersion: perfdoc/v1',
  'kind: LatencyBudget',
  'name: Fenced budget',
  'target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s, errorRate: 0.1% }',
  'segments:',
  '  - name: Edge',
  '    budget: 40',
  '  - name: Application',
  '    budget: 150ms',
  '  - name: Buffer',
  '    budget: 50ms',
  '    buffer: true',
  '```',
  '',
  'After the fence.',
  '',
].join('\n');

/** The content lines (zero-based, fence lines excluded) of each fenced block: `{ info, first, last, text }`. */
function fences(document) {
  const found = [];
  let open;
  for (let line = 0; line < document.lineCount; line++) {
    const fence = /^```(\S*)/.exec(document.lineAt(line).text);
    if (!fence) continue;
    if (open) {
      found.push({ ...open, last: line - 1, text: document.getText(new vscode.Range(open.first, 0, line, 0)) });
      open = undefined;
    } else {
      open = { info: fence[1], first: line + 1 };
    }
  }
  return found;
}

const isPerfdocFence = fence =>
  ['yaml', 'perfdoc'].includes(fence.info) && fence.text.includes('apiVersion: perfdoc/v1');
const fenceOf = (document, line) => fences(document).find(fence => fence.first <= line && line <= fence.last);

describe('Markdown design doc', () => {
  before(activeExtensionApi);
  afterEach(cleanUpEditors);

  it('reports diagnostics only on the lines of its perfdoc fences: LB011 and CM005 where they lie', async () => {
    const document = await openDoc(DESIGN_DOC);
    assert.strictEqual(document.languageId, 'markdown');
    const diagnostics = await waitForDiagnosticCode(document.uri, 'CM005');
    for (const d of diagnostics) {
      const fence = fenceOf(document, d.range.start.line);
      assert.ok(
        fence && isPerfdocFence(fence) && d.range.end.line <= fence.last,
        `${diagnosticCode(d)} on line ${d.range.start.line + 1} is outside the perfdoc fences`,
      );
    }
    const found = diagnostics
      .map(d => [diagnosticCode(d), d.severity, d.range.start.line, d.range.start.character])
      .sort();
    assert.deepStrictEqual(found, [
      // 400 in flight at p95 latency (800 rps × 0.5 s) over the 150 threads (§4.3)
      ['CM005', vscode.DiagnosticSeverity.Warning, ...pointOf(rangeOf(document, /^\s*limit: (150)$/m))],
      // the search/permissions fan-out (§4.5)
      ['LB011', vscode.DiagnosticSeverity.Information, ...pointOf(rangeOf(document, /^\s*(parallel):/m))],
    ]);
  });

  it('explains a figure on hover inside a fence, and nothing in the Kubernetes fence', async () => {
    const document = await openDoc(DESIGN_DOC);
    const inFence = await hoverText(document.uri, positionOf(document, /^\s*peakRps: (800)/m));
    // Little's law: 800 rps × 0.12 s = 96 in flight (§4.3)
    assert.ok(inFence.includes('800 rps × 0.12 s = 96 in flight'), JSON.stringify(inFence));
    const kubernetes = await hoverText(document.uri, positionOf(document, /^\s*(minReplicas): 2/m));
    assert.doesNotMatch(kubernetes, /§|perfdoc/, 'perfdoc explained a Kubernetes manifest');
  });

  it('shows inlay hints only inside its perfdoc fences', async () => {
    const document = await openDoc(DESIGN_DOC);
    const hints = await inlayHints(document);
    assert.ok(
      hints.some(h => h.label === '→ 96 in flight' && h.position.isEqual(rangeOf(document, /^\s*peakRps: (800)/m).end)),
      JSON.stringify(hints.map(h => h.label)),
    );
    for (const hint of hints) {
      const fence = fenceOf(document, hint.position.line);
      assert.ok(
        fence && isPerfdocFence(fence),
        `hint "${hint.label}" on line ${hint.position.line + 1} is outside the perfdoc fences`,
      );
    }
  });

  it('lists the two perfdoc documents in the outline, not the Kubernetes one', async () => {
    const document = await openDoc(DESIGN_DOC);
    const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
    const perfdoc = symbols.filter(s => /^(LatencyBudget|CapacityModel|LoadTestPlan): /.test(s.name)).map(s => s.name);
    assert.deepStrictEqual(perfdoc, ['LatencyBudget: Case search v2', 'CapacityModel: Case search v2']);
    assert.ok(
      !symbols.some(s => /HorizontalPodAutoscaler|YAML document/.test(s.name)),
      JSON.stringify(symbols.map(s => s.name)),
    );
  });

  it('applies a quick fix inside a fence (PD003 appends "ms"), leaving the prose as it was', async () => {
    const document = await openScratchDoc('scratch-design-fix.md', UNITLESS_DESIGN);
    const { before, after } = await applyQuickFix(document, 'PD003');
    assert.deepStrictEqual(
      before.map(d => [diagnosticCode(d), d.range.start.line]),
      [['PD003', rangeOf(document, /^ {4}(budget): 40ms$/m).start.line]],
    );
    assert.deepStrictEqual(after, []);
    assert.strictEqual(document.getText(), UNITLESS_DESIGN.replace('    budget: 40\n', '    budget: 40ms\n'));
  });

  it('writes the production review checklist inside the fence of the document it is for', async () => {
    const document = await openScratchDoc('scratch-design-checklist.md', UNITLESS_DESIGN);
    await waitForDiagnosticCode(document.uri, 'PD003');
    await addChecklist(document, positionOf(document, /^kind: /m));
    const headerLine = document
      .getText()
      .split('\n')
      .findIndex(line => line.startsWith(CHECKLIST_HEADER));
    assert.ok(headerLine >= 0, `no checklist in ${JSON.stringify(document.getText())}`);
    const fence = fenceOf(document, headerLine);
    assert.ok(
      fence && fence.info === 'perfdoc',
      `the checklist starts on line ${headerLine + 1}, outside the perfdoc fence`,
    );
    const checklist = fence.text.slice(fence.text.indexOf(CHECKLIST_HEADER)).trimEnd().split('\n');
    assert.ok(
      checklist.every(line => line.startsWith('#')),
      `the fence goes on after the checklist: ${JSON.stringify(fence.text)}`,
    );
    assert.ok(document.getText().endsWith('```\n\nAfter the fence.\n'), 'the Markdown after the fence changed');
  });

  it('re-checks a fence as it is edited: a larger thread pool clears CM005', async () => {
    const document = await openDoc(DESIGN_DOC);
    await waitForDiagnosticCode(document.uri, 'CM005');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, rangeOf(document, /^\s*limit: (150)$/m), '500');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForNoDiagnosticCode(document.uri, 'CM005');
    assert.deepStrictEqual(after.map(diagnosticCode), ['LB011']);
  });
});

/** `[line, character]` of a range's start. */
function pointOf(range) {
  return [range.start.line, range.start.character];
}
