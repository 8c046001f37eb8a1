// The layers, held by reading every import (docs/architecture.md): core ← service ← the
// features that use them (lsp, cli, charts, report), file access behind files/, and the
// client↔server contract in shared/. A module may import only from its own layer and the
// layers listed for it, and only the outside modules listed. Nothing in the core touches a
// file system, an editor or the protocol: it runs the same in the CLI, the server and a web build.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

const REPO = nodePath.resolve(__dirname, '..', '..', '..');

type Layer =
  | 'core'
  | 'service'
  | 'files'
  | 'charts'
  | 'report'
  | 'cli'
  | 'launcher'
  | 'lsp'
  | 'server'
  | 'shared'
  | 'client'
  | 'schemas';

/** The layer of a repository file, from its path. */
function layerOf(file: string): Layer | undefined {
  const m =
    /^(?:server\/src\/(core|service|files|charts|report|cli|lsp)\/|server\/src\/(cli|server|webServer)\.ts$|(shared|client|schemas)\/)/.exec(
      file,
    );
  // The installed `perfdoc` runs dist/cli.js through the code cache: it imports nothing of ours.
  if (file === 'server/src/cliLauncher.ts') return 'launcher';
  // webServer.ts is the web worker's twin of server.ts: the same layer.
  return m ? ((m[2] === 'webServer' ? 'server' : (m[1] ?? m[2] ?? m[3])) as Layer) : undefined;
}

/** What each layer may import: other layers, and modules from outside the repository. */
const ALLOWED: Record<Exclude<Layer, 'schemas'>, { layers: Layer[]; modules: RegExp }> = {
  // Path arithmetic is pure (the web build maps node:path to a browser build); reading is files/'s.
  core: { layers: ['schemas'], modules: /^(yaml|ajv|ajv\/dist\/runtime\/\w+|node:path)$/ },
  service: { layers: ['core'], modules: /^node:path$/ },
  // node:url maps file: URIs to paths on Node (nodeDocumentPaths.ts).
  files: { layers: ['core'], modules: /^node:(path|fs|util|url)$/ },
  charts: { layers: ['core', 'service'], modules: /^$/ },
  report: { layers: ['core', 'charts'], modules: /^$/ },
  cli: { layers: ['core', 'files', 'report', 'charts'], modules: /^node:(fs|path|util)$/ },
  launcher: { layers: [], modules: /^node:(fs|module|path|vm)$/ },
  lsp: {
    layers: ['core', 'service', 'charts', 'files', 'shared'],
    modules:
      /^(vscode-languageserver\/node|vscode-languageserver-protocol|vscode-languageserver-textdocument|node:(path|url|v8|vm))$/,
  },
  server: { layers: ['lsp', 'files', 'shared'], modules: /^vscode-languageserver\/(node|browser)$/ },
  shared: { layers: [], modules: /^vscode-languageserver-protocol$/ },
  // The common client types, the Node client (client.ts) and the browser's (web/extension.ts).
  client: { layers: ['shared'], modules: /^(vscode|vscode-languageclient(\/node|\/browser)?)$/ },
};

/** node:fs only in the FileSystem implementation: everything else reads through the interface. */
const FS_MODULE = 'server/src/files/nodeFileSystem.ts';

function sources(dir: string): string[] {
  return fs
    .readdirSync(nodePath.join(REPO, dir), { withFileTypes: true, recursive: true })
    .filter(e => e.isFile() && e.name.endsWith('.ts'))
    .map(e => nodePath.relative(REPO, nodePath.join(e.parentPath ?? e.path, e.name)));
}

/** Every module specifier a file imports, re-exports or requires. */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [
    ...code.matchAll(
      /^\s*(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\brequire\(['"]([^'"]+)['"]\)/gm,
    ),
  ].map(m => m[1] ?? m[2] ?? m[3]);
}

const FILES = [...sources('server/src'), ...sources('client/src'), ...sources('shared')];

function violations(files: string[], read: (file: string) => string): string[] {
  const out: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    if (!layer || layer === 'schemas') {
      out.push(`${file}: in no layer`);
      continue;
    }
    const allowed = ALLOWED[layer];
    for (const spec of importsOf(read(file))) {
      if (spec.startsWith('.')) {
        const target = nodePath.relative(REPO, nodePath.resolve(REPO, nodePath.dirname(file), spec));
        const to = layerOf(target);
        if (to !== layer && !(to && allowed.layers.includes(to)))
          out.push(`${file}: ${layer} imports ${target} (${to ?? 'no layer'})`);
      } else if (!allowed.modules.test(spec)) out.push(`${file}: ${layer} imports ${spec}`);
      else if (spec === 'node:fs' && layer === 'files' && file !== FS_MODULE)
        out.push(`${file}: only ${FS_MODULE} touches node:fs`);
    }
  }
  return out;
}

describe('layers: every import goes down the layers', () => {
  it('the import reader finds imports, re-exports and requires, across lines, and skips comments', () => {
    const text = [
      "import * as a from 'node:path';",
      'import {',
      '  b,',
      "} from '../core/types';",
      "export { c } from './c';",
      "const d = require('yaml');",
      'const t = `taken from "${x}" from \'a\'`;',
      "// import x from 'vscode';",
      "/* import y from 'node:fs'; */",
    ].join('\n');
    assert.deepEqual(importsOf(text), ['node:path', '../core/types', './c', 'yaml']);
  });

  it('a module importing from a layer above it, or an outside module its layer may not use, is reported', () => {
    const fake: Record<string, string> = {
      'server/src/core/x.ts': [
        "import { hoverAt } from '../service/hover';",
        "import * as fs from 'node:fs';",
        "import { TextDocument } from 'vscode-languageserver-textdocument';",
        "import { FileAccess } from '../files/fileAccess';",
        "import { LIMITS } from './yamlTree';",
      ].join('\n'),
      'server/src/service/y.ts': "import { Workspace } from '../lsp/workspace';",
      'server/src/files/z.ts': "import * as fs from 'node:fs';",
      'client/src/w.ts': "import { Workspace } from '../../server/src/lsp/workspace';",
      'server/src/lsp/ok.ts':
        "import { hoverAt } from '../service/hover';\nimport { PreviewRequest } from '../../../shared/protocol';",
    };
    assert.deepEqual(
      violations(Object.keys(fake), f => fake[f]),
      [
        'server/src/core/x.ts: core imports server/src/service/hover (service)',
        'server/src/core/x.ts: core imports node:fs',
        'server/src/core/x.ts: core imports vscode-languageserver-textdocument',
        'server/src/core/x.ts: core imports server/src/files/fileAccess (files)',
        'server/src/service/y.ts: service imports server/src/lsp/workspace (lsp)',
        `server/src/files/z.ts: only ${FS_MODULE} touches node:fs`,
        'client/src/w.ts: client imports server/src/lsp/workspace (lsp)',
      ],
    );
  });

  it('holds for every source file of the server, the CLI, the client and the shared contract', () => {
    assert.ok(FILES.length > 60, `found only ${FILES.length} sources`);
    assert.deepEqual(
      violations(FILES, f => fs.readFileSync(nodePath.join(REPO, f), 'utf8')),
      [],
    );
  });
});
