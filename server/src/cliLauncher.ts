// `perfdoc` as installed (package.json `bin`): runs dist/cli.js through V8's code cache.
// Compiling the 0.9 MB bundle and the functions a check calls is most of what a one-shot
// `perfdoc check` of a small file costs beyond Node's own start: --cpu-prof gave 27 ms of
// 114 ms to compiling it (wrapSafe) alone. scripts/build.mjs runs one check with
// PERFDOC_WRITE_CODE_CACHE=1 right after bundling, which writes dist/cli.js.cache (the bytecode
// of the bundle and of every function that check compiled) next to the bundle; from then on
// each run starts from it. The cache is written only there, by the build, never at run time
// and never into a workspace or a temporary folder another user could write to. V8 checks it
// against the source and its own version and flags: a cache it rejects (another Node, a
// rebuilt bundle) costs nothing but the compile it would have done anyway.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const bundle = path.join(__dirname, 'cli.js');
const cacheFile = `${bundle}.cache`;

function readCache(): Buffer | undefined {
  try {
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Evaluates dist/cli.js as Node would require it, from the code cache when V8 accepts it. */
function loadCli(cachedData: Buffer | undefined): { exports: { runCli(argv: string[]): void }; script: vm.Script } {
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const cliModule = new Module(bundle, module);
  cliModule.filename = bundle;
  cliModule.loaded = true;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(cliModule.exports, cliModule.exports, Module.createRequire(bundle), cliModule, bundle, __dirname);
  return { exports: cliModule.exports, script };
}

const writing = process.env.PERFDOC_WRITE_CODE_CACHE === '1';
const { exports: cli, script } = loadCli(writing ? undefined : readCache());
cli.runCli(process.argv.slice(2));
if (writing) fs.writeFileSync(cacheFile, script.createCachedData());
