// Workspace trust: perfdoc declares that it supports untrusted workspaces because nothing in
// a workspace (settings, documents, $ref, file contents) can make it run code or reach the
// network. This holds the code to it: no process, network or code-evaluation API in perfdoc's
// own sources, only known library code in the bundles, and a server the client cannot be
// told (by a setting) to start from elsewhere. hostile-references.test.ts spies at run time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

const REPO = nodePath.resolve(__dirname, '..', '..', '..');
const read = (p: string) => fs.readFileSync(nodePath.join(REPO, p), 'utf8');

function sources(dir: string): string[] {
  return fs
    .readdirSync(nodePath.join(REPO, dir), { withFileTypes: true, recursive: true })
    .filter(e => e.isFile() && e.name.endsWith('.ts'))
    .map(e => nodePath.relative(REPO, nodePath.join(e.parentPath ?? e.path, e.name)));
}

/** Modules and calls that run code, start processes or reach the network. */
/** The one exception: the idle collector asks a fresh context for `gc` (server/src/lsp/idleCollector.ts). */
const IDLE_COLLECTOR = 'server/src/lsp/idleCollector.ts';
const FORBIDDEN =
  /\b(child_process|node:http|node:https|node:net|node:dgram|node:vm|worker_threads)\b|['"](http|https|net|dgram|vm)['"]|\bfetch\s*\(|\beval\s*\(|new Function\s*\(|\bimport\s*\(/;

describe('hostile input: workspace trust', () => {
  it('the manifest supports untrusted workspaces and says why', () => {
    const pkg = JSON.parse(read('package.json')) as {
      capabilities: { untrustedWorkspaces: { supported: boolean | string; description: string } };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /runs no workspace code/);
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /fetches nothing/);
  });

  it("perfdoc's own server, CLI and client sources use no process, network or code-evaluation API", () => {
    const offenders = [...sources('server/src'), ...sources('client/src')]
      .flatMap(f =>
        read(f)
          .split('\n')
          .map((line, i) => ({ f, i, line })),
      )
      .filter(({ line }) => FORBIDDEN.test(line.replace(/\/\/.*$/, '')))
      .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`)
      .filter(where => where !== `${IDLE_COLLECTOR}:8: import * as vm from 'node:vm';`)
      // The installed CLI compiles its own bundle with V8's code cache (see the test below).
      .filter(where => !/^server\/src\/cliLauncher\.ts:\d+: import \* as vm from 'node:vm';$/.test(where))
      // The web entry reads its own server bundle (dist/web/server.js, in the extension's folder) to start its worker.
      .filter(
        where =>
          !/^client\/src\/web\/webClient\.ts:\d+: const response = await fetch\(serverMain\.toString\(true\)\);$/.test(
            where,
          ),
      );
    assert.deepEqual(offenders, []);
  });

  it("node:vm only fetches V8's gc function, from a constant: nothing a workspace wrote is evaluated", () => {
    const uses = [...read(IDLE_COLLECTOR).matchAll(/\bvm\.\w+\([^)]*\)/g)].map(m => m[0]);
    assert.deepEqual(uses, ["vm.runInNewContext('gc')"]);
  });

  it('the CLI launcher compiles only its sibling bundle dist/cli.js, with a cache the build wrote beside it', () => {
    const launcher = read('server/src/cliLauncher.ts');
    assert.deepEqual(
      [...launcher.matchAll(/\bvm\.\w+/g)].map(m => m[0]),
      ['vm.Script', 'vm.Script'],
      'one vm.Script: the bundle (and its type)',
    );
    assert.match(launcher, /^const bundle = path\.join\(__dirname, 'cli\.js'\);$/m);
    assert.match(launcher, /^const cacheFile = `\$\{bundle\}\.cache`;$/m);
    assert.match(launcher, /new vm\.Script\(Module\.wrap\(source\), \{ filename: bundle, cachedData \}\)/);
    assert.match(launcher, /const source = fs\.readFileSync\(bundle, 'utf8'\)/);
  });

  it("the server and CLI bundles load only these modules; child_process only inside vscode-languageserver's unused Files helper", () => {
    for (const bundle of ['dist/server.js', 'dist/cli.js', 'dist/perfdoc.js', 'dist/report.js']) {
      const text = read(bundle);
      const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map(m => m[1].replace(/^node:/, '')));
      // v8 and vm: the server's idle collector gets gc with them (see above).
      const allowed = new Set([
        'fs',
        'path',
        'url',
        'util',
        'os',
        'buffer',
        'process',
        'crypto',
        'net',
        'child_process',
        'v8',
        'vm',
        'ajv/dist/runtime/equal',
        'ajv/dist/runtime/ucs2length',
        'ajv/dist/runtime/uri',
        'ajv/dist/runtime/validation_error',
        // module: the CLI launcher wraps and requires its bundle as Node would (cliLauncher.ts).
        'module',
        // perfdoc's own report bundle, which the CLI loads for `perfdoc report` only.
        './report.js',
      ]);
      assert.deepEqual(
        [...required].filter(m => !allowed.has(m)),
        [],
        `${bundle} loads an unexpected module`,
      );
      for (const m of text.matchAll(/require\("child_process"\)/g)) {
        // vscode-languageserver's files.ts (Files.resolveGlobalNodePath & co) is bundled but never called.
        assert.match(
          text.slice(m.index! - 600, m.index!),
          /resolveGlobalYarnPath/,
          `${bundle}: child_process outside the known library code`,
        );
      }
    }
    assert.doesNotMatch([...sources('server/src')].map(read).join('\n'), /\bFiles\.resolve/);
  });

  it('the client starts the bundled server, from no path a workspace setting could change, and keeps the default restarts', () => {
    // client.ts (dist/client.js) creates the LanguageClient; extension.ts only loads it.
    const client = read('client/src/client.ts');
    assert.match(client, /context\.asAbsolutePath\('dist\/server\.js'\)/);
    assert.doesNotMatch(client, /getConfiguration\([^)]*\)\.get\([^)]*(path|command|executable)/i);
    // vscode-languageclient restarts a crashed server (up to 4 times in 3 minutes) unless told otherwise.
    assert.doesNotMatch(client, /errorHandler|maxRestartCount/);
  });
});
