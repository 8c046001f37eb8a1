// Timed child processes: lspbench and floor.mjs runs (JSON on stdout), wall-clock of a
// whole process (start included) as an editor's task runner or CI would see it, and the
// cold load of the extension bundle.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './lspbench/lspbench.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const tail = (text, lines = 6) => String(text).trim().split('\n').slice(-lines).join('\n');

/** Runs `node ...args`; resolves with wall time (spawn → exit, stdout drained), exit code and output. Kills it after `timeoutMs`. */
export function timeNode(args, { cwd = benchDir, timeoutMs = 120_000 } = {}) {
  return new Promise(resolve => {
    const stdout = [];
    let stderr = '';
    let timedOut = false;
    const t0 = performance.now();
    const child = spawn(node, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', d => stdout.push(d));
    child.stderr.on('data', d => (stderr = (stderr + d).slice(-8000)));
    child.on('error', e => (stderr += String(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        ms: performance.now() - t0,
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr,
      });
    });
  });
}

/** Runs a bench script that prints JSON; a failure becomes `{ error }` so one broken server does not stop the table. */
export async function nodeJson(args, opts) {
  const r = await timeNode(args, opts);
  if (r.code === 0) return JSON.parse(r.stdout);
  return {
    error: r.timedOut
      ? `killed after ${opts?.timeoutMs ?? 120_000} ms`
      : `exit ${r.code ?? r.signal}: ${tail(r.stderr)}`,
  };
}

/** One lspbench report (see lspbench/README.md for its fields). */
export function lspbench({ server, file, settings, runs, edits, editLine, workspace, readyNotification, extra = [] }) {
  return nodeJson(
    [
      'lspbench/lspbench.mjs',
      '--server',
      server,
      '--server-cwd',
      path.dirname(benchDir),
      '--file',
      file,
      '--settings',
      settings,
      '--runs',
      String(runs),
      '--edits',
      String(edits),
      ...(editLine ? ['--edit-line', String(editLine)] : []),
      ...(workspace ? ['--workspace', workspace] : []),
      ...(readyNotification ? ['--ready-notification', readyNotification] : []),
      '--quiet',
      ...extra,
    ],
    { timeoutMs: 30 * 60_000 },
  );
}

/** In-process parse + toJS + validate medians of one file (floor.mjs). */
export async function floor(file, runs) {
  const r = await nodeJson(['lspbench/floor.mjs', '--runs', String(runs), file]);
  return r.error ? r : r.results[0];
}

/**
 * Wall times of several `node` commands `{ args, opts, describe }`, run in turn `times`
 * times (A B A B …), so that on a shared machine each sees the same load. Per command:
 * the median, the samples, and the last run's exit code, stderr tail and `describe(stdout)`.
 */
export async function alternatingWalls(commands, times) {
  const runs = commands.map(() => []);
  for (let i = 0; i < times; i++) for (const [k, c] of commands.entries()) runs[k].push(await timeNode(c.args, c.opts));
  return runs.map((all, k) => {
    const last = all[all.length - 1];
    return {
      ms: median(all.map(r => r.ms)),
      samplesMs: all.map(r => Math.round(r.ms)),
      code: last.code,
      timedOut: last.timedOut,
      stderr: tail(last.stderr),
      output: commands[k].describe?.(last.stdout),
    };
  });
}

/** A `node -e` process that only reads and parses the file with `yaml` (bench's copy, the root's version). */
export const yamlParseCommand = file => ({
  args: ['-e', "require('yaml').parseDocument(require('fs').readFileSync(process.argv[1], 'utf8'))", file],
});

/**
 * Medians over `times` fresh processes of extension-load.cjs: the extension's own activation
 * (require + activate with a stub vscode) and, separately, the deferred load of its client bundle.
 */
export async function extensionLoad(bundle, times) {
  const samples = [];
  for (let i = 0; i < times; i++) {
    const r = await nodeJson(['extension-load.cjs', bundle]);
    if (r.error) return r;
    samples.push(r);
  }
  const clientLoads = samples.map(s => s.clientLoadMs).filter(ms => ms != null);
  return {
    bundle,
    ms: median(samples.map(s => s.activationMs)),
    samplesMs: samples.map(s => s.activationMs),
    clientLoadMs: clientLoads.length ? median(clientLoads) : null,
    clientSamplesMs: clientLoads,
    clientLoadedDuringActivation: samples.some(s => s.clientLoadedDuringActivation),
    entryBytes: samples[0].entryBytes,
    clientBytes: samples[0].clientBytes,
  };
}
