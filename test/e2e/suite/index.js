// The integration suite's entry point, loaded by the extension host as `extensionTestsPath`:
// by code-server in test/e2e/api.mjs and by VS Code desktop in test/electron/run-test-electron.mjs.
// Every `*.test.js` in this folder is a part of it: adding a file is all it takes.
const fs = require('fs');
const path = require('path');
// mocha 11 from .vscode-test/runner (installed by scripts/e2e-setup.mjs): it loads with plain
// require() in any extension host, which the repo's ESM mocha 12 does not.
const Mocha = require(path.join(__dirname, '../../../.vscode-test/runner/node_modules/mocha'));

// activation.test.js checks that nothing activated the extension before it: it runs first.
const FIRST = 'activation.test.js';

exports.run = async function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, grep: process.env.PERFDOC_E2E_GREP });
  const testFiles = fs
    .readdirSync(__dirname)
    .filter(name => name.endsWith('.test.js'))
    .sort((a, b) => (b === FIRST) - (a === FIRST) || a.localeCompare(b));
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));
  const failures = await new Promise(resolve => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
};
