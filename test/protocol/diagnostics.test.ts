import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient, fileUri } from '../helpers/lspClient';

describe('protocol: diagnostics', () => {
  let client: TestClient;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-proto-'));
    client = new TestClient();
    await client.initialize(dir);
  });
  afterEach(async () => { await client.shutdown(); fs.rmSync(dir, { recursive: true, force: true }); });

  const queue = (workers: number) => [
    'apiVersion: perfdoc/v1', 'kind: CapacityModel', 'name: Orders', 'headroom: { safetyFactor: 1.5 }',
    'queues:', '  - name: orders', '    backlog: 2000000', '    ratePerWorker: 40/s', '    drainTime: 30m', `    workers: ${workers}`, '',
  ].join('\n');

  it('publishes with the document version after open and after each change', async () => {
    const file = path.join(dir, 'q.perf.yaml');
    const opened = await client.open(file, queue(20));
    assert.equal(opened.version, 1);
    const cm004 = opened.diagnostics.find(d => d.code === 'CM004');
    assert.ok(cm004, JSON.stringify(opened.diagnostics));
    assert.equal(cm004.range.start.line, 9);
    assert.match(cm004.message, /needs 28 workers/);
    const fixed = await client.change(file, [{ range: { start: { line: 9, character: 13 }, end: { line: 9, character: 15 } }, text: '28' }]);
    assert.equal(fixed.version, 2);
    assert.ok(!fixed.diagnostics.some(d => d.code === 'CM004'));
  });

  it('publishes only the final version after a burst of edits', async () => {
    const file = path.join(dir, 'q.perf.yaml');
    await client.open(file, queue(20));
    const uri = fileUri(file);
    for (let v = 2; v <= 40; v++) {
      void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: queue(v % 2 ? 30 : 10) }] });
    }
    const last = await client.waitForDiagnostics(uri, p => p.version === 40);
    assert.ok(last.diagnostics.some(d => d.code === 'CM004'), 'version 40 has 10 workers');
    const versions = client.published.filter(p => p.uri === uri).map(p => p.version!);
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'never an older version after a newer one');
  });
});
