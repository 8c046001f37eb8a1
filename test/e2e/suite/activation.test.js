// The extension starts its language server only for perfdoc content, never for any file.
const assert = require('assert');
const vscode = require('vscode');
const { extension, openDoc, waitForDiagnostics, writeWorkspaceFile } = require('./helpers');

const activationEvents = () => extension().packageJSON.activationEvents ?? [];

describe('activation', () => {
  it('declares no catch-all activation event', () => {
    const catchAll = activationEvents().filter((event) => ['*', 'onStartupFinished', 'onLanguage:plaintext'].includes(event));
    assert.deepStrictEqual(catchAll, []);
  });

  it('is active at startup only through a workspaceContains match, and a .txt does not activate it', async () => {
    if (extension().isActive) {
      // This workspace (a copy of examples/) holds *.perf.yaml files: a workspaceContains event may have fired.
      const globs = activationEvents()
        .filter((event) => event.startsWith('workspaceContains:'))
        .map((event) => event.slice('workspaceContains:'.length));
      const matches = await Promise.all(globs.map((glob) => vscode.workspace.findFiles(glob, null, 1)));
      assert.ok(matches.some((files) => files.length > 0),
        `active at startup, yet no workspaceContains event matches this workspace (events: ${activationEvents()})`);
      return;
    }
    await writeWorkspaceFile('activation-notes.txt', 'latency budget notes, not a perfdoc document\n');
    await openDoc('activation-notes.txt');
    assert.strictEqual(extension().isActive, false, 'opening a .txt file activated perfdoc');
  });

  it('is active with a ready server once a *.perf.yaml file opens', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    await waitForDiagnostics(document.uri, (diagnostics) => diagnostics.length > 0);
    assert.strictEqual(extension().isActive, true);
    await extension().exports?.whenReady;
  });
});
