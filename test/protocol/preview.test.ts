// perfdoc/preview: the charts of an open document, drawn by the server at the document's
// current version (the VS Code preview asks again after every edit).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileUri, freshServerPerTest } from '../helpers/lspClient';
import { PreviewRequest, PreviewResult } from '../../shared/protocol';

const budget = (p95: string) =>
  [
    'apiVersion: perfdoc/v1',
    'kind: LatencyBudget',
    'name: Search',
    `target: { p50: 100ms, p95: ${p95}, p99: 900ms, timeout: 2s }`,
    'segments:',
    '  - { name: Edge, budget: 40ms }',
    '  - { name: Query, budget: 220ms }',
    '',
  ].join('\n');

describe('protocol: perfdoc/preview', () => {
  const ws = freshServerPerTest('perfdoc-preview-');

  it('draws the open document at its current version, also right after an edit', async () => {
    const file = path.join(ws.dir, 'search.perf.yaml');
    await ws.client.open(file, budget('500ms'));
    const first = await ws.client.request<PreviewResult>(PreviewRequest.method, { uri: fileUri(file) });
    assert.equal(first.version, 1);
    assert.match(first.css, /--vscode-charts-red/);
    assert.deepEqual(
      first.sections.map(s => [s.kind, s.name, s.line]),
      [['LatencyBudget', 'Search', 0]],
    );
    assert.match(first.sections[0].html, /headroom 240 ms/);
    assert.match(first.sections[0].html, /data-line="6"/, 'the Query bar links to its line');

    // The request follows the edit without waiting for its diagnostics: the server answers for version 2.
    void ws.client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: fileUri(file), version: 2 },
      contentChanges: [{ text: budget('200ms') }],
    });
    const second = await ws.client.request<PreviewResult>(PreviewRequest.method, { uri: fileUri(file) });
    assert.equal(second.version, 2);
    assert.match(second.sections[0].html, /over by 60 ms/);
    assert.match(second.sections[0].html, /LB001/);
  });

  it('answers null for a document the server does not have open', async () => {
    assert.equal(
      await ws.client.request(PreviewRequest.method, { uri: fileUri(path.join(ws.dir, 'closed.perf.yaml')) }),
      null,
    );
  });
});
