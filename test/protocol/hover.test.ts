// textDocument/hover and textDocument/inlayHint through the real server (dist/server.js).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient, fileUri } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/core/lineIndex';
import { LITTLE_CAPACITY, ORDERS_QUEUE, SEARCH_BUDGET, offsetOf } from '../unit/figureFixtures';

interface Hover {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number } };
}
interface InlayHint {
  position: { line: number; character: number };
  label: string;
}

const positionOf = (text: string, needle: string, delta = 0) =>
  new LineIndex(text).positionAt(offsetOf(text, needle, delta));

describe('protocol: hover and inlay hints', () => {
  let client: TestClient;
  let dir: string;
  let nextRefresh: () => Promise<void>;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-hover-'));
    client = new TestClient();
    // The server sends an inlay hint refresh once new settings are applied.
    nextRefresh = client.nextRequest('workspace/inlayHint/refresh');
    const applied = nextRefresh();
    await client.initialize(dir);
    await applied;
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hover = (file: string, text: string, needle: string, delta = 0) =>
    client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: fileUri(file) },
      position: positionOf(text, needle, delta),
    });
  const hints = (file: string, fromLine: number, toLine: number) =>
    client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: fileUri(file) },
      range: { start: { line: fromLine, character: 0 }, end: { line: toLine, character: 0 } },
    });

  it("hovers with the segment's share of the target and the running total, as Markdown", async () => {
    const file = path.join(dir, 'search.perf.yaml');
    await client.open(file, SEARCH_BUDGET);
    const h = await hover(file, SEARCH_BUDGET, 'Database/search query');
    assert.ok(h);
    assert.equal(h.contents.kind, 'markdown');
    assert.match(h.contents.value, /220 ms = 44% of the p95 target 500 ms; running total after it: 430 ms of 500 ms/);
    assert.deepEqual(h.range?.start, positionOf(SEARCH_BUDGET, 'name: Database'));
  });

  it('hovers inside the fence of a Markdown design doc, not in its prose', async () => {
    const md = `# Orders backlog\n\nAfter the outage (§20 exercise 2):\n\n\`\`\`yaml\n${ORDERS_QUEUE}\`\`\`\n\nThe rest of the doc.\n`;
    const file = path.join(dir, 'design.md');
    await client.open(file, md);
    const h = await hover(file, md, 'workers: 20', 10);
    assert.match(h!.contents.value, /ceil\(\(2,000,000 \/ 1,800 s\) \/ 40\/s\) = 28/);
    assert.match(
      h!.contents.value,
      /^\*\*CM004 · Too few queue workers\*\*/,
      'the squiggle under the cursor is explained first',
    );
    assert.equal(await hover(file, md, 'The rest'), null);
  });

  it('reads the request timeout of the budget that latencyFrom names from the workspace', async () => {
    fs.writeFileSync(path.join(dir, 'search.perf.yaml'), SEARCH_BUDGET);
    const text = LITTLE_CAPACITY('latencyFrom: ./search.perf.yaml');
    const file = path.join(dir, 'api.perf.yaml');
    await client.open(file, text);
    const h = await hover(file, text, 'peakRps');
    assert.match(h!.contents.value, /at the 2 s request timeout of "Search case API": 500 rps × 2 s = 1,000 in flight/);
  });

  it('shows the demand into a tier and the in-flight calls of an edge against its pool (§10.1)', async () => {
    const text = [
      'apiVersion: perfdoc/v1',
      'kind: CapacityModel',
      'name: Flow',
      'traffic: { peakRps: 2000, latency: 100ms }',
      'headroom: { safetyFactor: 1.5 }',
      'tiers:',
      '  - name: api',
      '    units: 6',
      '    connectionsPerUnit: 20',
      '    dependsOn:',
      '      - { tier: cache, latency: 20ms }',
      '      - { tier: db, callsPerRequest: 1.2 }',
      '  - name: cache',
      '  - name: db',
      '',
    ].join('\n');
    const file = path.join(dir, 'flow.perf.yaml');
    await client.open(file, text);
    const labelled = (await hints(file, 6, 20)).map(h => [h.position, h.label]);
    // 2,000 rps × 1 call × 20 ms = 40 in flight; pool 6 units × 20 = 120; db: 2,000 × 1.2 = 2,400 rps.
    assert.deepEqual(labelled, [
      [positionOf(text, '20ms }', 4), '40 in flight / pool 120'],
      [positionOf(text, 'cache\n', 5), '→ 2,000 rps'],
      [positionOf(text, 'db\n', 2), '→ 2,400 rps'],
    ]);
    const h = await hover(file, text, 'latency: 20ms');
    assert.match(h!.contents.value, /^\*\*Call api → cache\*\*/);
    assert.match(h!.contents.value, /→ cache: 2,000 calls\/s × 0.02 s = 40 in flight \/ pool 120/);
    assert.match(h!.contents.value, /pool = maxUnits × connectionsPerUnit = 6 × 20 = 120/);
    const db = await hover(file, text, 'name: db', 6);
    assert.match(db!.contents.value, /rps = Σ callers = api calls 2,400 = 2,400/);
  });

  it('returns the inlay hints of the requested lines, at the end of their values', async () => {
    const file = path.join(dir, 'search.perf.yaml');
    await client.open(file, SEARCH_BUDGET);
    assert.deepEqual(await hints(file, 24, 31), [
      {
        position: { line: 25, character: 17 },
        label: 'Σ 430 ms',
        paddingLeft: true,
        tooltip: 'running total of the critical path after this segment (§5)',
      },
    ]);
    const all = await hints(file, 0, 40);
    assert.deepEqual(all.map(h => h.label).slice(0, 2), ['worst case 1.51 s', 'Σ 500 ms · 100% of p95']);
  });

  it('honours perfdoc.inlayHints.enabled, changed live with workspace/didChangeConfiguration', async () => {
    const file = path.join(dir, 'orders.perf.yaml');
    await client.open(file, ORDERS_QUEUE);
    assert.deepEqual(
      (await hints(file, 0, 20)).map(h => h.label),
      ['needs 28'],
    );

    const toggle = async (enabled: boolean) => {
      client.settings = { perfdoc: { inlayHints: { enabled } } };
      const applied = nextRefresh();
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: client.settings });
      await applied;
    };
    await toggle(false);
    assert.deepEqual(await hints(file, 0, 20), []);
    await toggle(true);
    assert.deepEqual(
      (await hints(file, 0, 20)).map(h => h.label),
      ['needs 28'],
    );
  });
});
