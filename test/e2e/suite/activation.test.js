// The extension starts its language server only when a YAML or Markdown editor opens: nothing
// at VS Code start-up, nothing for other files. This file runs first (suite/index.js), in a
// fresh profile whose workbench restores no editor.
const assert = require('assert');
const vscode = require('vscode');
const { extension, openDoc, waitForDiagnostics, writeWorkspaceFile } = require('./helpers');

const activationEvents = () => extension().packageJSON.activationEvents ?? [];
const yamlOrMarkdownDocuments = () =>
  vscode.workspace.textDocuments.filter(d => d.languageId === 'yaml' || d.languageId === 'markdown');

describe('activation', () => {
  it('activates only on YAML, Markdown and a restored preview: no catch-all, no start-up or workspaceContains event', () => {
    // onWebviewPanel: a window reload that restores the Budget & Capacity preview activates perfdoc to fill it.
    assert.deepStrictEqual([...activationEvents()].sort(), [
      'onLanguage:markdown',
      'onLanguage:yaml',
      'onWebviewPanel:perfdoc.preview',
    ]);
  });

  it('is inactive before any YAML or Markdown editor opens, although the workspace holds *.perf.yaml files', async () => {
    assert.deepStrictEqual(
      yamlOrMarkdownDocuments().map(d => d.uri.toString()),
      [],
      'the workbench restored a YAML or Markdown document: this test needs a fresh profile',
    );
    const perfFiles = await vscode.workspace.findFiles('**/*.perf.yaml', null, 1);
    assert.strictEqual(perfFiles.length, 1, 'the workspace (a copy of examples/) should hold *.perf.yaml files');
    assert.strictEqual(extension().isActive, false, 'perfdoc was activated at start-up');
  });

  it('stays inactive when a .txt file opens', async () => {
    await writeWorkspaceFile('activation-notes.txt', 'latency budget notes, not a perfdoc document\n');
    const document = await openDoc('activation-notes.txt');
    assert.strictEqual(document.languageId, 'plaintext');
    assert.strictEqual(extension().isActive, false, 'opening a .txt file activated perfdoc');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(document.uri);
  });

  it('is active with a ready server once a *.perf.yaml file opens', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    assert.strictEqual(document.languageId, 'yaml', '*.perf.yaml is contributed to the yaml language');
    await waitForDiagnostics(document.uri, diagnostics => diagnostics.length > 0);
    assert.strictEqual(extension().isActive, true);
    await extension().exports.whenReady;
    // The language client is loaded after activation has returned (dist/client.js); by now it runs.
    const client = await extension().exports.clientReady;
    assert.strictEqual(client.isRunning(), true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
