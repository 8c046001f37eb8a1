// The language server comes back: after `perfdoc.restartServer`, and after it is killed
// (vscode-languageclient restarts a crashed server). Either way a new server process checks
// the open documents and the next edit.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const {
  activeExtensionApi,
  cleanUpEditors,
  extension,
  openDoc,
  rangeOf,
  waitFor,
  waitForDiagnosticCode,
  waitForNoDiagnosticCode,
} = require('./helpers');

/** vscode-languageclient's `State.Running` (the module is bundled into the extension, not loadable here). */
const CLIENT_RUNNING = 2;
const RESTART_TIMEOUT_MS = 40_000;

/** Pids of this extension's language server processes: `node …/<extension>/dist/server.js …`. */
function serverPids() {
  const serverModule = path.join(extension().extensionPath, 'dist', 'server.js');
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args;
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (args.includes(serverModule)) pids.push(Number(entry));
  }
  return pids;
}

/** The pid of the one running server process. */
function serverPid() {
  const pids = serverPids();
  assert.strictEqual(pids.length, 1, `expected one perfdoc server process, found ${JSON.stringify(pids)}`);
  return pids[0];
}

/** Resolves with the new server's pid once the client runs again with a process other than `oldPid`. */
function waitForNewServer(client, oldPid) {
  return waitFor(
    client.onDidChangeState,
    () => {
      if (client.state !== CLIENT_RUNNING) return undefined;
      const pids = serverPids();
      return pids.length === 1 && pids[0] !== oldPid ? pids[0] : undefined;
    },
    () =>
      `a running client with a server other than pid ${oldPid}; client state ${client.state}, server pids ${JSON.stringify(serverPids())}`,
    RESTART_TIMEOUT_MS,
  );
}

/** Sets the queue's workers to what it needs (38) in the editor: the new server must clear CM004. */
async function fixWorkers(document) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, rangeOf(document, /^\s*workers:\s*(\d+)/m), '38');
  assert.ok(await vscode.workspace.applyEdit(edit));
  await waitForNoDiagnosticCode(document.uri, 'CM004', RESTART_TIMEOUT_MS);
}

describe('server restart', function () {
  this.timeout(2 * RESTART_TIMEOUT_MS);
  let client;
  before(async () => {
    // The client is loaded after activation (dist/client.js); the API hands it out once it is.
    client = await (await activeExtensionApi()).clientReady;
  });
  afterEach(cleanUpEditors);

  it('perfdoc.restartServer starts a new server process that checks the open document and its edits', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    await waitForDiagnosticCode(document.uri, 'CM004');
    const before = serverPid();
    await vscode.commands.executeCommand('perfdoc.restartServer');
    const after = await waitForNewServer(client, before);
    assert.notStrictEqual(after, before);
    await waitForDiagnosticCode(document.uri, 'CM004', RESTART_TIMEOUT_MS);
    await fixWorkers(document);
  });

  it('comes back after its process is killed (SIGKILL) and checks the next edit', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    await waitForDiagnosticCode(document.uri, 'CM004');
    const killed = serverPid();
    process.kill(killed, 'SIGKILL');
    await waitForNewServer(client, killed);
    await fixWorkers(document);
  });
});
