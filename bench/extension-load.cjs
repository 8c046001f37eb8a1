// Times the VS Code extension's activation in a fresh Node process, with the `vscode` module
// replaced by a stub:
//   activationMs  require(extension.js) + the synchronous `activate(context)` call: what VS Code
//                 counts as the extension's own activation (until `activate` returns), and what
//                 a bundle's size and top-level code decide. The < 50 ms target is held to it.
//   clientLoadMs  require(client.js), the language-client bundle (vscode-languageclient) that
//                 extension.js loads only after `activate` has returned. Not part of activation,
//                 but paid right after it on the same thread, so it is reported next to it.
// The process exits before the deferred load would run: with a stub `vscode` there is no server to start.
//   node extension-load.cjs ../dist/extension.js
//   → {"activationMs": 4.1, "requireMs": 3.2, "activateMs": 0.9, "clientLoadMs": 60.2, "clientLoadedDuringActivation": false, ...}
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

// Any property, call or `new` on the stub yields the stub, and any assignment is accepted;
// symbols (toPrimitive, iterator) stay undefined so coercions fail loudly instead of looping.
// The stub is also its own prototype: bundlers' ESM interop copies a module into an object
// created from the module's prototype, and property reads must reach the stub through it.
const vscodeStub = new Proxy(function vscode() {}, {
  get: (_target, key) => (typeof key === 'symbol' ? undefined : vscodeStub),
  set: () => true,
  getPrototypeOf: () => vscodeStub,
  apply: () => vscodeStub,
  construct: () => vscodeStub,
});
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
};

const entry = path.resolve(process.argv[2]);
const clientBundle = path.join(path.dirname(entry), 'client.js');
const extensionRoot = path.dirname(path.dirname(entry));
const context = { subscriptions: [], extensionPath: extensionRoot, asAbsolutePath: p => path.join(extensionRoot, p) };
const round = ms => Math.round(ms * 100) / 100;

const t0 = performance.now();
const extension = require(entry);
const t1 = performance.now();
const api = extension.activate(context);
const t2 = performance.now();
// A bundle that loads the client inside `activate` has nothing left to defer.
const clientLoadedDuringActivation = require.cache[clientBundle] !== undefined;
let clientLoadMs = null;
if (fs.existsSync(clientBundle) && !clientLoadedDuringActivation) {
  const t3 = performance.now();
  require(clientBundle);
  clientLoadMs = round(performance.now() - t3);
}
process.stdout.write(
  JSON.stringify({
    activationMs: round(t2 - t0),
    requireMs: round(t1 - t0),
    activateMs: round(t2 - t1),
    clientLoadMs,
    clientLoadedDuringActivation,
    apiHasWhenReady: api?.whenReady instanceof Promise,
    subscriptions: context.subscriptions.length,
    entryBytes: fs.statSync(entry).size,
    clientBytes: fs.existsSync(clientBundle) ? fs.statSync(clientBundle).size : null,
  }) + '\n',
);
// Before the deferred client start runs (it would start a server from the stub).
process.exit(0);
