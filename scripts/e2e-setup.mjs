// Installs what the end-to-end tests need, into the gitignored .vscode-test/ folder.
// Idempotent and fast when everything is already there; each step prints its time.
//   node scripts/e2e-setup.mjs
// A piece that cannot be had fails the setup with a message saying what to install:
// the e2e tests are never skipped silently.
//
// Why code-server and not a VS Code desktop download: this machine reaches only the npm
// registry and Debian's packages. code-server 4.100.3 is VS Code 1.100.3 (workbench plus
// VS Code's own Node extension host) and is the newest release whose engines accept Node 20.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TEST_TOOLS_DIR = join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = join(TEST_TOOLS_DIR, 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');
/** playwright-core drives Debian's Chromium; mocha 11 is the last CommonJS mocha, loadable by
 *  require() in any extension host (the repo's mocha 12 needs require(esm), Node >= 20.19). */
export const RUNNER_DIR = join(TEST_TOOLS_DIR, 'runner');
const RUNNER_DEPENDENCIES = { 'playwright-core': '1.65.1', mocha: '11.7.5' };
export const CHROMIUM = '/usr/bin/chromium';
export const NVIM = '/usr/bin/nvim';

/** Debian package → a file that shows it is installed (also checked where dpkg is absent). */
const SYSTEM_PACKAGES = {
  chromium: CHROMIUM,
  'libkrb5-dev': '/usr/include/gssapi/gssapi.h', // code-server's native kerberos module
  ripgrep: '/usr/bin/rg', // handed to @vscode/ripgrep, which would download rg
  neovim: NVIM,
  unzip: '/usr/bin/unzip', // unpacks the VSIX
};

export function timed(title, step) {
  const start = Date.now();
  const outcome = step();
  console.log(`[e2e-setup] ${title}: ${outcome} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

function commandExists(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function missingSystemPackages(packages) {
  return Object.entries(packages)
    .filter(([, file]) => !existsSync(file))
    .map(([pkg]) => pkg);
}

/** Installs the Debian `packages` (package → a file it provides) that are missing. */
export function ensureSystemPackages(packages = SYSTEM_PACKAGES, purpose = 'the e2e tests') {
  const missing = missingSystemPackages(packages);
  if (missing.length === 0) return 'present';
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new Error(
      `missing system packages: ${missing.join(' ')}; ${purpose} need them. ` +
        `Install them (Debian: sudo apt-get install -y ${missing.join(' ')}) and run again.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...missing], { env });
  const stillMissing = missingSystemPackages(packages);
  if (stillMissing.length) throw new Error(`apt-get install did not provide: ${stillMissing.join(' ')}`);
  return `installed ${missing.join(' ')}`;
}

/** Installs `dependencies` into `dir` (its own package.json) unless the marker says it is done. */
export function ensureNpmFolder(dir, dependencies, { prepare = () => {}, npmArgs = [], env = process.env } = {}) {
  const marker = join(dir, 'installed.json');
  const wanted = JSON.stringify(dependencies);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return 'present';
  prepare();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies }, null, 2) + '\n');
  run('npm', ['install', '--no-audit', '--no-fund', ...npmArgs], { cwd: dir, env });
  writeFileSync(marker, wanted);
  return `installed ${Object.entries(dependencies)
    .map(([n, v]) => `${n}@${v}`)
    .join(' ')}`;
}

export function ensureCodeServer() {
  const npmTmp = join(TEST_TOOLS_DIR, 'tmp');
  const prepare = () => {
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    if (nodeMajor !== 20) {
      throw new Error(`code-server ${CODE_SERVER_VERSION} installs only under Node 20 (this is ${process.version}).`);
    }
    // @vscode/ripgrep's postinstall downloads rg from the internet unless it finds the archive
    // in $TMPDIR/vscode-ripgrep-cache-<version>/: hand it Debian's rg there.
    const ripgrepCache = join(npmTmp, 'vscode-ripgrep-cache-1.15.11');
    mkdirSync(ripgrepCache, { recursive: true });
    if (process.arch === 'x64') {
      run('tar', [
        'czf',
        join(ripgrepCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'),
        '-C',
        '/usr/bin',
        'rg',
      ]);
    }
  };
  return ensureNpmFolder(
    CODE_SERVER_DIR,
    { 'code-server': CODE_SERVER_VERSION },
    {
      prepare,
      // --unsafe-perm: as root the postinstall refuses to run without it;
      // npm_config_yes: the postinstall's npx must not ask before installing node-gyp.
      npmArgs: ['--unsafe-perm'],
      env: { ...process.env, TMPDIR: npmTmp, npm_config_yes: 'true' },
    },
  );
}

export function ensureRunner() {
  return ensureNpmFolder(RUNNER_DIR, RUNNER_DEPENDENCIES);
}

export function setupAll() {
  const start = Date.now();
  timed('system packages', () => ensureSystemPackages());
  timed('code-server', ensureCodeServer);
  timed('test runner (playwright-core, mocha)', ensureRunner);
  console.log(`[e2e-setup] done (${((Date.now() - start) / 1000).toFixed(1)}s)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    setupAll();
  } catch (error) {
    console.error(`[e2e-setup] FAILED: ${error.message}`);
    process.exit(1);
  }
}
