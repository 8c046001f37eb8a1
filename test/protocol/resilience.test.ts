// Server resilience through the real server (dist/server.js): hostile documents and malformed
// requests cost at most one answer, never the process; the server answers other documents
// while it works; cancelled requests are not computed; after 500 rapid edits the published
// diagnostics are exactly those of the final text; 2,000 edits leave memory flat (the short
// run of test/soak/soak.mjs, whose full run is `npm run soak`).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { REPO, TestClient, fileUri, PublishedDiagnostics } from '../helpers/lspClient';
import { analyzeFile, fileDiagnostics } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/lineIndex';
import { LESSON_SEGMENTS, latencyBudget, perfdoc } from '../fixtures/documents';

const HEALTHY = latencyBudget(LESSON_SEGMENTS);
const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const keyOf = (d: {
  code?: unknown;
  message: string;
  severity?: unknown;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}) =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.message}`;

/** What a from-scratch analysis of `text` says, keyed like a publish (documents without references). */
function expectedDiagnostics(file: string, text: string): string[] {
  return fileDiagnostics(analyzeFile(file, text)).map(keyOf).sort();
}
const publishedKeys = (p: PublishedDiagnostics) =>
  p.diagnostics.map(d => keyOf({ ...d, severity: SEVERITY[d.severity ?? 1] })).sort();

describe('protocol: resilience', function () {
  this.timeout(120_000);
  let client: TestClient;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-resilience-'));
    client = new TestClient();
    await client.initialize(dir);
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hoverOn = (file: string, line: number, character: number) =>
    client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: fileUri(file) },
      position: { line, character },
    });

  it('survives hostile documents (10,000-deep nesting parsed twice used to abort the process) and still serves a healthy one', async () => {
    const healthy = path.join(dir, 'healthy.perf.yaml');
    await client.open(healthy, HEALTHY);
    const hostile: [string, string, RegExp][] = [
      [
        'deep.perf.yaml',
        perfdoc('LatencyBudget', `segments: ${'['.repeat(10_000)}${']'.repeat(10_000)}`),
        /nested too deeply/,
      ],
      [
        'bomb.perf.yaml',
        perfdoc(
          'CapacityModel',
          'a: &a [x, x, x, x, x, x, x, x, x, x]',
          ...Array.from(
            { length: 8 },
            (_, i) =>
              `b${i}: &b${i} [${Array(10)
                .fill(i ? `*b${i - 1}` : '*a')
                .join(', ')}]`,
          ),
        ),
        /alias bomb/,
      ],
      ['cycle.perf.yaml', perfdoc('LatencyBudget', 'segments: &s [*s]'), /a cycle/],
      [
        'many.perf.yaml',
        perfdoc('LatencyBudget', 'segments:') + '  - { name: s, budget: 1ms }\n'.repeat(100_000),
        /YAML nodes/,
      ],
      ['nul.perf.yaml', 'apiVersion: perfdoc/v1\u0000\nkind: \u0000LatencyBudget\n\u0001\u0002: [', /./],
    ];
    for (const [name, text, expected] of hostile) {
      const file = path.join(dir, name);
      const opened = await client.open(file, text);
      assert.ok(
        opened.diagnostics.some(d => expected.test(d.message)),
        `${name}: ${opened.diagnostics.map(d => d.message).join(' | ')}`,
      );
      // The same text again as an edit: the abort needed a second parse.
      await client.change(file, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' },
      ]);
    }
    const hover = await hoverOn(healthy, new LineIndex(HEALTHY).positionAt(HEALTHY.indexOf('220ms')).line, 22);
    assert.ok(hover?.contents.value, 'the healthy document still gets hovers');
    assert.equal(client.proc.exitCode, null, 'the server is alive');
  });

  it('answers malformed requests with nothing or an error, never by dying', async () => {
    const file = path.join(dir, 'a.perf.yaml');
    await client.open(file, HEALTHY);
    const uri = fileUri(file);
    const attempts: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri }, position: { line: -5, character: -1 } }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 1e9, character: 1e9 } }],
      [
        'textDocument/hover',
        { textDocument: { uri: 'file:///never/opened.perf.yaml' }, position: { line: 0, character: 0 } },
      ],
      [
        'textDocument/hover',
        { textDocument: { uri: 'https://example.com/x.perf.yaml' }, position: { line: 0, character: 0 } },
      ],
      ['textDocument/hover', { textDocument: null, position: null }],
      ['textDocument/hover', null],
      ['textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 400 } }],
      [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          range: { start: { line: 9, character: 0 }, end: { line: 0, character: 0 } },
          context: {
            diagnostics: [
              { source: 'perfdoc', code: 'CM004', message: 'x', range: null, data: { workersNeeded: 'many' } },
            ],
          },
        },
      ],
      [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } },
          context: { diagnostics: 'none' },
        },
      ],
      [
        'textDocument/inlayHint',
        { textDocument: { uri }, range: { start: { line: 50, character: 0 }, end: { line: 2, character: 0 } } },
      ],
      ['textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 0 } }],
      ['textDocument/documentSymbol', { textDocument: { uri: 'untitled:Untitled-1' } }],
      ['perfdoc/preview', { uri: 42 }],
      ['perfdoc/checklistReport', 'not an object'],
      ['perfdoc/noSuchRequest', {}],
    ];
    for (const [method, params] of attempts) {
      try {
        await client.request(method, params);
      } catch (e) {
        assert.match(String((e as Error).message), /./, `${method} rejected with a message`);
      }
    }
    // Notifications that make no sense are ignored.
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: 'file:///never/opened.perf.yaml', version: 9 },
      contentChanges: [{ text: 'x' }],
    });
    await client.conn.sendNotification('textDocument/didClose', {
      textDocument: { uri: 'file:///never/opened.perf.yaml' },
    });
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: 'not a uri', type: 2 },
        { uri: 'file:///etc/passwd', type: 1 },
      ],
    });
    await client.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { perfdoc: { minBufferPercent: 'lots', defaultMaxUtilization: -1 } },
    });
    const again = await client.change(file, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' },
    ]);
    assert.deepEqual(publishedKeys(again), expectedDiagnostics(file, HEALTHY));
    assert.equal(client.proc.exitCode, null);
  });

  it('publishes exactly the diagnostics of the final text after a burst of 500 rapid edits', async () => {
    const file = path.join(dir, 'burst.perf.yaml');
    let text = HEALTHY;
    await client.open(file, text);
    const uri = fileUri(file);
    // Retype the budgets one keystroke at a time, with a stray bracket now and then: no await in between.
    let version = 1;
    for (let i = 0; i < 500; i++) {
      const lines = new LineIndex(text);
      const budgets = [...text.matchAll(/budget: (\d+)ms/g)];
      const m = budgets[i % budgets.length];
      const at = m.index! + 'budget: '.length;
      const [start, end, insert] =
        i % 97 === 0
          ? [at, at, '[']
          : text[at] === '['
            ? [at, at + 1, '']
            : [at, at + m[1].length, String((i * 37) % 300)];
      const change = { range: lines.range(start, end), text: insert };
      text = text.slice(0, start) + insert + text.slice(end);
      void client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [change],
      });
    }
    const last = await client.waitForDiagnostics(uri, p => p.version === version, 60_000);
    assert.deepEqual(publishedKeys(last), expectedDiagnostics(file, text));
    const versions = client.published.filter(p => p.uri === uri).map(p => p.version!);
    assert.deepEqual(
      [...versions].sort((a, b) => a - b),
      versions,
      'never an older version after a newer one',
    );
  });

  it('answers a hover on a small document while a 10,000-segment one is analyzed', async () => {
    const small = path.join(dir, 'small.perf.yaml');
    await client.open(small, HEALTHY);
    const big =
      perfdoc('LatencyBudget', 'target: { p95: 500ms, p99: 1s, timeout: 2s }', 'segments:') +
      Array.from({ length: 10_000 }, (_, i) => `  - name: s${i}\n    budget: 1ms\n`).join('');
    const started = Date.now();
    void client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: fileUri(path.join(dir, 'big.perf.yaml')), languageId: 'yaml', version: 1, text: big },
    });
    const hover = await hoverOn(small, 8, 4);
    const waited = Date.now() - started;
    assert.match(hover?.contents.value ?? 'no hover', /^\*\*Application processing\*\* · segment 4 of 8/);
    // The analysis is synchronous: the hover waits for it at most (one analysis of 10,000 segments).
    assert.ok(waited < 20_000, `hover answered after ${waited} ms`);
    await client.waitForDiagnostics(fileUri(path.join(dir, 'big.perf.yaml')), p => p.version === 1, 60_000);
  });

  it('does not compute a request cancelled while it waited, and stays responsive', async () => {
    const file = path.join(dir, 'a.perf.yaml');
    await client.open(file, HEALTHY);
    const sources = Array.from({ length: 20 }, () => new CancellationTokenSource());
    const answers = sources.map(s =>
      client.conn.sendRequest(
        'textDocument/hover',
        { textDocument: { uri: fileUri(file) }, position: { line: 8, character: 4 } },
        s.token,
      ),
    );
    for (const s of sources) s.cancel();
    const settled = await Promise.allSettled(answers);
    const cancelled = settled.filter(
      r => r.status === 'rejected' && /cancel/i.test(String((r.reason as Error).message)),
    );
    assert.ok(
      cancelled.length > 0,
      `some hovers were cancelled before they ran: ${JSON.stringify(settled.map(r => r.status))}`,
    );
    assert.ok(await hoverOn(file, 8, 4));
  });

  it('a workspace-wide checklist report yields to other requests and can be cancelled', async () => {
    for (let i = 0; i < 300; i++)
      fs.writeFileSync(path.join(dir, `svc-${i}.perf.yaml`), HEALTHY.replace('name: Test', `name: Service ${i}`));
    const indexed = new TestClient();
    try {
      await indexed.initialize(dir);
      const file = path.join(dir, 'svc-0.perf.yaml');
      await indexed.open(file, fs.readFileSync(file, 'utf8'));
      const report = new CancellationTokenSource();
      const answer = indexed.conn.sendRequest<{ markdown: string }>('perfdoc/checklistReport', {}, report.token);
      const hover = await indexed.request('textDocument/hover', {
        textDocument: { uri: fileUri(file) },
        position: { line: 8, character: 4 },
      });
      assert.ok(hover, 'a hover is answered while the report is being built');
      report.cancel();
      await assert.rejects(answer, /cancel/i);
      const full = await indexed.request<{ markdown: string }>('perfdoc/checklistReport', {});
      assert.match(full.markdown, /Service 299/);
    } finally {
      await indexed.shutdown();
    }
  });
});

describe('protocol: memory over 2,000 edits (short soak)', function () {
  this.timeout(600_000);
  it('keeps the heap flat, publishes only current diagnostics equal to perfdoc check, and frees closed documents', function () {
    if (process.platform === 'win32') this.skip(); // the memory probe answers SIGUSR2
    const run = spawnSync(
      process.execPath,
      [path.join(REPO, 'test', 'soak', 'soak.mjs'), '--edits', '2000', '--every', '500', '--json'],
      { encoding: 'utf8', timeout: 540_000 },
    );
    assert.equal(run.error, undefined);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      samples: { label: string; edits: number; heapUsedMB: number; rssMB: number }[];
      failures: unknown[];
    };
    assert.deepEqual(report.failures, [], run.stderr);
    assert.equal(run.status, 0);
    const heap = report.samples.map(s => s.heapUsedMB);
    assert.ok(Math.max(...heap) < 64, `heap after GC stays small: ${heap.join(', ')} MB`);
  });
});
