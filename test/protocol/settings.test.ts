// Settings per workspace folder through the real server (dist/server.js): `perfdoc.*` has
// scope "resource", so two folders may differ; the server asks workspace/configuration with
// each document's folder as scopeUri. Code lenses follow perfdoc.codeLens.enabled live.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient, fileUri } from '../helpers/lspClient';
import { TIGHT_BUDGET as TIGHT } from '../fixtures/bufferBudget';

describe('protocol: settings per workspace folder', () => {
  let client: TestClient;
  let base: string, relaxed: string, strict: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-settings-'));
    relaxed = path.join(base, 'relaxed');
    strict = path.join(base, 'strict');
    fs.mkdirSync(relaxed);
    fs.mkdirSync(strict);
    client = new TestClient();
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('two folders with different minBufferPercent: the same budget warns in one only', async () => {
    client.scopedSettings = {
      [fileUri(relaxed)]: { perfdoc: { minBufferPercent: 1 } },
      [fileUri(strict)]: { perfdoc: { minBufferPercent: 10 } },
    };
    await client.initialize([relaxed, strict]);
    const inRelaxed = await client.open(path.join(relaxed, 'search.perf.yaml'), TIGHT);
    const inStrict = await client.open(path.join(strict, 'search.perf.yaml'), TIGHT);
    assert.deepEqual(
      inRelaxed.diagnostics.map(d => d.code),
      [],
    );
    assert.deepEqual(
      inStrict.diagnostics.map(d => d.code),
      ['LB002'],
    );
    assert.match(inStrict.diagnostics[0].message, /10%/);
  });

  it('perfdoc.codeLens.enabled, changed live: lenses go and come back after the refresh the server asks for', async () => {
    const nextRefresh = client.nextRequest('workspace/codeLens/refresh');
    await client.initialize(relaxed);
    const file = path.join(relaxed, 'search.perf.yaml');
    await client.open(file, TIGHT);
    const lenses = () =>
      client.request<{ command: { title: string } }[]>('textDocument/codeLens', {
        textDocument: { uri: fileUri(file) },
      });
    const shown = await lenses();
    assert.equal(shown.length, 1);
    assert.match(shown[0].command.title, /^LatencyBudget: /);
    const toggle = async (enabled: boolean) => {
      client.settings = { perfdoc: { codeLens: { enabled } } };
      const refreshed = nextRefresh();
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: client.settings });
      await refreshed;
    };
    await toggle(false);
    assert.deepEqual(await lenses(), []);
    await toggle(true);
    assert.deepEqual(await lenses(), shown);
  });
});
