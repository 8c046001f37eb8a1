#!/usr/bin/env node
// `npm run bench`: perfdoc's language server, CLI and extension bundle, timed side by side
// with yaml-language-server (given perfdoc's JSON Schemas) and with the floor, the yaml
// parse of the same file. Prints one Markdown table and writes it with the raw figures to
// bench/results/<date>-<sha>.md/.json. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const workDir = path.join(benchDir, 'work');
// perfdoc's server logs this line once its workspace index is complete (server/src/server.ts).
const PERFDOC_INDEXED = 'window/logMessage:perfdoc: indexed';
const log = m => process.stderr.write(`[bench] ${m}\n`);

const USAGE = `usage: npm run bench -- [options]
  --quick                 1 server process per input, 10 edits, fewer floor/CLI repeats (~3 min)
  --runs R                fresh server processes per input (default 3)
  --edits K               timed edits per process; as many hovers, inlay hint and code action requests (default 30)
  --floor-runs N          in-process yaml parses per file for the floor median (default 20)
  --cli-runs N            CLI processes per timing (default 5)
  --only perfdoc|yls      time one server only
  --perfdoc "CMD"         perfdoc server command (default: node dist/server.js --stdio, run in the repo root)
  --ready-notification M  perfdoc's notification that the workspace is indexed, METHOD[:TEXT in params.message]
                          (default: '${PERFDOC_INDEXED}')
  --no-build              use dist/ as it is (default: node scripts/build.mjs first)
  --results DIR           where to write <date>-<sha>.md/.json (default bench/results)`;

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    edits: { type: 'string' },
    'floor-runs': { type: 'string' },
    'cli-runs': { type: 'string' },
    only: { type: 'string' },
    perfdoc: { type: 'string' },
    'ready-notification': { type: 'string', default: PERFDOC_INDEXED },
    'no-build': { type: 'boolean', default: false },
    results: { type: 'string', default: path.join(benchDir, 'results') },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opt.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
const count = (v, quickDefault, fullDefault) => {
  const n = Number(v ?? (opt.quick ? quickDefault : fullDefault));
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got '${v}'\n${USAGE}`);
  return n;
};
const settings = {
  runs: count(opt.runs, 1, 3),
  edits: count(opt.edits, 10, 30),
  floorRuns: count(opt['floor-runs'], 5, 20),
  cliRuns: count(opt['cli-runs'], 3, 5),
  bigFileRuns: opt.quick ? 1 : 3,
};
if (opt.only && !['perfdoc', 'yls'].includes(opt.only)) throw new Error(`--only takes perfdoc or yls\n${USAGE}`);

const loadavgStart = os.loadavg();

// 1. bench's own dependencies (CI starts from a clean clone).
if (!existsSync(path.join(benchDir, 'node_modules'))) {
  log('installing bench dependencies (npm ci --prefix bench)');
  const r = spawnSync('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// Loaded only now: they need bench/node_modules.
const { lspbench, floor, alternatingWalls, yamlParseCommand, extensionLoad } = await import('./measure.mjs');
const { tableRows, markdownTable } = await import('./report.mjs');
const { writeInputs } = await import('./inputs.mjs');
const { HARNESS_VERSION } = await import('./lspbench/lspbench.mjs');

// 2. perfdoc's bundles.
if (!opt['no-build'] && existsSync(path.join(root, 'scripts/build.mjs'))) {
  log('building dist/ (node scripts/build.mjs)');
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0)
    log(`build failed, using dist/ as it is:\n${(r.stderr || r.stdout).trim().split('\n').slice(0, 8).join('\n')}`);
}
const dist = name => path.join(root, 'dist', name);
const perfdocServer = opt.perfdoc ?? (existsSync(dist('server.js')) ? 'node dist/server.js --stdio' : null);
const ylsServer = `node ${JSON.stringify(path.join(benchDir, 'node_modules/yaml-language-server/bin/yaml-language-server'))} --stdio`;

// 3. Inputs and the settings each server gets.
log('generating inputs in bench/work/');
const inputs = writeInputs(workDir);
const schema =
  ['perfdoc.schema.json', 'latency-budget.schema.json'].map(n => path.join(root, 'schemas', n)).find(existsSync) ??
  path.join(benchDir, 'lspbench/fixtures/latency-budget.schema.json');
const writeJson = (file, data) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
};
const ylsSettings = writeJson(path.join(workDir, 'yls-settings.json'), {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    schemaStore: { enable: false },
    schemas: { [pathToFileURL(schema).href]: '*.perf.yaml' },
  },
  http: { proxy: '', proxyStrictSSL: false },
  '[yaml]': {},
  editor: { tabSize: 2, detectIndentation: false },
});
const perfdocSettings = writeJson(path.join(workDir, 'perfdoc-settings.json'), {
  perfdoc: { inlayHints: { enabled: true }, codeLens: { enabled: true } },
});

const timed = { perfdoc: opt.only !== 'yls', yls: opt.only !== 'perfdoc' };
const serverMissing = { missing: 'perfdoc server missing' };
const skipped = { missing: 'not run (--only)' };
const { runs, edits } = settings;
const perfdocLsp = args =>
  !timed.perfdoc
    ? skipped
    : perfdocServer
      ? lspbench({ server: perfdocServer, settings: perfdocSettings, runs, edits, ...args })
      : serverMissing;
const ylsLsp = args =>
  timed.yls ? lspbench({ server: ylsServer, settings: ylsSettings, runs, edits, ...args }) : skipped;
/** lspbench's medians over runs, or why there are none. */
const summary = r => (r.error || r.missing ? r : r.median);

// 4. yaml-language-server really validates against the schema: a violating file gets a diagnostic.
let ylsValidation = skipped;
if (timed.yls) {
  log(`yaml-language-server: validation check on ${path.basename(inputs.violating)}`);
  const check = await lspbench({
    server: ylsServer,
    settings: ylsSettings,
    file: inputs.violating,
    runs: 1,
    edits: 0,
    extra: ['--hovers', '0', '--min-diags', '1'],
  });
  ylsValidation = check.error
    ? check
    : { diagnostics: check.runs[0].diagnostics, sample: check.runs[0].diagnosticsSample };
}

// 5. Each document: floor, perfdoc, yaml-language-server.
const documents = [];
for (const doc of inputs.documents) {
  const floorFile = doc.ylsFile;
  log(`${doc.id}: floor (${settings.floorRuns} parses of ${path.basename(floorFile)})`);
  const floorResult = await floor(floorFile, settings.floorRuns);
  log(`${doc.id}: perfdoc`);
  const perfdoc = await perfdocLsp({ file: doc.file, editLine: doc.editLine });
  log(`${doc.id}: yaml-language-server`);
  const yls = await ylsLsp({ file: doc.ylsFile, editLine: doc.ylsEditLine });
  documents.push({
    ...doc,
    bytes: statSync(doc.file).size,
    floor: floorResult,
    perfdoc: summary(perfdoc),
    yls: summary(yls),
    reports: { perfdoc, yls },
  });
}

// 5b. Scenarios: the same CapacityModel with three declared scenarios and without (perfdoc only).
log('CapacityModel without and with three scenarios: perfdoc');
const scenarios = {
  base: summary(await perfdocLsp({ file: inputs.scenarios.base, editLine: inputs.scenarios.editLine })),
  withScenarios: summary(
    await perfdocLsp({ file: inputs.scenarios.withScenarios, editLine: inputs.scenarios.editLine }),
  ),
};

// 6. Workspace indexing: the file is opened right after `initialized`.
const wsArgs = { file: inputs.workspace.open, workspace: inputs.workspace.dir, edits: 0, extra: ['--hovers', '0'] };
log(`workspace of ${inputs.workspace.files} files: perfdoc`);
const wsPerfdoc = await perfdocLsp({ ...wsArgs, readyNotification: opt['ready-notification'] });
log(`workspace of ${inputs.workspace.files} files: yaml-language-server`);
const wsYls = await ylsLsp(wsArgs);

// 7. The CLI on the 10,000-segment file, the alias bomb and the 5 MiB file.
// The command as installed (package.json bin): the code-cache launcher over dist/cli.js.
const cliJs = dist('perfdoc.js');
const cliMissing = { missing: 'perfdoc CLI missing' };
const cliOutput = stdout => {
  try {
    const files = JSON.parse(stdout).files ?? [];
    const diagnostics = files.flatMap(f => f.documents ?? []).flatMap(d => d.diagnostics ?? []);
    return `JSON, ${diagnostics.length} diagnostics: ${[...new Set(diagnostics.map(d => d.code))].sort().join(', ')}`;
  } catch {
    return 'no JSON on stdout';
  }
};
const cliCommand = file => ({
  args: [cliJs, 'check', '--format', 'json', path.basename(file)],
  opts: { cwd: path.dirname(file), timeoutMs: 120_000 },
  describe: cliOutput,
});
/** The CLI on `file`, alternating with a yaml parse process of it when `withParse`. */
async function cliTimes(file, times, withParse) {
  const hasCli = existsSync(cliJs);
  const results = await alternatingWalls(
    [...(hasCli ? [cliCommand(file)] : []), ...(withParse ? [yamlParseCommand(file)] : [])],
    times,
  );
  return { perfdoc: hasCli ? results.shift() : cliMissing, parseProcess: results[0] };
}
log(`CLI: ${settings.cliRuns} × check ${path.basename(inputs.cliFile)}, alternating with a yaml parse process`);
const cliDoc = documents.find(d => d.file === inputs.cliFile);
const cli = {
  runs: settings.cliRuns,
  fileLabel: path.basename(inputs.cliFile),
  ...(await cliTimes(inputs.cliFile, settings.cliRuns, true)),
  parseInProcessMs: cliDoc.floor.parseMsP50,
  parseInProcessFirstMs: cliDoc.floor.parseMsFirst,
  aliasBombLabel: `alias bomb (10 levels × 10 aliases), ${statSync(inputs.aliasBomb).size} B`,
  fiveMiBLabel: `${path.basename(inputs.fiveMiB.file)} (${inputs.fiveMiB.segments.toLocaleString('en')} segments, ${statSync(inputs.fiveMiB.file).size.toLocaleString('en')} B)`,
};
// The cold path of a pre-commit hook: one small file, paired with a process that does nothing.
const cliSmallRuns = Math.max(10, settings.cliRuns * 2);
log(`CLI: ${cliSmallRuns} × check ${path.basename(inputs.cliSmallFile)}, alternating with node -e 0`);
if (existsSync(cliJs)) {
  const [small, empty] = await alternatingWalls([cliCommand(inputs.cliSmallFile), { args: ['-e', '0'] }], cliSmallRuns);
  cli.small = {
    runs: cliSmallRuns,
    fileLabel: path.basename(inputs.cliSmallFile),
    perfdoc: small,
    emptyProcess: empty,
  };
  log('CLI: check examples/');
  const examples = {
    args: [cliJs, 'check', '--format', 'json', 'examples'],
    opts: { cwd: root, timeoutMs: 120_000 },
    describe: cliOutput,
  };
  cli.examples = (await alternatingWalls([examples], settings.cliRuns))[0];
} else cli.small = cli.examples = cliMissing;
log('CLI: alias bomb and 5 MiB file');
cli.aliasBomb = (await cliTimes(inputs.aliasBomb, settings.bigFileRuns, false)).perfdoc;
const fiveMiB = await cliTimes(inputs.fiveMiB.file, settings.bigFileRuns, true);
cli.fiveMiB = fiveMiB.perfdoc;
cli.fiveMiBParseProcess = fiveMiB.parseProcess;

// 8. Extension: activation with a stub vscode, and the packaged size. Timed on the production
// bundles (minified, as `npm run package` ships them), built into bench/work/; dist/ as it is with --no-build.
log('extension activation (production bundles)');
const extensionDir = opt['no-build'] ? path.join(root, 'dist') : path.join(workDir, 'extension-dist');
const extensionBuild = opt['no-build']
  ? null
  : spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', extensionDir], {
      cwd: root,
      encoding: 'utf8',
    });
// CommonJS, as in the VSIX: bench/package.json's "type": "module" would otherwise apply to them.
if (extensionBuild?.status === 0) writeFileSync(path.join(extensionDir, 'package.json'), '{ "type": "commonjs" }\n');
const extension =
  extensionBuild && extensionBuild.status !== 0
    ? { error: `production build failed: ${(extensionBuild.stderr || extensionBuild.stdout).trim()}` }
    : existsSync(path.join(extensionDir, 'extension.js'))
      ? {
          build: opt['no-build'] ? 'dist/ as it is' : 'production bundles',
          ...(await extensionLoad(path.join(extensionDir, 'extension.js'), Math.max(5, settings.cliRuns))),
        }
      : { missing: `${path.relative(root, extensionDir)}/extension.js missing` };
// The web entry (package.json `browser`), which the web worker extension host loads: one
// bundle with its language client, timed the same way (require + activate, stub vscode).
const webEntry = path.join(extensionDir, 'web', 'extension.js');
extension.web = existsSync(webEntry)
  ? await extensionLoad(webEntry, Math.max(5, settings.cliRuns))
  : { missing: `${path.relative(root, webEntry)} missing` };
const vsixPath = path.join(root, 'perfdoc.vsix');
const vsix = existsSync(vsixPath)
  ? { bytes: statSync(vsixPath).size, builtAt: statSync(vsixPath).mtime.toISOString() }
  : { missing: 'perfdoc.vsix not built (npm run package)' };

// 9. The table and the results files.
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
const sha = git('rev-parse', '--short', 'HEAD') || 'nogit';
const when = new Date();
const pkg = p => JSON.parse(readFileSync(p, 'utf8')).version;
const results = {
  when: when.toISOString(),
  git: { sha, dirty: git('status', '--porcelain', '--untracked-files=no') !== '' },
  node: process.version,
  host: { cpus: os.cpus().length, loadavgStart, loadavgEnd: os.loadavg() },
  versions: {
    perfdoc: pkg(path.join(root, 'package.json')),
    yamlLanguageServer: pkg(path.join(benchDir, 'node_modules/yaml-language-server/package.json')),
    yaml: pkg(path.join(benchDir, 'node_modules/yaml/package.json')),
    harness: HARNESS_VERSION,
  },
  settings: { ...settings, quick: opt.quick, only: opt.only ?? null, perfdocServer, ylsServer },
  schema: path.relative(root, schema),
  ylsValidation,
  documents,
  workspace: {
    files: inputs.workspace.files,
    openLabel: path.relative(inputs.workspace.dir, inputs.workspace.open),
    readyNotification: opt['ready-notification'],
    perfdoc: summary(wsPerfdoc),
    yls: summary(wsYls),
    reports: { perfdoc: wsPerfdoc, yls: wsYls },
  },
  cli,
  scenarios,
  extension,
  vsix,
};
results.table = tableRows(results);

const header = [
  `# perfdoc bench ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${sha}${results.git.dirty ? ' (uncommitted changes)' : ''}`,
  '',
  `Node ${process.version}, ${results.host.cpus} CPUs, load average ${loadavgStart[0].toFixed(1)} at start, ${results.host.loadavgEnd[0].toFixed(1)} at end; ${settings.runs} server process(es) × ${edits} edits per input (medians over processes); yaml-language-server ${results.versions.yamlLanguageServer} with ${results.schema} on *.perf.yaml, SchemaStore off; floor = yaml ${results.versions.yaml} parseDocument, in-process median of ${settings.floorRuns}.`,
  '',
].join('\n');
const validationNote =
  ylsValidation.missing ??
  (ylsValidation.error
    ? `yaml-language-server validation check FAILED: ${ylsValidation.error}`
    : `yaml-language-server validation check: ${ylsValidation.diagnostics} diagnostic(s) on ${path.basename(inputs.violating)} (${ylsValidation.sample.map(d => d.message).join('; ')}).`);
const markdown = `${header}${markdownTable(results.table)}\n\n${validationNote}\n`;
process.stdout.write(markdown);

const base = path.join(opt.results, `${when.toISOString().slice(0, 10)}-${sha}`);
writeJson(`${base}.json`, results);
writeFileSync(`${base}.md`, markdown);
log(`wrote ${path.relative(process.cwd(), base)}.md and .json`);
