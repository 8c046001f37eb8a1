// Diagnostics from the language server reach the editor's Problems, with the spec's rule codes.
const assert = require('assert');
const vscode = require('vscode');
const { diagnosticCode, openDoc, waitForDiagnosticCode } = require('./helpers');

describe('diagnostics', () => {
  it('reports CM004 (too few queue workers) as an error in queue-drain.perf.yaml', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    const diagnostics = await waitForDiagnosticCode(document.uri, 'CM004');
    const cm004 = diagnostics.find((d) => diagnosticCode(d) === 'CM004');
    assert.strictEqual(cm004.severity, vscode.DiagnosticSeverity.Error);
    assert.match(cm004.message, /\S/);
  });
});
