// `npm run test:electron`: the integration suite of test/e2e/suite in VS Code desktop (Electron),
// through @vscode/test-electron. It downloads VS Code at run time, so it needs a machine with
// internet access (the project's own machines have none: there `npm run test:e2e` runs the same
// suite in code-server). On Linux without a display, run it under xvfb-run:
//   xvfb-run -a npm run test:electron                 (or: node test/electron/run-test-electron.mjs)
//   node test/electron/run-test-electron.mjs --vscode-version stable --skip-package
// Like test/e2e/api.mjs it loads the extension from the unpacked perfdoc.vsix, in a private
// profile with a temp copy of examples/ as the workspace.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { ensureRunner, REPO_ROOT } from '../../scripts/e2e-setup.mjs';
import { createProfile, packageVsix, unpackVsix } from '../e2e/lib/profile.mjs';

const { values: options } = parseArgs({
  options: {
    // 1.100.3 is the VS Code that code-server 4.100.3 embeds, the oldest that engines.vscode accepts.
    'vscode-version': { type: 'string', default: '1.100.3' },
    'skip-package': { type: 'boolean', default: false },
  },
});

ensureRunner(); // mocha 11 in .vscode-test/runner, which suite/index.js loads
const vsixPath = options['skip-package'] ? join(REPO_ROOT, 'perfdoc.vsix') : packageVsix(REPO_ROOT);
const profile = createProfile('electron', join(REPO_ROOT, 'examples'));
try {
  await runTests({
    version: options['vscode-version'],
    cachePath: join(REPO_ROOT, '.vscode-test'),
    extensionDevelopmentPath: unpackVsix(vsixPath, join(profile.root, 'vsix')),
    extensionTestsPath: join(REPO_ROOT, 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [
      profile.workspace,
      '--disable-extensions', // every extension but the one under test
      '--disable-workspace-trust',
      `--user-data-dir=${profile.userDataDir}`,
      `--extensions-dir=${profile.extensionsDir}`,
    ],
  });
  console.log('test:electron: integration suite passed');
} catch (error) {
  console.error(`test:electron: integration suite failed: ${error.message ?? error}`);
  process.exitCode = 1;
} finally {
  profile.remove();
}
