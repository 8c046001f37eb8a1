// Bundles the entry points with esbuild: one file each, no node_modules needed at run time.
//   dist/cli.js        `perfdoc` command        (server/src/cli.ts)
//   dist/server.js     `perfdoc-language-server` (server/src/server.ts)
//   dist/extension.js  VS Code extension entry  (client/src/extension.ts; `vscode` and ./client.js stay external)
//   dist/client.js     its language client      (client/src/client.ts), required after activation
// --outdir DIR writes them elsewhere (the bench times the production extension bundles from a temp dir).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({ options: { production: { type: 'boolean', default: false }, outdir: { type: 'string', default: 'dist' } } });
const production = options.production;
const out = (file) => `${options.outdir}/${file}`;
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

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: out('cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: out('server.js'), banner: { js: '#!/usr/bin/env node' } }),
  // Two bundles so that activation loads only the small entry, not vscode-languageclient (client/src/extension.ts).
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: out('extension.js'), external: ['vscode', './client.js'] }),
  esbuild.build({ ...common, entryPoints: ['client/src/client.ts'], outfile: out('client.js'), external: ['vscode'] }),
]);
chmodSync(out('cli.js'), 0o755);
chmodSync(out('server.js'), 0o755);
