// `npm run test:e2e`: perfdoc in real editors.
//   node test/e2e/run.mjs [--only api,api-web,ui,nvim] [--root DIR] [--skip-package]
// Installs the tools (scripts/e2e-setup.mjs), builds perfdoc.vsix (`npm run package`), then runs
// the parts one after the other, each under its own time limit, and exits non-zero if any failed.
// See test/e2e/README.md for what each part asserts.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, setupAll } from '../../scripts/e2e-setup.mjs';
import { runApiSuite } from './api.mjs';
import { runNeovim } from './nvim.mjs';
import { runUi } from './ui.mjs';
import { closeScopesOnSignals, Scope, withTimeout } from './lib/processes.mjs';
import { packageVsix } from './lib/profile.mjs';

// Limits that catch a hang, not a slow machine: at load average ~20 on 2 cores api took 220 s and ui 144-176 s
// (api-web runs the same suite).
const PARTS = {
  api: { title: 'integration suite in code-server', timeoutMs: 420_000, run: runApiSuite },
  'api-web': {
    title: "integration suite in code-server's web worker extension host",
    timeoutMs: 420_000,
    run: (scope, context) => runApiSuite(scope, context, 'web'),
  },
  ui: { title: 'UI in code-server + Chromium', timeoutMs: 360_000, run: runUi },
  nvim: { title: 'Neovim LSP client', timeoutMs: 60_000, run: runNeovim },
};

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    // The project whose examples/, dist/ and perfdoc.vsix are tested (default: this repo).
    root: { type: 'string', default: REPO_ROOT },
    // Reuse the existing perfdoc.vsix and dist/ instead of running `npm run package`.
    'skip-package': { type: 'boolean', default: false },
  },
});
const selected = options.only ? options.only.split(',') : Object.keys(PARTS);
const unknown = selected.filter(name => !PARTS[name]);
if (unknown.length) {
  console.error(`unknown part(s): ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}

const seconds = since => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** Runs a preparation step; a failure ends the run, as no part can pass without it. */
function prepare(title, step) {
  const start = Date.now();
  try {
    const result = step();
    console.log(`[e2e] ${title}: done (${seconds(start)})`);
    return result;
  } catch (error) {
    console.error(`[e2e] ${title} FAILED (${seconds(start)}): ${error.message}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
}

closeScopesOnSignals();
const runStart = Date.now();
prepare('setup', setupAll);
const projectRoot = resolve(options.root);
const builtVsix = options['skip-package']
  ? join(projectRoot, 'perfdoc.vsix')
  : prepare('npm run package', () => packageVsix(projectRoot));
if (!existsSync(builtVsix))
  prepare('find perfdoc.vsix', () => {
    throw new Error(`${builtVsix} does not exist`);
  });
const artifactsDir = join(REPO_ROOT, 'test-artifacts', 'e2e');
const logsDir = join(artifactsDir, 'logs');
rmSync(artifactsDir, { recursive: true, force: true });
mkdirSync(logsDir, { recursive: true });
// The parts test this copy: another `npm run package` in the checkout may replace perfdoc.vsix meanwhile.
const vsixPath = join(artifactsDir, 'perfdoc.vsix');
copyFileSync(builtVsix, vsixPath);
const context = { projectRoot, vsixPath, artifactsDir, logsDir };

const results = [];
for (const name of selected) {
  const part = PARTS[name];
  console.log(`[e2e] ${name}: ${part.title}`);
  const start = Date.now();
  const scope = new Scope();
  let failure;
  try {
    await withTimeout(part.run(scope, context), part.timeoutMs, `part ${name}`);
  } catch (error) {
    failure = error;
  } finally {
    await scope.close();
  }
  results.push({ name, failure, time: seconds(start) });
  console.log(`[e2e] ${name}: ${failure ? `FAILED: ${failure.message}` : 'passed'} (${seconds(start)})`);
}

console.log(`\n[e2e] summary (logs and screenshots in ${artifactsDir}, total ${seconds(runStart)})`);
for (const { name, failure, time } of results) console.log(`  ${failure ? 'FAIL' : 'pass'}  ${name.padEnd(7)} ${time}`);
const failed = results.filter(result => result.failure).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
// Exit explicitly: a timed-out part may leave a pending promise behind (its processes are gone).
process.exit(failed ? 1 : 0);
