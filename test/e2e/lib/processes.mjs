// Child processes that can't outlive the test run: each part of run.mjs gets a Scope, whatever
// it starts registers its own cleanup there, and the scope is closed when the part ends, fails,
// times out, or when the run gets SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

const openScopes = new Set();
/** Leaders of the process groups still running; killed outright if the run exits without cleaning up. */
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export class Scope {
  #cleanups = [];

  constructor() {
    openScopes.add(this);
  }

  /** Runs `cleanup` when the scope closes; the latest registered runs first. */
  defer(cleanup) {
    this.#cleanups.push(cleanup);
  }

  async close() {
    openScopes.delete(this);
    while (this.#cleanups.length) {
      const cleanup = this.#cleanups.pop();
      try {
        await cleanup();
      } catch (error) {
        console.error(`  cleanup failed: ${error.message}`);
      }
    }
  }
}

/** On SIGINT/SIGTERM: close every open scope (stopping its processes), then exit. */
export function closeScopesOnSignals() {
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, async () => {
      console.error(`\n${signal}: stopping test processes`);
      await Promise.all([...openScopes].map(scope => scope.close()));
      process.exit(exitCode);
    });
  }
}

/**
 * Starts `command` as the leader of a new process group, its output appended to `logFile`,
 * and registers the group's termination with `scope`: killing only the leader would leave
 * grandchildren behind (code-server's extension host, nvim's language server).
 */
export function spawnGroup(scope, command, args, { env, cwd, logFile }) {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.exited = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
  liveGroups.add(child.pid);
  scope.defer(async () => {
    await killGroup(child.pid);
    liveGroups.delete(child.pid);
  });
  return child;
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the group; SIGKILL to whatever is left of it after `graceMs`. */
export async function killGroup(pid, graceMs = 5000) {
  if (!groupAlive(pid)) return;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await delay(100);
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}

export function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `probe` every 200 ms until it returns true: for servers that announce readiness only by answering. */
export async function pollUntil(probe, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await delay(200);
  }
  throw new Error(`${what} not ready after ${ms / 1000}s`);
}
