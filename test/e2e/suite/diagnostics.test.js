// Diagnostics from the language server reach the editor's Problems with the spec's rule codes,
// severities and ranges (FORMAT.md §3-§6). Expected ranges are found in the files' own text.
const assert = require('assert');
const vscode = require('vscode');
const {
  cleanUpEditors,
  diagnosticCode,
  openDoc,
  openScratchDoc,
  rangeOf,
  waitForDiagnosticCode,
  waitForDiagnostics,
} = require('./helpers');

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = vscode.DiagnosticSeverity;
const SEVERITY_NAME = { [ERROR]: 'error', [WARNING]: 'warning', [INFORMATION]: 'information' };

/** `CODE severity L:C-L:C` (one-based lines and characters), to compare diagnostics as text. */
const diagnosticLine = (code, severity, range) =>
  `${code} ${SEVERITY_NAME[severity]} ${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
const described = diagnostics => diagnostics.map(d => diagnosticLine(diagnosticCode(d), d.severity, d.range)).sort();

/**
 * examples/rules/latency-rules.perf.yaml holds one LatencyBudget per rule LB001..LB011, each
 * healthy but for its rule: where each finding lies, as a pattern inside that document (its
 * `name:` starts the pattern, the first group is the range).
 */
const LATENCY_RULES = [
  ['LB001', ERROR, /name: "LB001[^]*?^(segments):/m], // the critical path overruns p95
  ['LB002', WARNING, /name: "LB002[^]*?^(segments):/m], // no room for variance
  ['LB003', WARNING, /name: "LB003[^]*?^(target):/m], // no p99
  ['LB004', WARNING, /name: "LB004[^]*?^(target):/m], // no request timeout
  ['LB005', WARNING, /name: "LB005[^]*?(dependency): profile-svc/m],
  ['LB006', WARNING, /name: "LB006[^]*?Session store.*retries: (2)/m],
  ['LB006', WARNING, /name: "LB006[^]*?Cache read.*retries: (1)/m],
  ['LB007', ERROR, /name: "LB007[^]*?^target:.*timeout: (1s)/m], // worst case 1.45 s over 1 s
  ['LB008', ERROR, /name: "LB008[^]*?Search query.*timeout: (100ms)/m],
  ['LB009', ERROR, /name: "LB009[^]*?p99: (400ms)/m],
  ['LB010', WARNING, /name: "LB010[^]*?^\s+(region): us-east-1/m],
  ['LB010', WARNING, /name: "LB010: segments in two regions[^]*?^(segments):/m], // no home region (§9)
  ['LB011', INFORMATION, /name: "LB010: segments in two regions[^]*?(parallel):/m],
  ['LB011', INFORMATION, /name: "LB011[^]*?(parallel):/m],
];

describe('diagnostics', () => {
  afterEach(cleanUpEditors);

  it('reports CM004 as an error on the workers value of queue-drain.perf.yaml', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    const diagnostics = await waitForDiagnosticCode(document.uri, 'CM004');
    const workersValue = rangeOf(document, /^\s*workers:\s*(\d+)/m);
    assert.deepStrictEqual(described(diagnostics), [diagnosticLine('CM004', ERROR, workersValue)]);
    // ceil((2,000,000 / 1,800 s + 400/s arriving) / 40/s) = 38 (FORMAT.md §10.4; 28 without arrivals, §20 exercise 2)
    assert.match(diagnostics[0].message, /\b38 workers\b/);
    assert.strictEqual(diagnostics[0].source, 'perfdoc');
  });

  it('reports each LB rule of rules/latency-rules.perf.yaml on its own line and range, and nothing else', async () => {
    const document = await openDoc('rules/latency-rules.perf.yaml');
    const expected = LATENCY_RULES.map(([code, severity, pattern]) =>
      diagnosticLine(code, severity, rangeOf(document, pattern)),
    ).sort();
    const diagnostics = await waitForDiagnostics(document.uri, found => found.length >= expected.length);
    assert.deepStrictEqual(described(diagnostics), expected);
    const lb007 = diagnostics.find(d => diagnosticCode(d) === 'LB007');
    // (1 + 2) × 400 + 2 × 50 = 1,300 ms for the search query, 1,450 ms in all (§5.1 rule 3)
    assert.match(lb007.message, /1\.45 s/);
  });

  it('reports a YAML syntax error as PD001 where the flow mapping should have ended, and still checks the document before it', async () => {
    const document = await openDoc('rules/syntax-error.perf.yaml');
    const diagnostics = await waitForDiagnosticCode(document.uri, 'PD001');
    const pd001 = diagnostics.find(d => diagnosticCode(d) === 'PD001');
    assert.strictEqual(pd001.severity, ERROR);
    assert.strictEqual(pd001.range.start.line, rangeOf(document, /timeout: 1s\n(segments):/).start.line);
    assert.deepStrictEqual(diagnostics.map(diagnosticCode), ['PD001']);
  });

  it('checks an untitled YAML document', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content:
        'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: Untitled\ntarget: { p95: 300ms, p99: 600ms, timeout: 1s }\nsegments:\n  - { name: Application, budget: 400ms }\n',
    });
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnosticCode(document.uri, 'LB001');
    assert.ok(diagnostics.find(d => diagnosticCode(d) === 'LB001').range.isEqual(rangeOf(document, /^(segments):/m)));
  });

  it('leaves YAML that is not a perfdoc document alone', async () => {
    // A duration without a unit would be PD003 in a perfdoc document.
    const plain = await openScratchDoc(
      'scratch-deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: search }\nspec:\n  replicas: 3\n  timeout: 40\n',
    );
    // The server answers in order: once the document opened after it has its diagnostics, the plain YAML's are in.
    const perf = await openScratchDoc(
      'scratch-unitless.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: Unitless\ntarget: { p95: 300ms, p99: 600ms, timeout: 40 }\nsegments: []\n',
    );
    await waitForDiagnosticCode(perf.uri, 'PD003');
    assert.strictEqual(plain.languageId, 'yaml');
    assert.deepStrictEqual(described(vscode.languages.getDiagnostics(plain.uri)), []);
  });
});
