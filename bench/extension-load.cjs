// Times `require(bundle)` of the VS Code extension in a fresh Node process, with the
// `vscode` module replaced by a stub: this is the module-load part of activation (what
// runs before `activate`), the part a bundle's size and top-level code decide.
//   node extension-load.cjs ../dist/extension.js   → {"ms": 12.3, "exportsActivate": true}
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

// Any property, call or `new` on the stub yields the stub; symbols (toPrimitive, iterator)
// stay undefined so coercions at load time fail loudly instead of looping. The stub is
// also its own prototype: bundlers' ESM interop copies a module into an object created
// from the module's prototype, and property reads must reach the stub through it.
const vscodeStub = new Proxy(function vscode() {}, {
  get: (_target, key) => (typeof key === 'symbol' ? undefined : vscodeStub),
  getPrototypeOf: () => vscodeStub,
  apply: () => vscodeStub,
  construct: () => vscodeStub,
});
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
};

const t0 = performance.now();
const extension = require(path.resolve(process.argv[2]));
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms: Math.round(ms * 100) / 100, exportsActivate: typeof extension.activate === 'function' }) + '\n');
