import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileUri, freshServerPerTest } from '../helpers/lspClient';

describe('protocol: diagnostics', () => {
  const ws = freshServerPerTest('perfdoc-proto-');

  const queue = (workers: number) =>
    [
      'apiVersion: perfdoc/v1',
      'kind: CapacityModel',
      'name: Orders',
      'headroom: { safetyFactor: 1.5 }',
      'queues:',
      '  - name: orders',
      '    backlog: 2000000',
      '    ratePerWorker: 40/s',
      '    drainTime: 30m',
      `    workers: ${workers}`,
      '',
    ].join('\n');

  it('publishes with the document version after open and after each change', async () => {
    const file = path.join(ws.dir, 'q.perf.yaml');
    const opened = await ws.client.open(file, queue(20));
    assert.equal(opened.version, 1);
    const cm004 = opened.diagnostics.find(d => d.code === 'CM004');
    assert.ok(cm004, JSON.stringify(opened.diagnostics));
    assert.equal(cm004.range.start.line, 9);
    assert.match(cm004.message, /needs 28 workers/);
    const fixed = await ws.client.change(file, [
      { range: { start: { line: 9, character: 13 }, end: { line: 9, character: 15 } }, text: '28' },
    ]);
    assert.equal(fixed.version, 2);
    assert.ok(!fixed.diagnostics.some(d => d.code === 'CM004'));
  });

  it('coalesces a burst of queued edits into the final version, without a debounce', async () => {
    const file = path.join(ws.dir, 'q.perf.yaml');
    await ws.client.open(file, queue(20));
    const uri = fileUri(file);
    const before = ws.client.published.length;
    // 39 changes in one write, as an editor flushes typing that piled up while the server was busy.
    const frames = [];
    for (let v = 2; v <= 40; v++) {
      const body = JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version: v }, contentChanges: [{ text: queue(v % 2 ? 30 : 10) }] },
      });
      frames.push(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    ws.client.proc.stdin!.write(frames.join(''));
    const last = await ws.client.waitForDiagnostics(uri, p => p.version === 40);
    assert.ok(
      last.diagnostics.some(d => d.code === 'CM004'),
      'version 40 has 10 workers',
    );
    const versions = ws.client.published
      .slice(before)
      .filter(p => p.uri === uri)
      .map(p => p.version!);
    // One publish when the server reads the write at once; a pipe may split it, never into many.
    assert.ok(versions.length <= 3, `published versions ${versions.join(', ')}`);
    assert.deepEqual(
      [...versions].sort((a, b) => a - b),
      versions,
      'never an older version after a newer one',
    );
  });
});
