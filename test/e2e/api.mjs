// Part "api": the integration suite (suite/index.js) inside code-server's extension host,
// with the extension loaded from the unpacked VSIX, the way @vscode/test-electron runs it.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { createProfile, unpackVsix } from './lib/profile.mjs';
import { openBrowser, startCodeServer } from './lib/editor.mjs';

const SUITE = join(import.meta.dirname, 'suite', 'index.js');
/** Workbench start-up chatter, kept in the log file only; the rest (mocha's report) is printed. */
const WORKBENCH_NOISE =
  /^Creation of workbench contribution|open-vsx\.org|connection token|Creating a socket|builtin extensions cache|Service Worker|ChatSessionStore/;

export async function runApiSuite(scope, { projectRoot, vsixPath, artifactsDir, logsDir }) {
  const profile = createProfile('api', join(projectRoot, 'examples'));
  scope.defer(profile.remove);
  // Loading the packaged files (not the source tree) makes packaging mistakes fail the suite.
  const extensionDir = unpackVsix(vsixPath, join(profile.root, 'vsix'));
  const server = await startCodeServer(scope, profile, join(logsDir, 'api-code-server.log'));
  const page = await openBrowser(scope, profile, join(logsDir, 'api-browser.log'));
  const workbenchLog = join(logsDir, 'api-workbench.log');
  // Deferred, so that a timed-out run leaves its picture too (taken before the browser closes).
  scope.defer(() => page.screenshot({ path: join(artifactsDir, 'api-final.png'), timeout: 10_000 }));

  let reportExit;
  const exitCode = new Promise(resolve => (reportExit = resolve));
  // The workbench calls these in test mode: the suite's exit code and the extension host's console.
  await page.exposeFunction('codeAutomationExit', code => reportExit(code));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(args ?? []));
    appendFileSync(workbenchLog, `[${type}] ${line}\n`);
    if (!WORKBENCH_NOISE.test(line)) console.log(`    ${line}`);
  });
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
    ['extensionTestsPath', server.remoteUri(SUITE)],
    ['skipWelcome', 'true'],
  ];
  await page.goto(server.workbenchUrl(profile.workspace, { payload: JSON.stringify(payload) }));
  const code = await exitCode;
  if (code !== 0) throw new Error(`integration suite exited with code ${code}`);
}
