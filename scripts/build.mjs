// Bundles the entry points with esbuild: one file each, no node_modules needed at run time.
//   dist/cli.js        `perfdoc` command        (server/src/cli.ts)
//   dist/report.js     `perfdoc report`'s HTML  (server/src/report/report.ts), required by cli.js for that command only
//   dist/server.js     `perfdoc-language-server` (server/src/server.ts)
//   dist/extension.js  VS Code extension entry  (client/src/extension.ts; `vscode` and ./client.js stay external)
//   dist/client.js     its language client      (client/src/client.ts), required after activation
//   dist/web/extension.js  the extension in the browser (client/src/web/extension.ts; package.json `browser`)
//   dist/web/server.js     the language server in a web worker (server/src/webServer.ts), for vscode.dev / github.dev
// --outdir DIR writes them elsewhere (the bench times the production extension bundles from a temp dir).
// First it writes server/src/core/schemaValidators.generated.ts, the JSON Schemas precompiled (scripts/schemaValidators.mjs).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATED_MODULE, generateValidators } from './schemaValidators.mjs';

const { values: options } = parseArgs({
  options: { production: { type: 'boolean', default: false }, outdir: { type: 'string', default: 'dist' } },
});
const production = options.production;

// Rewritten only when it changes, so tsc and editors do not see a new file on every build.
const validators = generateValidators();
let current;
try {
  current = readFileSync(GENERATED_MODULE, 'utf8');
} catch {
  current = undefined;
}
if (current !== validators) writeFileSync(GENERATED_MODULE, validators);

const out = file => `${options.outdir}/${file}`;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// The analysis bundles take `yaml`'s own ESM build (same version, same code) instead of its
// Node build, whose parser reads process.env.LOG_TOKENS for every token: 400,000 reads of the
// environment cost ~80 ms of a 10,000-segment parse (CLI 1,264 -> 1,145 ms in one run).
const yamlEsm = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser/dist/index.js');
const analysis = { ...common, alias: { yaml: yamlEsm }, banner: { js: '#!/usr/bin/env node' } };

// The web worker's bundles: nothing of Node. vscode-languageserver's and -client's browser
// builds stand in for their Node ones (same API over postMessage); path arithmetic is
// path-browserify, Node's posix path as a plain module (VS Code's web-extension guide).
const browserAliases = {
  'node:path': 'path-browserify',
  'vscode-languageserver/node': 'vscode-languageserver/browser',
  'vscode-languageclient/node': 'vscode-languageclient/browser',
};
// (path-browserify asks process.cwd() only to resolve a path that is relative all through, which
// perfdoc never does: every path it resolves against is absolute.)
const web = { ...common, platform: 'browser', target: 'es2022' };

/** The CLI's `require('./report/report')` becomes a require of the separate dist/report.js bundle. */
const reportBundle = {
  name: 'report-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/report\/report$/ }, args =>
      args.importer.endsWith(join('server', 'src', 'cli.ts')) ? { path: './report.js', external: true } : undefined,
    );
  },
};

await Promise.all([
  esbuild.build({ ...analysis, entryPoints: ['server/src/cli.ts'], outfile: out('cli.js'), plugins: [reportBundle] }),
  esbuild.build({ ...analysis, entryPoints: ['server/src/cliLauncher.ts'], outfile: out('perfdoc.js') }),
  esbuild.build({ ...analysis, entryPoints: ['server/src/report/report.ts'], outfile: out('report.js'), banner: {} }),
  esbuild.build({ ...analysis, entryPoints: ['server/src/server.ts'], outfile: out('server.js') }),
  // Two bundles so that activation loads only the small entry, not vscode-languageclient (client/src/extension.ts).
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: out('extension.js'),
    external: ['vscode', './client.js'],
  }),
  esbuild.build({ ...common, entryPoints: ['client/src/client.ts'], outfile: out('client.js'), external: ['vscode'] }),
  esbuild.build({
    ...web,
    format: 'iife',
    entryPoints: ['server/src/webServer.ts'],
    outfile: out('web/server.js'),
    alias: { yaml: yamlEsm, ...browserAliases },
  }),
  // CommonJS, as the web worker extension host loads an extension; `vscode` is its to give.
  esbuild.build({
    ...web,
    format: 'cjs',
    entryPoints: ['client/src/web/extension.ts'],
    outfile: out('web/extension.js'),
    external: ['vscode'],
    alias: browserAliases,
  }),
]);
// The bundles are CommonJS wherever they are written: an --outdir under a `"type": "module"`
// package (bench/) would make Node read them as ES modules. dist/ takes the root package's type.
if (options.outdir !== 'dist') writeFileSync(out('package.json'), '{ "type": "commonjs" }\n');
chmodSync(out('cli.js'), 0o755);
chmodSync(out('perfdoc.js'), 0o755);
// The code cache of the installed `perfdoc` (server/src/cliLauncher.ts): one check of an example,
// with this Node, writes the bytecode it compiled next to the bundle.
const cacheRun = spawnSync(
  process.execPath,
  [out('perfdoc.js'), 'check', fileURLToPath(new URL('../examples/search-api.perf.yaml', import.meta.url))],
  {
    env: { ...process.env, PERFDOC_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  },
);
if (cacheRun.status !== 0 || !existsSync(out('cli.js.cache')))
  throw new Error(`writing dist/cli.js.cache failed (exit ${cacheRun.status}): ${cacheRun.stderr}`);
chmodSync(out('server.js'), 0o755);
