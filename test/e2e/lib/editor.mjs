// code-server (VS Code 1.100.3: workbench + Node extension host) and Debian's Chromium driven
// by playwright-core: the real editor, as the tests see it. Every process is owned by a Scope.
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM, CODE_SERVER_ENTRY, RUNNER_DIR } from '../../../scripts/e2e-setup.mjs';
import { pollUntil, spawnGroup } from './processes.mjs';

/** playwright-core lives in RUNNER_DIR, which scripts/e2e-setup.mjs fills: loaded on first use, after the setup ran. */
const chromium = () => createRequire(join(RUNNER_DIR, 'package.json'))('playwright-core').chromium;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function codeServerArgs(profile) {
  return [
    CODE_SERVER_ENTRY,
    '--config',
    profile.configFile,
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
}

/** `code-server --install-extension`, as a user installs a VSIX. */
export async function installExtension(profile, vsixPath) {
  await promisify(execFile)(process.execPath, [...codeServerArgs(profile), '--install-extension', vsixPath], {
    env: profile.env,
    timeout: 60_000,
  });
}

/** Starts code-server on a free 127.0.0.1 port and waits until /healthz answers. */
export async function startCodeServer(scope, profile, logFile) {
  const port = await freePort();
  const server = spawnGroup(
    scope,
    process.execPath,
    [
      ...codeServerArgs(profile),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    { env: profile.env, logFile },
  );
  const origin = `http://127.0.0.1:${port}`;
  await pollUntil(
    async () => {
      if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}; see ${logFile}`);
      try {
        return (await fetch(`${origin}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    30_000,
    'code-server',
  );
  return {
    /** The workbench URL with `folder` open and optional query parameters. */
    workbenchUrl: (folder, query = {}) => `${origin}/?${new URLSearchParams({ folder, ...query })}`,
    /** A path on the server as the workbench names it (extensionDevelopmentPath, extensionTestsPath). */
    remoteUri: path => `vscode-remote://127.0.0.1:${port}${path}`,
  };
}

/** Headless Chromium with a private profile; page console messages go to `logFile`. */
export async function openBrowser(scope, profile, logFile) {
  const context = await chromium().launchPersistentContext(profile.browserDir, {
    executablePath: CHROMIUM,
    headless: true,
    // The run's own signal handlers close the scopes; Playwright's would exit the process first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1280, height: 800 },
    env: profile.env,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  scope.defer(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  // Each line with the seconds since the browser opened, to tell where a slow step spent its time.
  const opened = Date.now();
  const elapsed = () => ((Date.now() - opened) / 1000).toFixed(1).padStart(6);
  const log = line => appendFileSync(logFile, `${elapsed()}s ${line}\n`);
  page.on('console', message => log(`[${message.type()}] ${message.text()}`));
  // Web workers (the web worker extension host and the workers it starts, such as a language
  // server's): where each came from and what it printed, which the page's console does not show.
  page.on('worker', worker => {
    const name = worker.url().slice(0, 120);
    log(`[worker] started: ${name}`);
    worker.on('console', message => log(`[worker ${message.type()}] ${name}: ${message.text()}`));
    worker.on('close', () => log(`[worker] closed: ${name}`));
  });
  page.on('pageerror', error => log(`[pageerror] ${error.stack ?? error}`));
  return page;
}
