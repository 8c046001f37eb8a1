// `npm run test:web`: the web suite of test/e2e (suite/web/index.js, the one part api-web runs
// in code-server) through @vscode/test-web, in VS Code for the Web itself. @vscode/test-web
// downloads VS Code and Chromium at run time, so this needs a machine with internet access and
// is not part of `npm test` (this project's machines have none: there part api-web runs it).
//   npm run test:web            (or: node test/web/run-test-web.mjs [--skip-package])
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRunner, REPO_ROOT } from '../../scripts/e2e-setup.mjs';
import { bundleWebSuite } from '../e2e/api.mjs';
import { createProfile, packageVsix, unpackVsix } from '../e2e/lib/profile.mjs';

const TEST_WEB = '@vscode/test-web@0.0.81';
const { values: options } = parseArgs({ options: { 'skip-package': { type: 'boolean', default: false } } });

ensureRunner(); // mocha 11 in .vscode-test/runner: its browser build goes into the suite bundle
const vsixPath = options['skip-package'] ? join(REPO_ROOT, 'perfdoc.vsix') : packageVsix(REPO_ROOT);
const profile = createProfile('test-web', join(REPO_ROOT, 'examples'));
try {
  const suite = await bundleWebSuite(REPO_ROOT, join(profile.root, 'web-suite', 'index.js'));
  const run = spawnSync(
    'npx',
    [
      '--yes',
      TEST_WEB,
      '--browserType=chromium',
      '--headless',
      `--extensionDevelopmentPath=${unpackVsix(vsixPath, join(profile.root, 'vsix'))}`,
      `--extensionTestsPath=${suite}`,
      profile.workspace,
    ],
    { stdio: 'inherit', env: profile.env },
  );
  if (run.status !== 0) throw new Error(`${TEST_WEB} exited with ${run.status ?? run.signal}`);
  console.log('test:web: integration suite passed');
} catch (error) {
  console.error(`test:web: integration suite failed: ${error.message ?? error}`);
  process.exitCode = 1;
} finally {
  profile.remove();
}
