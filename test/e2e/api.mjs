// Parts "api" and "api-web": the integration suite inside code-server's extension host, with
// the extension loaded from the unpacked VSIX, the way @vscode/test-electron runs it. "api"
// runs suite/index.js in the Node extension host (package.json `main`); "api-web" runs the
// suite bundled for the browser (suite/web/index.js) in the web worker extension host
// (extensionDevelopmentKind web, package.json `browser`), as vscode.dev and github.dev do.
import * as esbuild from 'esbuild';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { createProfile, unpackVsix } from './lib/profile.mjs';
import { openBrowser, startCodeServer } from './lib/editor.mjs';

const SUITE = join(import.meta.dirname, 'suite', 'index.js');
const WEB_SUITE = join(import.meta.dirname, 'suite', 'web', 'index.js');

function hideNodeMain(extensionDir) {
  const manifest = join(extensionDir, 'package.json');
  const { main: _main, ...webOnly } = JSON.parse(readFileSync(manifest, 'utf8'));
  writeFileSync(manifest, JSON.stringify(webOnly, null, 2));
}

/** The web suite as one CommonJS file, for the worker: mocha's browser build from .vscode-test/runner. */
export async function bundleWebSuite(projectRoot, outfile) {
  await esbuild.build({
    entryPoints: [WEB_SUITE],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    alias: {
      assert: join(import.meta.dirname, 'suite', 'web', 'assert.js'),
      // mocha 11, as suite/index.js uses (not the repo's mocha 12).
      mocha: join(projectRoot, '.vscode-test', 'runner', 'node_modules', 'mocha'),
    },
    // A worker has no environment: PERFDOC_E2E_GREP is written into the bundle.
    define: { PERFDOC_E2E_GREP: JSON.stringify(process.env.PERFDOC_E2E_GREP ?? '') },
    logLevel: 'warning',
  });
  return outfile;
}
/** Workbench start-up chatter, kept in the log file only; the rest (mocha's report) is printed. */
const WORKBENCH_NOISE =
  /^Creation of workbench contribution|open-vsx\.org|connection token|Creating a socket|builtin extensions cache|Service Worker|ChatSessionStore/;

export async function runApiSuite(scope, { projectRoot, vsixPath, artifactsDir, logsDir }, host = 'node') {
  const part = host === 'web' ? 'api-web' : 'api';
  const profile = createProfile(part, join(projectRoot, 'examples'));
  scope.defer(profile.remove);
  // Loading the packaged files (not the source tree) makes packaging mistakes fail the suite.
  const extensionDir = unpackVsix(vsixPath, join(profile.root, 'vsix'));
  // A remote window runs an extension with a Node `main` in the Node host, and code-server
  // 4.100.3 does not honour extensionDevelopmentKind: without `main` the packaged extension is
  // a web extension only, which VS Code runs in the web worker host (as on github.dev).
  if (host === 'web') hideNodeMain(extensionDir);
  // VS Code runs a test file in the host of the extension whose folder holds it: the web suite
  // goes inside the (web-only) extension, or the Node host would run it.
  const suite = host === 'web' ? await bundleWebSuite(projectRoot, join(extensionDir, 'web-suite', 'index.js')) : SUITE;
  const server = await startCodeServer(scope, profile, join(logsDir, `${part}-code-server.log`));
  const page = await openBrowser(scope, profile, join(logsDir, `${part}-browser.log`));
  const workbenchLog = join(logsDir, `${part}-workbench.log`);
  // Deferred, so that a timed-out run leaves its picture too (taken before the browser closes).
  scope.defer(() => page.screenshot({ path: join(artifactsDir, `${part}-final.png`), timeout: 10_000 }));

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
    ['extensionTestsPath', server.remoteUri(suite)],
    ['skipWelcome', 'true'],
    ...(host === 'web' ? [['extensionDevelopmentKind', 'web']] : []),
  ];
  await page.goto(server.workbenchUrl(profile.workspace, { payload: JSON.stringify(payload) }));
  const code = await exitCode;
  if (code !== 0) throw new Error(`integration suite exited with code ${code}`);
}
