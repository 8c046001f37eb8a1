#!/usr/bin/env node
// Soak: one long-lived language server (dist/server.js --stdio), four open documents that
// reference each other, and 20,000 edits typed in bursts: numbers retyped, characters typed
// and deleted, segments added and removed, YAML broken and mended, a reference path typed
// character by character. Checks that
//   - after every burst the server publishes diagnostics for the final version (never a stale one),
//   - at every checkpoint those diagnostics equal a from-scratch `perfdoc check` of the same texts,
//   - memory (heap after a full GC, RSS) stays flat, and closing documents gives it back.
// Usage: npm run soak [-- --edits 20000 --every 2000 --json]
// Memory comes from test/soak/memoryProbe.cjs, loaded into the server with NODE_OPTIONS and
// asked with SIGUSR2 (Linux and macOS).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { main: perfdocCli } = require(path.join(REPO, 'dist', 'cli.js'));

const { values: options } = parseArgs({
  options: {
    edits: { type: 'string', default: '20000' },
    every: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20261128' },
    json: { type: 'boolean', default: false },
  },
});
const EDITS = Number(options.edits),
  EVERY = Number(options.every);
/** Heap growth allowed from the first checkpoint (the server warmed up) to the last. */
const GROWTH_BOUND = { bytes: 8 * 1024 * 1024, ratio: 0.25 };
const log = options.json ? () => undefined : s => process.stdout.write(s + '\n');

// --- the documents: a budget, a capacity model borrowing its latency, a plan, a design doc ---

const segments = n =>
  Array.from(
    { length: n },
    (_, i) =>
      `  - name: step-${i}\n    budget: ${5 + ((i * 7) % 40)}ms${i % 4 === 0 ? `\n    dependency: svc-${i}\n    timeout: ${60 + i}ms\n    retries: 1\n    backoff: 10ms\n    jitter: true` : ''}`,
  ).join('\n');
const DOCUMENTS = {
  'search.perf.yaml': `apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: Search\ntarget: { p50: 150ms, p95: 1500ms, p99: 2500ms, timeout: 4s, errorRate: 0.1% }\nsegments:\n${segments(30)}\n`,
  'capacity.perf.yaml':
    'apiVersion: perfdoc/v1\nkind: CapacityModel\nname: Case API\ntraffic:\n  peakRps: 2000\n  latencyFrom: ./search.perf.yaml\n  p95Latency: 450ms\nheadroom: { safetyFactor: 1.5, maxUtilization: 70% }\ntiers:\n  - { name: api, unitRps: 300, units: { min: 4, max: 20 }, zones: 3, connectionsPerUnit: 20, dependsOn: [db] }\n  - { name: db, maxConnections: 500 }\nqueues:\n  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 20, connectionsPerWorker: 1, dependsOn: [db] }\nquotas:\n  - { name: lambda, limit: 1000 }\n',
  'plan.perf.yaml':
    'apiVersion: perfdoc/v1\nkind: LoadTestPlan\nname: Case search\nbudget: ./search.perf.yaml\ncapacity: ./capacity.perf.yaml\ntests:\n  - { type: load, rps: 2000, duration: 30m, cache: cold, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% } }\n',
  'design.md':
    '# Case search design\n\nThe budget below is the critical path at p95.\n\n```perfdoc\napiVersion: perfdoc/v1\nkind: LoadTestPlan\nname: Spike\ncapacity: ./capacity.perf.yaml\ntests:\n  - { type: spike, rps: 6000, duration: 5m, criteria: { p95: 800ms, p99: 2s, errorRate: 1% } }\n```\n\nOpen questions follow.\n',
};

// --- a deterministic stream of edits ---

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(options.seed));
const pick = list => list[Math.floor(random() * list.length)];

/**
 * Edits as { start, end, text } on the current text. Some edits leave something to undo
 * (a typed character, an inserted segment, a stray `[`, a reference being retyped): the
 * next edit of that document undoes it, so the documents stay the same size for ever.
 */
function nextEdit(name, text, pendingUndo) {
  if (pendingUndo.has(name)) {
    const undo = pendingUndo.get(name);
    const next = undo(text);
    if (!next.more) pendingUndo.delete(name);
    return next.edit;
  }
  const numbers = [...text.matchAll(/\b\d+(?=ms|\b)/g)];
  switch (pick(['digits', 'digits', 'type', 'type', 'segment', 'break', 'reference'])) {
    case 'digits': {
      const m = pick(numbers);
      return { start: m.index, end: m.index + m[0].length, text: String(1 + Math.floor(random() * 900)) };
    }
    case 'type': {
      const at = text.indexOf('\n', Math.floor(random() * text.length));
      const ch = pick(['x', '1', ' ', ':', '-', '#', 'é']);
      const where = at < 0 ? text.length : at;
      pendingUndo.set(name, () => ({ edit: { start: where, end: where + ch.length, text: '' } }));
      return { start: where, end: where, text: ch };
    }
    case 'segment': {
      const at = text.indexOf('segments:\n');
      if (at < 0) return nextEdit(name, text, pendingUndo);
      const where = at + 'segments:\n'.length,
        line = `  - { name: typed-${Math.floor(random() * 1000)}, budget: ${Math.floor(random() * 90)}ms }\n`;
      pendingUndo.set(name, () => ({ edit: { start: where, end: where + line.length, text: '' } }));
      return { start: where, end: where, text: line };
    }
    case 'break': {
      const where = Math.floor(random() * text.length);
      pendingUndo.set(name, () => ({ edit: { start: where, end: where + 1, text: '' } }));
      return { start: where, end: where, text: '[' };
    }
    case 'reference': {
      // Delete a reference path, then type it back one character per edit, as a person would.
      const m = /(latencyFrom|budget|capacity): (\.\/[\w.-]+)/.exec(text);
      if (!m) return nextEdit(name, text, pendingUndo);
      const where = m.index + m[1].length + 2,
        value = m[2];
      let typed = 0;
      pendingUndo.set(name, () => {
        typed++;
        return {
          edit: { start: where + typed - 1, end: where + typed - 1, text: value[typed - 1] },
          more: typed < value.length,
        };
      });
      return { start: where, end: where + value.length, text: '' };
    }
  }
}

function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

// --- the server ---

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-soak-'));
const server = spawn(process.execPath, [path.join(REPO, 'dist', 'server.js'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'pipe'],
  env: {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(REPO, 'test', 'soak', 'memoryProbe.cjs')}`,
  },
});
const memoryWaiters = [];
let stderr = '';
server.stderr.on('data', d => {
  stderr += d;
  for (let i; (i = stderr.indexOf('\n')) >= 0; stderr = stderr.slice(i + 1)) {
    const line = stderr.slice(0, i);
    if (line.startsWith('perfdoc-memory ')) memoryWaiters.shift()?.(JSON.parse(line.slice('perfdoc-memory '.length)));
    else if (line.trim()) process.stderr.write(`server: ${line}\n`);
  }
});
const conn = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const published = new Map(); // uri → last publish
const publishWaiters = [];
conn.onNotification('textDocument/publishDiagnostics', p => {
  published.set(p.uri, p);
  for (const w of [...publishWaiters])
    if (w.test(p)) {
      publishWaiters.splice(publishWaiters.indexOf(w), 1);
      w.resolve(p);
    }
});
conn.onRequest('workspace/configuration', p => p.items.map(() => null));
conn.onRequest('client/registerCapability', () => null);
conn.onRequest('workspace/inlayHint/refresh', () => null);
conn.listen();

function waitForPublish(uri, test, ms = 60_000) {
  const seen = published.get(uri);
  if (seen && test(seen)) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${ms} ms`)), ms);
    publishWaiters.push({
      test: p => p.uri === uri && test(p),
      resolve: p => {
        clearTimeout(timer);
        resolve(p);
      },
    });
  });
}

function sampleMemory() {
  return new Promise(resolve => {
    memoryWaiters.push(resolve);
    server.kill('SIGUSR2');
  });
}

// --- checks ---

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const key = d =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.message}`;

/** The published diagnostics of every document equal `perfdoc check` of the same texts, run from scratch. */
function compareWithCli(docs) {
  for (const [name, doc] of Object.entries(docs)) fs.writeFileSync(path.join(workspace, name), doc.text);
  let out = '';
  // From the workspace folder, so that paths in messages read as the server writes them.
  const cwd = process.cwd();
  process.chdir(workspace);
  try {
    perfdocCli(
      ['check', '--format', 'json', ...Object.keys(docs)],
      s => {
        out += s;
      },
      () => undefined,
    );
  } finally {
    process.chdir(cwd);
  }
  const mismatches = [];
  for (const f of JSON.parse(out).files) {
    const uri = pathToFileURL(path.join(workspace, f.path)).toString();
    const expected = f.documents
      .flatMap(d => d.diagnostics)
      .map(key)
      .sort();
    const actual = published
      .get(uri)
      .diagnostics.map(d => key({ ...d, severity: SEVERITY[d.severity] }))
      .sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push({ file: f.path, expected, actual });
  }
  return mismatches;
}

/** compareWithCli, again after each publish of a differing document, until none differs or none is published within `ms`. */
async function settledComparison(docs, ms = 10_000) {
  let mismatches = compareWithCli(docs);
  while (mismatches.length) {
    const republished = mismatches.map(m => {
      const before = published.get(docs[m.file].uri);
      return waitForPublish(docs[m.file].uri, p => p !== before, ms).then(
        () => true,
        () => false,
      );
    });
    if (!(await Promise.race(republished))) return mismatches; // nothing more came: the difference is real
    mismatches = compareWithCli(docs);
  }
  return mismatches;
}

// --- the run ---

const docs = {};
const samples = [];
const failures = [];
const MB = n => (n / 1024 / 1024).toFixed(1);
const record = async (label, edits) => {
  const m = await sampleMemory();
  samples.push({ label, edits, rssMB: Number(MB(m.rss)), heapUsedMB: Number(MB(m.heapUsed)) });
  log(
    `${label.padEnd(34)} ${String(edits).padStart(6)} edits   rss ${MB(m.rss).padStart(6)} MB   heap ${MB(m.heapUsed).padStart(6)} MB`,
  );
};

const started = Date.now();
try {
  for (const [name, text] of Object.entries(DOCUMENTS)) fs.writeFileSync(path.join(workspace, name), text);
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'soak' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: { publishDiagnostics: { versionSupport: true } },
    },
  });
  await conn.sendNotification('initialized', {});
  for (const [name, text] of Object.entries(DOCUMENTS)) {
    const uri = pathToFileURL(path.join(workspace, name)).toString();
    docs[name] = { uri, text, version: 1 };
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: name.endsWith('.md') ? 'markdown' : 'yaml', version: 1, text },
    });
    await waitForPublish(uri, p => p.version === 1);
  }
  await record('opened', 0);

  const pendingUndo = new Map();
  const stale = [];
  let edits = 0;
  let checkpoint = Math.min(EVERY, EDITS);
  while (edits < EDITS) {
    // A burst: a few keystrokes sent back to back, then wait for the result of the last one.
    const touched = new Set();
    for (let burst = 1 + Math.floor(random() * 8); burst > 0 && edits < EDITS; burst--, edits++) {
      const name = pick(Object.keys(docs));
      const doc = docs[name];
      const e = nextEdit(name, doc.text, pendingUndo);
      const range = { start: positionAt(doc.text, e.start), end: positionAt(doc.text, e.end) };
      doc.text = doc.text.slice(0, e.start) + e.text + doc.text.slice(e.end);
      doc.version++;
      touched.add(name);
      void conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: doc.uri, version: doc.version },
        contentChanges: [{ range, text: e.text }],
      });
    }
    for (const name of touched) {
      const doc = docs[name];
      const p = await waitForPublish(doc.uri, x => x.version >= doc.version);
      if (p.version !== doc.version) stale.push({ file: name, published: p.version, current: doc.version });
    }
    if (edits >= checkpoint) {
      checkpoint = Math.min(checkpoint + EVERY, EDITS);
      // Every document published at its version, then compared. A dependent is published again
      // at the same version once the file it references changed: a document that differs waits
      // for its next publish (never a fixed sleep) and counts as a mismatch only if none comes.
      for (const doc of Object.values(docs)) await waitForPublish(doc.uri, x => x.version === doc.version);
      const mismatches = await settledComparison(docs);
      if (mismatches.length) failures.push({ check: `diagnostics equal perfdoc check at ${edits} edits`, mismatches });
      await record(`after edits`, edits);
    }
  }
  if (stale.length)
    failures.push({ check: 'never a stale publish after a burst', stale: stale.slice(0, 5), count: stale.length });

  // Closing releases state: close the four, then open and close 200 throwaway documents.
  for (const doc of Object.values(docs)) {
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
    await waitForPublish(doc.uri, p => p.version === undefined && p.diagnostics.length === 0);
  }
  await record('all closed', edits);
  for (let i = 0; i < 200; i++) {
    const uri = pathToFileURL(path.join(workspace, `throwaway-${i}.perf.yaml`)).toString();
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'yaml',
        version: 1,
        text: DOCUMENTS['search.perf.yaml'].replace('name: Search', `name: Throwaway ${i}`),
      },
    });
    await waitForPublish(uri, p => p.version === 1);
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  await record('200 more opened and closed', edits);

  const warm = samples.find(s => s.edits >= Math.min(EVERY, EDITS) && s.label === 'after edits');
  const last = [...samples].reverse().find(s => s.label === 'after edits');
  const allowed = warm.heapUsedMB * (1 + GROWTH_BOUND.ratio) + GROWTH_BOUND.bytes / 1024 / 1024;
  if (last.heapUsedMB > allowed)
    failures.push({ check: `heap after GC stays within ${allowed.toFixed(1)} MB`, first: warm, last });
  const closed = samples[samples.length - 1];
  if (closed.heapUsedMB > allowed)
    failures.push({ check: 'closing documents gives their memory back', closed, allowed });
} catch (e) {
  failures.push({ check: 'the run completed', error: String(e?.stack ?? e) });
} finally {
  await Promise.race([
    conn.sendRequest('shutdown').then(() => conn.sendNotification('exit')),
    new Promise(r => setTimeout(r, 2000)),
  ]).catch(() => undefined);
  server.kill();
  fs.rmSync(workspace, { recursive: true, force: true });
}

const report = { edits: EDITS, seconds: Math.round((Date.now() - started) / 1000), samples, failures };
if (options.json) process.stdout.write(JSON.stringify(report) + '\n');
else
  log(
    failures.length
      ? `FAILED:\n${JSON.stringify(failures, null, 2)}`
      : `ok: ${EDITS} edits in ${report.seconds} s, diagnostics always current and equal to perfdoc check, memory flat`,
  );
process.exit(failures.length ? 1 : 0);
