// perfdoc.restartServer in the web worker host: the client stops, starts its server again in a
// new worker (client/src/web/extension.ts ends the old one) with a new initialize handshake, and
// that server checks the open document and the next edit. The Node host's ../serverRestart.test.js
// also kills the server's process, which a worker has not.
const assert = require('assert');
const vscode = require('vscode');
const {
  activeExtensionApi,
  cleanUpEditors,
  openDoc,
  rangeOf,
  waitFor,
  waitForDiagnosticCode,
  waitForNoDiagnosticCode,
} = require('../helpers');

/** vscode-languageclient's `State` (the module is bundled into the extension, not loadable here). */
const CLIENT_STOPPED = 1;
const CLIENT_RUNNING = 2;

describe('server restart (web worker)', () => {
  afterEach(cleanUpEditors);

  it('perfdoc.restartServer starts a new server that checks the open document and its edits', async () => {
    const client = await (await activeExtensionApi()).clientReady;
    const document = await openDoc('queue-drain.perf.yaml');
    await waitForDiagnosticCode(document.uri, 'CM004');
    const handshake = client.initializeResult;
    const states = [];
    const recording = client.onDidChangeState(change => states.push(change.newState));
    try {
      await vscode.commands.executeCommand('perfdoc.restartServer');
      await waitFor(
        client.onDidChangeState,
        () => (client.state === CLIENT_RUNNING && states.includes(CLIENT_STOPPED) ? true : undefined),
        () => `the client stopped and running again; states seen ${JSON.stringify(states)}, now ${client.state}`,
      );
    } finally {
      recording.dispose();
    }
    assert.ok(client.initializeResult, 'the new server answered initialize');
    assert.notStrictEqual(client.initializeResult, handshake, 'a new initialize handshake, not the old one');
    await waitForDiagnosticCode(document.uri, 'CM004');
    // The queue needs 38 workers (FORMAT.md §10.4): the new server must clear CM004 on the edit.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, rangeOf(document, /^\s*workers:\s*(\d+)/m), '38');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForNoDiagnosticCode(document.uri, 'CM004');
  });
});
