// Which extension host the suite (and so perfdoc) runs in. In the web worker host (api-web:
// extensionDevelopmentKind web) there is no Node: no `process`, no `require` of Node modules;
// the extension was loaded from package.json `browser` and its server runs in a web worker.
const assert = require('assert');
const { activeExtensionApi, extension } = require('./helpers');

describe('extension host', () => {
  it('perfdoc runs in the host this part asked for, with its language client running', async () => {
    const api = await activeExtensionApi();
    const client = await api.clientReady;
    assert.ok(client.isRunning(), 'the language client is running');
    assert.ok(extension().isActive);
    const inWorker = typeof process === 'undefined';
    assert.strictEqual(inWorker, globalThis.PERFDOC_E2E_HOST === 'web', `process is ${typeof process}`);
    if (inWorker) assert.strictEqual(typeof globalThis.importScripts, 'function', 'a web worker');
  });
});
