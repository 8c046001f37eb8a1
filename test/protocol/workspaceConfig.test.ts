// `.perfdoc.yaml` in the real language server (FORMAT.md §13): the editor and the CLI give
// the same findings for the same configuration; the file wins where it sets a threshold and
// the editor settings apply elsewhere; a change to the file re-checks the open documents; the
// file gets its own diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient, fileUri } from '../helpers/lspClient';
import { checkJson } from '../fixtures/cli';
import { WARM_CAPACITY_MODEL } from '../fixtures/documents';

describe('protocol: .perfdoc.yaml', () => {
  let dir: string, client: TestClient;
  const start = async (config: string | null, editorSettings: Record<string, unknown> = {}) => {
    if (config !== null) fs.writeFileSync(path.join(dir, '.perfdoc.yaml'), config);
    client = new TestClient();
    await client.initialize(dir, editorSettings);
  };
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-config-')));
    fs.writeFileSync(path.join(dir, 'warm.perf.yaml'), WARM_CAPACITY_MODEL);
  });
  afterEach(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map(d => String(d.code));

  it('the editor and the CLI give the same findings for the same configuration', async () => {
    await start('utilizationWarnPercent: 40\n');
    const editor = await client.open(path.join(dir, 'warm.perf.yaml'), WARM_CAPACITY_MODEL);
    const cli = checkJson(['warm.perf.yaml'], dir).report.files[0].documents[0].diagnostics;
    assert.deepEqual(codes(editor), ['CM006']);
    assert.deepEqual(
      editor.diagnostics.map(d => ({ code: d.code, message: d.message, range: d.range })),
      cli.map(d => ({ code: d.code, message: d.message, range: d.range })),
    );
  });

  it('the file wins where it sets a threshold; the editor settings apply where it sets nothing', async () => {
    await start('utilizationWarnPercent: 40\n', { utilizationWarnPercent: 95 });
    assert.deepEqual(codes(await client.open(path.join(dir, 'warm.perf.yaml'), WARM_CAPACITY_MODEL)), ['CM006']);
    await client.shutdown();
    await start('quotaWarnPercent: 70\n', { utilizationWarnPercent: 40 });
    assert.deepEqual(codes(await client.open(path.join(dir, 'warm.perf.yaml'), WARM_CAPACITY_MODEL)), ['CM006']);
  });

  it('a change to the file on disk re-checks the open documents', async () => {
    await start('utilizationWarnPercent: 40\n');
    const file = path.join(dir, 'warm.perf.yaml');
    assert.deepEqual(codes(await client.open(file, WARM_CAPACITY_MODEL)), ['CM006']);
    fs.writeFileSync(path.join(dir, '.perfdoc.yaml'), 'utilizationWarnPercent: 90\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(dir, '.perfdoc.yaml')), type: 2 }],
    });
    await client.waitForDiagnostics(fileUri(file), p => p.diagnostics.length === 0);
  });

  it('the file open in the editor: its problems are its diagnostics, and its text applies as it is typed', async () => {
    await start(null);
    const doc = path.join(dir, 'warm.perf.yaml');
    assert.deepEqual(codes(await client.open(doc, WARM_CAPACITY_MODEL)), []);
    const config = path.join(dir, '.perfdoc.yaml');
    const broken = await client.open(config, 'utilizationWarnPercnt: 40\n');
    assert.deepEqual(codes(broken), ['PD002']);
    assert.match(broken.diagnostics[0].message, /did you mean utilizationWarnPercent\?/);
    assert.deepEqual(broken.diagnostics[0].range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 21 },
    });
    const fixed = await client.change(config, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 21 } }, text: 'utilizationWarnPercent' },
    ]);
    assert.deepEqual(codes(fixed), []);
    await client.waitForDiagnostics(fileUri(doc), p => codes(p).includes('CM006'));
  });
});
