// The web build (scripts/build.mjs, for vscode.dev and github.dev): the bundles load nothing of
// Node and evaluate no code, and the language server bundle, run in a context that has only
// what a browser's web worker has (no require, no process, no Buffer, no setImmediate), answers
// initialize, publishes diagnostics, and follows a reference by asking the client to read the
// file (perfdoc/readFile) under the workspace policy. test/e2e runs it in a real browser.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const REPO = path.resolve(__dirname, '..', '..', '..');
const bundle = (name: string) => readFileSync(path.join(REPO, 'dist', 'web', name), 'utf8');

interface Message {
  jsonrpc: '2.0';
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/** dist/web/server.js in a fresh context with a worker's globals; messages go through `self`. */
function startWorker(answerReadFile: (uri: string, maxBytes: number) => unknown) {
  const received: Message[] = [];
  const waiters: { until: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  let deliver: ((event: { data: unknown }) => void) | null = null;
  const self = {
    set onmessage(fn: (event: { data: unknown }) => void) {
      deliver = fn;
    },
    addEventListener: () => undefined,
    postMessage(message: Message) {
      if (message.method === 'perfdoc/readFile') {
        const { uri, maxBytes } = message.params as { uri: string; maxBytes: number };
        setTimeout(() => send({ jsonrpc: '2.0', id: message.id, result: answerReadFile(uri, maxBytes) }), 1);
      } else if (message.id !== undefined && message.method)
        setTimeout(() => send({ jsonrpc: '2.0', id: message.id, result: null }), 0);
      received.push(message);
      for (const w of waiters.splice(0))
        if (w.until(message)) w.resolve(message);
        else waiters.push(w);
    },
  };
  const send = (message: Message) => deliver!({ data: message });
  /** A browser's MessageChannel, as far as the server uses it; Node's keeps the test process alive. */
  class MessageChannel {
    readonly port1: { onmessage: (() => void) | null } = { onmessage: null };
    readonly port2 = { postMessage: () => setTimeout(() => this.port1.onmessage?.(), 0) };
  }
  const context = vm.createContext({
    self,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    MessageChannel,
    TextEncoder,
    TextDecoder,
    crypto: globalThis.crypto,
  });
  vm.runInContext(bundle('server.js'), context, { filename: 'dist/web/server.js' });
  const next = (until: (m: Message) => boolean, ms = 10_000) =>
    new Promise<Message>((resolve, reject) => {
      const hit = received.find(until);
      if (hit) return resolve(hit);
      const timer = setTimeout(
        () => reject(new Error(`no such message; got ${received.map(m => m.method ?? m.id)}`)),
        ms,
      );
      waiters.push({
        until,
        resolve: m => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  return { send, next, received, context };
}

const diagnosticsFor = (uri: string) => (m: Message) =>
  m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri;
const codes = (m: Message) => (m.params as { diagnostics: { code: string }[] }).diagnostics.map(d => d.code).sort();

/** The initialize handshake of a client with one workspace folder and no capabilities. */
async function initialize(worker: ReturnType<typeof startWorker>, folder: string): Promise<void> {
  worker.send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { processId: null, rootUri: folder, capabilities: {}, workspaceFolders: [{ uri: folder, name: 'repo' }] },
  });
  const init = await worker.next(m => m.id === 1 && 'result' in m);
  assert.ok((init.result as { capabilities: { hoverProvider: boolean } }).capabilities.hoverProvider);
  worker.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
}

describe('web build', () => {
  it('the bundles require no Node module and evaluate no code; the extension requires only vscode', () => {
    const node = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
    for (const name of ['server.js', 'extension.js']) {
      const text = bundle(name);
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(m => m[1]);
      assert.deepEqual(
        required.filter(m => node.has(m)),
        [],
        `${name} requires Node modules`,
      );
      assert.doesNotMatch(text, /new Function\s*\(|\beval\s*\(/, name);
    }
    assert.deepEqual(
      [...new Set([...bundle('extension.js').matchAll(/\brequire\("([^"]+)"\)/g)].map(m => m[1]))],
      ['vscode'],
    );
  });

  describe('the language server in a worker-like context', () => {
    const folder = 'vscode-test-web://mount/repo';
    const budgetUri = `${folder}/docs/budget.perf.yaml`;
    const planUri = `${folder}/docs/plan.perf.yaml`;
    const configUri = `${folder}/.perfdoc.yaml`;
    const budget = `apiVersion: perfdoc/v1
kind: LatencyBudget
name: Search
target: { p95: 300ms, p99: 200ms, timeout: 1s }
segments:
  - { name: db, budget: 100ms }
`;
    const plan = `apiVersion: perfdoc/v1
kind: LoadTestPlan
name: Search load
budget: ./budget.perf.yaml
tests:
  - { type: load, rps: 100, duration: 30m, criteria: { p95: 250ms, p99: 900ms, errorRate: 0.1% } }
`;
    const reads: { uri: string; maxBytes: number }[] = [];
    let worker: ReturnType<typeof startWorker>;

    before(async () => {
      worker = startWorker((uri, maxBytes) => {
        reads.push({ uri, maxBytes });
        return uri === budgetUri ? { text: budget } : { error: 'no such file or directory', io: true };
      });
      assert.equal(
        vm.runInContext('typeof process + typeof require + typeof Buffer', worker.context),
        'undefinedundefinedundefined',
      );
      await initialize(worker, folder);
    });

    it('publishes the diagnostics of an opened document', async () => {
      worker.send({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri: budgetUri, languageId: 'yaml', version: 1, text: budget } },
      });
      // p99 below p95: LB009 (FORMAT.md: targets ascend p50 ≤ p95 ≤ p99 ≤ timeout).
      assert.ok(codes(await worker.next(diagnosticsFor(budgetUri))).includes('LB009'));
    });

    it('reads a referenced file through the client, inside the workspace folder, and judges against it', async () => {
      // Closing the budget leaves its text only in the "file system": the plan's reference must be read.
      worker.send({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: budgetUri } } });
      worker.send({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri: planUri, languageId: 'yaml', version: 1, text: plan } },
      });
      const published = await worker.next(diagnosticsFor(planUri));
      // The folder's .perfdoc.yaml (FORMAT.md §13) was asked for at start; then the reference.
      assert.deepEqual(
        reads.map(r => r.uri),
        [configUri, budgetUri],
      );
      assert.ok(reads.every(r => r.maxBytes > 0));
      // Criteria looser than the budget's p99 (900 ms > 200 ms): LT004; and nothing says the file could not be read.
      assert.ok(codes(published).includes('LT004'), JSON.stringify(published.params));
      assert.doesNotMatch(JSON.stringify(published.params), /not read yet|cannot read/);
      assert.equal(
        worker.received.filter(diagnosticsFor(planUri)).length,
        1,
        'no diagnostics were published before the file arrived',
      );
    });

    it('does not ask for a file outside the workspace folder', async () => {
      const outside = `${folder}/docs/outside.perf.yaml`;
      worker.send({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: {
          textDocument: {
            uri: outside,
            languageId: 'yaml',
            version: 1,
            text: plan.replace('./budget.perf.yaml', '../../../etc/budget.perf.yaml'),
          },
        },
      });
      const published = await worker.next(diagnosticsFor(outside));
      assert.match(JSON.stringify(published.params), /outside the workspace folder/);
      assert.equal(reads.length, 2, 'no read was asked for');
    });
  });

  it("applies the folder's .perfdoc.yaml, read through the client, as the CLI does (FORMAT.md §13)", async () => {
    const folder = 'vscode-test-web://mount/warm';
    const modelUri = `${folder}/warm.perf.yaml`;
    // One tier of 12 × 200 rps at 1,000 rps: 41.7% at peak, over the file's 40% (the default is 85%).
    const model = `apiVersion: perfdoc/v1
kind: CapacityModel
name: Warm
traffic: { peakRps: 1000, latency: 100ms }
headroom: { safetyFactor: 1.5 }
tiers:
  - { name: api, unitRps: 200, units: 12 }
`;
    const worker = startWorker(uri =>
      uri === `${folder}/.perfdoc.yaml`
        ? { text: 'utilizationWarnPercent: 40\n' }
        : { error: 'no such file or directory', io: true },
    );
    await initialize(worker, folder);
    worker.send({
      jsonrpc: '2.0',
      method: 'textDocument/didOpen',
      params: { textDocument: { uri: modelUri, languageId: 'yaml', version: 1, text: model } },
    });
    const warned = await worker.next(m => diagnosticsFor(modelUri)(m) && codes(m).includes('CM006'));
    assert.match(JSON.stringify(warned.params), /runs at 42% of its max capacity at peak .*above 40%/);
  });
});
