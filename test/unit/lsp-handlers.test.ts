// The language server's handlers without a spawned bundle: a ServerState over a fake client
// (what the server sends is recorded; workspace/configuration is answered per scopeUri) and
// an in-memory FileSystem, driven by calling the handlers as server.ts registers them.
import * as assert from 'node:assert/strict';
import type { CodeActionParams, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { HeadlineParams } from '../../shared/protocol';
import type { FileSystem, TextRead } from '../../server/src/files/fileSystem';
import { nodeDocumentPaths } from '../../server/src/files/nodeDocumentPaths';
import { IdleCollector } from '../../server/src/lsp/idleCollector';
import { Client, ServerState } from '../../server/src/lsp/state';
import { publishDiagnostics } from '../../server/src/lsp/handlers/diagnostics';
import { didChange, didChangeWatchedFiles, didClose, didOpen } from '../../server/src/lsp/handlers/documents';
import { initialize, initialized } from '../../server/src/lsp/handlers/initialize';
import { codeActions } from '../../server/src/lsp/handlers/codeActions';
import { codeLenses } from '../../server/src/lsp/handlers/codeLens';
import { didChangeConfiguration } from '../../server/src/lsp/handlers/configuration';
import { inlayHints } from '../../server/src/lsp/handlers/inlayHints';
import { TIGHT_BUDGET as TIGHT } from '../fixtures/bufferBudget';

const A = 'file:///ws/a',
  B = 'file:///ws/b';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
/** Critical path 280 ms against p95 300 ms: 6.7% of room, LB002 only above 6.7%. */
const ROOMY = TIGHT.replace('245ms', '230ms');
/** No p95/p99: LB003, whose fix depends on minBufferPercent. */
const NO_P95 = yaml(
  'apiVersion: perfdoc/v1',
  'kind: LatencyBudget',
  'name: Search',
  'target:',
  '  p50: 100ms',
  '  timeout: 1s',
  'segments:',
  '  - name: App',
  '    budget: 290ms',
);

/** The client side: records what the server sends; answers configuration from `settings` by scope. */
class FakeClient implements Client {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly headlines: HeadlineParams[] = [];
  readonly asked: string[] = [];
  readonly refreshed: string[] = [];
  readonly errors: string[] = [];
  settings: Record<string, Record<string, unknown>> = {};
  private waiters: {
    test: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];

  publishDiagnostics(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    for (const w of this.waiters.filter(w => w.test(p))) w.resolve(p);
    this.waiters = this.waiters.filter(w => !w.test(p));
  }
  publishHeadline(p: HeadlineParams): void {
    this.headlines.push(p);
  }
  async configuration(scopeUri: string): Promise<unknown> {
    this.asked.push(scopeUri);
    return this.settings[scopeUri] ?? null;
  }
  watchConfiguration(): void {}
  refreshInlayHints(): void {
    this.refreshed.push('inlayHints');
  }
  refreshCodeLenses(): void {
    this.refreshed.push('codeLenses');
  }
  async readFile(): Promise<TextRead> {
    return { error: 'this client reads no files', io: true };
  }
  log(): void {}
  error(m: string): void {
    this.errors.push(m);
  }

  /** The next publish for `uri` matching `test`. */
  next(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise(resolve => this.waiters.push({ test: p => p.uri === uri && test(p), resolve }));
  }
}

/** Files the workspace has on "disk": none but what a test puts there. */
function memoryFileSystem(files: Record<string, string> = {}): FileSystem {
  return {
    readText: p => (p in files ? { text: files[p] } : { error: 'no such file', io: true }),
    readDirectory: () => [],
    kindOf: p => (p in files ? 'file' : { error: 'no such file' }),
    realPath: p => p,
  };
}

async function startedServer(client: FakeClient, files: Record<string, string> = {}): Promise<ServerState> {
  const state = new ServerState(
    client,
    memoryFileSystem(files),
    nodeDocumentPaths,
    publishDiagnostics,
    new IdleCollector(null),
  );
  initialize(state, {
    processId: null,
    rootUri: null,
    workspaceFolders: [
      { uri: A, name: 'a' },
      { uri: B, name: 'b' },
    ],
    capabilities: {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        inlayHint: { refreshSupport: true },
        codeLens: { refreshSupport: true },
      },
    },
  });
  await initialized(state);
  return state;
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map(d => d.code);

function open(state: ServerState, uri: string, text: string): void {
  didOpen(state, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
}

describe('lsp handlers (fake client, no spawned server)', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = new FakeClient();
    client.settings = { [A]: { minBufferPercent: 1 }, [B]: { minBufferPercent: 10 } };
  });

  describe('diagnostics publishing', () => {
    it("publishes each open document's findings under its own folder's settings, with its version and headline", async () => {
      const state = await startedServer(client);
      const a = client.next(`${A}/x.perf.yaml`),
        b = client.next(`${B}/x.perf.yaml`);
      open(state, `${A}/x.perf.yaml`, TIGHT);
      open(state, `${B}/x.perf.yaml`, TIGHT);
      // 5 ms of 300 ms is 1.7%: enough for folder a's 1%, not for folder b's 10%.
      assert.deepEqual(codes(await a), []);
      assert.deepEqual(codes(await b), ['LB002']);
      assert.equal((await b).version, 1);
      assert.deepEqual(
        client.asked.sort(),
        [A, B],
        'one configuration request per folder, with the folder as scopeUri',
      );
      const headline = client.headlines.find(h => h.uri === `${B}/x.perf.yaml`);
      assert.equal(headline?.severity, 'warning');
    });

    it('publishes the latest version only after a burst of changes, and nothing but an empty list after close', async () => {
      const state = await startedServer(client);
      const uri = `${B}/x.perf.yaml`;
      open(state, uri, TIGHT);
      await client.next(uri);
      const settled = client.next(uri, p => p.version === 4);
      for (const [version, text] of [
        [2, ROOMY],
        [3, TIGHT],
        [4, ROOMY],
      ] as const)
        didChange(state, { textDocument: { uri, version }, contentChanges: [{ text }] });
      const last = await settled;
      assert.deepEqual(codes(last), ['LB002'], '6.7% room is still below 10%');
      assert.deepEqual(
        client.published.filter(p => p.uri === uri).map(p => p.version),
        [1, 4],
        'the burst is analysed once, at its last version',
      );
      didClose(state, { textDocument: { uri } });
      assert.deepEqual(client.published.at(-1), { uri, diagnostics: [] });
      assert.equal(state.analysisFor(uri), undefined);
    });
  });

  describe('code actions', () => {
    it("the LB003 fix leaves the folder's minBufferPercent of room (10% in b, 5% by default)", async () => {
      delete client.settings[A]; // folder a on the defaults, from the first request on
      const state = await startedServer(client);
      const titles: string[] = [];
      for (const uri of [`${A}/x.perf.yaml`, `${B}/x.perf.yaml`]) {
        const published = client.next(uri);
        open(state, uri, NO_P95);
        const diagnostics = (await published).diagnostics.filter(d => d.code === 'LB003');
        assert.equal(diagnostics.length, 1);
        const params: CodeActionParams = {
          textDocument: { uri },
          range: diagnostics[0].range,
          context: { diagnostics, only: ['quickfix'] },
        };
        const actions = codeActions(state, params)!;
        assert.deepEqual(actions[0].diagnostics, diagnostics, "the action names the client's own diagnostic");
        titles.push(actions[0].title);
      }
      // 290 / 0.95 = 305.3 → 310 ms; 290 / 0.90 = 322.2 → 330 ms (two significant digits, up).
      assert.match(titles[0], /^Add p95: 310ms, /);
      assert.match(titles[1], /^Add p95: 330ms, /);
    });

    it("'source' asks for the checklist action only; a foreign diagnostic gets no fix", async () => {
      const state = await startedServer(client);
      const uri = `${B}/x.perf.yaml`;
      const published = client.next(uri);
      open(state, uri, TIGHT);
      const [lb002] = (await published).diagnostics;
      const at = { textDocument: { uri }, range: lb002.range };
      const source = codeActions(state, { ...at, context: { diagnostics: [lb002], only: ['source'] } })!;
      assert.deepEqual(
        source.map(x => [x.title, x.kind]),
        [['Add production review checklist', 'source.addChecklist']],
      );
      const foreign = { ...lb002, source: 'yaml' };
      const all = codeActions(state, { ...at, context: { diagnostics: [foreign] } })!;
      assert.deepEqual(
        all.map(x => x.kind),
        ['source.addChecklist'],
      );
    });

    it('LT010: the fix edits the referenced capacity model, under its own URI', async () => {
      const model = yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Case API',
        'traffic:',
        '  peakRps: 2000',
        '  p95Latency: 450ms',
      );
      // The run's p95 is 600 ms: (600 − 450) / 450 = +33.3%, beyond LT010's 20%.
      const run = JSON.stringify({
        state: { testRunDurationMs: 60000 },
        metrics: {
          http_reqs: { type: 'counter', values: { count: 120000, rate: 2000 } },
          http_req_duration: { type: 'trend', values: { med: 200, 'p(95)': 600, 'p(99)': 900 } },
          http_req_failed: { type: 'rate', values: { rate: 0 } },
        },
      });
      const state = await startedServer(client, { '/ws/a/model.perf.yaml': model, '/ws/a/run.json': run });
      const uri = `${A}/plan.perf.yaml`;
      const published = client.next(uri);
      open(
        state,
        uri,
        yaml(
          'apiVersion: perfdoc/v1',
          'kind: LoadTestPlan',
          'name: Case API',
          'capacity: ./model.perf.yaml',
          'tests:',
          '  - { type: load, rps: 2000, criteria: { p95: 700ms, p99: 1s, errorRate: 0.1% }, results: ./run.json }',
        ),
      );
      const diagnostics = (await published).diagnostics.filter(d => d.code === 'LT010');
      assert.equal(diagnostics.length, 1, JSON.stringify((await published).diagnostics));
      const [action] = codeActions(state, {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics, only: ['quickfix'] },
      })!;
      assert.equal(action.isPreferred, true);
      assert.deepEqual(action.edit, {
        changes: {
          [`${A}/model.perf.yaml`]: [
            { range: { start: { line: 5, character: 14 }, end: { line: 5, character: 19 } }, newText: '600ms' },
          ],
        },
      });
    });
  });

  describe('files changed on disk', () => {
    it("a plan's results file created, rewritten and deleted re-checks the open plan (LT009 comes, goes; PD004)", async () => {
      const files: Record<string, string> = {};
      const state = await startedServer(client, files);
      const uri = `${A}/plan.perf.yaml`;
      const first = client.next(uri);
      open(
        state,
        uri,
        yaml(
          'apiVersion: perfdoc/v1',
          'kind: LoadTestPlan',
          'name: Case API',
          'tests:',
          '  - { type: load, criteria: { p95: 500ms, p99: 1s, errorRate: 0.1% }, results: ./run.json }',
        ),
      );
      assert.deepEqual(
        (await first).diagnostics.filter(d => d.code === 'PD004').map(d => d.message),
        ['results: cannot read run.json: no such file'],
      );
      const run = (p95: number) =>
        JSON.stringify({
          state: { testRunDurationMs: 60000 },
          metrics: { http_req_duration: { type: 'trend', values: { med: 200, 'p(95)': p95, 'p(99)': 900 } } },
        });
      const changed = (type: 1 | 2 | 3, test: (p: PublishDiagnosticsParams) => boolean) => {
        const next = client.next(uri, test);
        didChangeWatchedFiles(state, { changes: [{ uri: `${A}/run.json`, type }] });
        return next;
      };
      files['/ws/a/run.json'] = run(620);
      const failing = await changed(1, p => codes(p).includes('LT009'));
      assert.match(String(failing.diagnostics.find(d => d.code === 'LT009')?.message), /^measured p95 620 ms breaks/);
      files['/ws/a/run.json'] = run(480);
      const passing = await changed(2, () => true);
      assert.deepEqual(codes(passing), ['LT001', 'LT005'], 'the criteria hold: no LT009, no PD004');
      delete files['/ws/a/run.json'];
      const gone = await changed(3, () => true);
      assert.ok(codes(gone).includes('PD004'));
    });
  });

  describe('configuration', () => {
    it('asks for every folder once when initialized, so a first open does not wait for the answer', async () => {
      const state = await startedServer(client);
      assert.deepEqual(client.asked.sort(), [A, B], 'asked before any document is open');
      await Promise.all([A, B].map(f => state.settings.ensure(`${f}/x.perf.yaml`)));
      const uri = `${B}/x.perf.yaml`;
      assert.ok(state.settings.known(uri), "the folder's settings are known before its first document opens");
      const first = client.next(uri);
      open(state, uri, TIGHT);
      assert.deepEqual(codes(await first), ['LB002'], "analysed under folder b's 10%");
      assert.deepEqual(client.asked.sort(), [A, B], 'and not asked again');
    });

    it('a change is pulled again per folder, re-publishes, and refreshes inlay hints and code lenses', async () => {
      const state = await startedServer(client);
      const uri = `${A}/x.perf.yaml`;
      const first = client.next(uri);
      open(state, uri, TIGHT);
      assert.deepEqual(codes(await first), []);
      const range = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
      assert.ok(codeLenses(state, { textDocument: { uri } })!.length > 0, 'code lenses on by default');
      assert.ok(inlayHints(state, { textDocument: { uri }, range })!.length > 0, 'inlay hints on by default');

      client.settings[A] = { minBufferPercent: 10, codeLens: { enabled: false }, inlayHints: { enabled: false } };
      client.asked.length = 0;
      client.refreshed.length = 0;
      const republished = client.next(uri);
      await didChangeConfiguration(state, { settings: null });
      assert.deepEqual(client.asked, [A], 'the open document’s folder is asked again');
      assert.deepEqual(client.refreshed, ['inlayHints', 'codeLenses']);
      assert.deepEqual(codes(await republished), ['LB002'], 'diagnostics follow the new minBufferPercent');
      assert.deepEqual(codeLenses(state, { textDocument: { uri } }), []);
      assert.deepEqual(inlayHints(state, { textDocument: { uri }, range }), []);
    });

    it('a client without workspace/configuration pushes its settings with the change notification', async () => {
      const state = new ServerState(
        client,
        memoryFileSystem(),
        nodeDocumentPaths,
        publishDiagnostics,
        new IdleCollector(null),
      );
      initialize(state, { processId: null, rootUri: null, workspaceFolders: null, capabilities: {} });
      const uri = 'untitled:Untitled-1';
      const first = client.next(uri);
      open(state, uri, TIGHT);
      assert.deepEqual(codes(await first), ['LB002'], '1.7% room is below the default 5%');
      const again = client.next(uri);
      await didChangeConfiguration(state, { settings: { perfdoc: { minBufferPercent: 1 } } });
      assert.deepEqual(codes(await again), []);
      assert.deepEqual(client.asked, [], 'nothing is asked of a client that cannot answer');
      assert.deepEqual(client.refreshed, [], 'nor refreshes it did not offer');
    });
  });
});
