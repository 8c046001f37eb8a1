// The integration suite in the web worker extension host (part api-web): there a test, like an
// extension, is one file (a worker cannot require others), so test/e2e/api.mjs bundles this
// entry with esbuild: mocha's browser build, an `assert` without Node (assert.js), and the
// suite's files that hold in a browser. Instead of serverRestart.test.js, which finds and kills
// the server's Node process, web/serverRestart.test.js restarts the server's worker.
require('mocha/mocha.js');

globalThis.PERFDOC_E2E_HOST = 'web';

exports.run = () =>
  new Promise((resolve, reject) => {
    // PERFDOC_E2E_GREP: written into the bundle by api.mjs (a worker has no environment).
    mocha.setup({ ui: 'bdd', timeout: 30_000, ...(PERFDOC_E2E_GREP ? { grep: PERFDOC_E2E_GREP } : {}) });
    // The spec reporter writes to the console, which the workbench forwards; the browser build's
    // default (html) needs a DOM, which a worker has not.
    mocha.reporter(Mocha.reporters.Spec);
    // activation.test.js checks that nothing activated the extension before it: it runs first.
    require('../activation.test.js');
    require('../host.test.js');
    require('../diagnostics.test.js');
    require('../hover.test.js');
    require('../inlayHints.test.js');
    require('../quickFixes.test.js');
    require('../completion.test.js');
    require('../outline.test.js');
    require('../markdownDesignDoc.test.js');
    require('../references.test.js');
    require('../settings.test.js');
    require('./serverRestart.test.js');
    mocha.run(failures => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
