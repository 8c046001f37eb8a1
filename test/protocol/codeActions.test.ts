// Quick fixes through the real server: open a document, ask for code actions with the
// diagnostic the server published, apply the returned WorkspaceEdit to the text as an
// editor would, send the change, and check the next diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PublishedDiagnostics, TestClient, fileUri } from '../helpers/lspClient';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface LspTextEdit {
  range: Range;
  newText: string;
}
interface LspCodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: PublishedDiagnostics['diagnostics'];
  edit?: { changes?: Record<string, LspTextEdit[]> };
}
type Diagnostic = PublishedDiagnostics['diagnostics'][number];

function offsetAt(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + p.character;
}

/** Applies LSP text edits (all relative to the original text), as an editor does. */
function applyEdits(text: string, edits: LspTextEdit[]): string {
  const byOffset = edits.map(e => ({
    start: offsetAt(text, e.range.start),
    end: offsetAt(text, e.range.end),
    newText: e.newText,
  }));
  for (const e of byOffset.sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function wholeText(text: string): Range {
  const lines = text.split('\n');
  return {
    start: { line: 0, character: 0 },
    end: { line: lines.length - 1, character: lines[lines.length - 1].length },
  };
}

const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const count = (p: PublishedDiagnostics, code: string) => p.diagnostics.filter(d => d.code === code).length;

describe('protocol: code actions', () => {
  let client: TestClient;
  let dir: string;
  beforeEach(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-actions-')));
    client = new TestClient();
    await client.initialize(dir);
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const actionsFor = (file: string, diagnostic: Diagnostic, only?: string[]) =>
    client.request<LspCodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri: fileUri(file) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });

  /** Opens `text`, applies the quick fix for its first `code` diagnostic and returns the next published diagnostics. */
  async function fixThroughServer(name: string, text: string, code: string, pick: RegExp = /./) {
    const file = path.join(dir, name);
    const opened = await client.open(file, text);
    const diagnostic = opened.diagnostics.find(d => d.code === code);
    assert.ok(diagnostic, `no ${code} in ${JSON.stringify(opened.diagnostics.map(d => d.code))}`);
    const actions = (await actionsFor(file, diagnostic, ['quickfix'])) ?? [];
    const action = actions.find(a => pick.test(a.title));
    assert.ok(action, `no quick fix for ${code} matching ${pick}: ${JSON.stringify(actions.map(a => a.title))}`);
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [diagnostic], 'bound to the diagnostic the client sent');
    const fixedText = applyEdits(text, action.edit!.changes![fileUri(file)]);
    const next = await client.change(file, [{ range: wholeText(text), text: fixedText }]);
    assert.deepEqual(
      next.diagnostics.filter(d => d.code === 'PD001' || d.code === 'PD002'),
      [],
      fixedText,
    );
    return { action, opened, next, fixedText };
  }

  const target = 'target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s }';

  it('LB005: adds the dependency timeout (preferred) and the warning goes', async () => {
    const { action, next, fixedText } = await fixThroughServer(
      'a.perf.yaml',
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LatencyBudget',
        'name: A',
        target,
        'segments:',
        '  - name: Profile',
        '    budget: 60ms',
        '    dependency: profile-svc',
        '  - { name: Buffer, budget: 40ms, buffer: true }',
      ),
      'LB005',
    );
    assert.equal(action.isPreferred, true);
    assert.match(fixedText, /dependency: profile-svc\n {4}timeout: 120ms\n/);
    assert.equal(count(next, 'LB005'), 0);
  });

  it('LB002, LB003, LB004: each fix removes its warning', async () => {
    const lb002 = await fixThroughServer(
      'b.perf.yaml',
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LatencyBudget',
        'name: B',
        target,
        'segments: [{ name: Edge, budget: 50ms }, { name: App, budget: 245ms }]',
      ),
      'LB002',
    );
    assert.equal(count(lb002.next, 'LB002'), 0);
    const lb003 = await fixThroughServer(
      'c.perf.yaml',
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LatencyBudget',
        'name: C',
        'target:',
        '  p50: 100ms',
        '  timeout: 1s',
        'segments: [{ name: App, budget: 200ms }]',
      ),
      'LB003',
    );
    assert.equal(count(lb003.next, 'LB003'), 0);
    const lb004 = await fixThroughServer(
      'd.perf.yaml',
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LatencyBudget',
        'name: D',
        'target: { p50: 100ms, p95: 300ms, p99: 600ms }',
        'segments: [{ name: App, budget: 200ms }]',
      ),
      'LB004',
    );
    assert.deepEqual(
      lb004.next.diagnostics.map(d => d.code),
      [],
    );
  });

  it('PD003 and CM004 inside a Markdown fence', async () => {
    const md = (workers: string) =>
      `# Orders\n\n\`\`\`yaml\n${yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Orders',
        'traffic: { peakRps: 100, latency: 40 }',
        'headroom: { safetyFactor: 1.5 }',
        'queues:',
        '  - name: orders',
        '    backlog: 2000000',
        '    ratePerWorker: 40/s',
        '    drainTime: 30m',
        `    workers: ${workers}`,
      )}\`\`\`\n`;
    const pd003 = await fixThroughServer('design.md', md('28'), 'PD003');
    assert.match(pd003.fixedText, /latency: 40ms \}/);
    assert.equal(count(pd003.next, 'PD003'), 0);
    await client.conn.sendNotification('textDocument/didClose', {
      textDocument: { uri: fileUri(path.join(dir, 'design.md')) },
    });
    const cm004 = await fixThroughServer('design2.md', md('20'), 'CM004');
    assert.equal(cm004.action.isPreferred, true);
    assert.match(cm004.fixedText, /workers: 28\n```\n$/);
    assert.equal(count(cm004.next, 'CM004'), 0);
  });

  it('LT001: a skeleton test sized from the referenced capacity model, held to the referenced budget', async () => {
    fs.writeFileSync(
      path.join(dir, 'budget.perf.yaml'),
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LatencyBudget',
        'name: Budget',
        'target: { p50: 100ms, p95: 300ms, p99: 800ms, timeout: 2s, errorRate: 0.1% }',
        'segments: [{ name: App, budget: 200ms }]',
      ),
    );
    fs.writeFileSync(
      path.join(dir, 'capacity.perf.yaml'),
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Capacity',
        'traffic: { peakRps: 1500 }',
        'headroom: { safetyFactor: 1.5 }',
      ),
    );
    const { next, fixedText } = await fixThroughServer(
      'plan.perf.yaml',
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LoadTestPlan',
        'name: Plan',
        'budget: ./budget.perf.yaml',
        'capacity: ./capacity.perf.yaml',
        'tests:',
        '  - type: load',
        '    rps: 1500',
        '    cache: cold',
        '    criteria: { p95: 300ms, p99: 800ms, errorRate: 0.1% }',
      ),
      'LT001',
      / soak /,
    );
    assert.match(
      fixedText,
      / {2}- type: soak\n {4}rps: 750\n {4}duration: 4h\n {4}cache: warm\n {4}criteria: \{ p95: 300ms, p99: 800ms, errorRate: 0\.1% \}\n$/,
    );
    const lt001 = next.diagnostics.find(d => d.code === 'LT001')!;
    assert.ok(!(lt001.data as { missing: string[] }).missing.includes('soak'));
    assert.deepEqual(
      next.diagnostics.map(d => d.code),
      ['LT001'],
      'no LT002/LT003/LT004 on the new test',
    );
  });

  it('a client that drops data still gets the fix; a stale diagnostic gets none', async () => {
    const file = path.join(dir, 'q.perf.yaml');
    const opened = await client.open(
      file,
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Q',
        'traffic: { peakRps: 1 }',
        'headroom: { safetyFactor: 1.5 }',
        'queues: [{ name: q, backlog: 1000, ratePerWorker: 1/s, drainTime: 100s, workers: 2 }]',
      ),
    );
    const { data: _dropped, ...bare } = opened.diagnostics.find(d => d.code === 'CM004')!;
    const actions = await actionsFor(file, bare, ['quickfix']);
    assert.deepEqual(
      actions?.map(a => a.title),
      ['Set workers to 10 to drain 1,000 messages in 1.67 min', 'Suppress CM004 for this item…'],
    );
    const stale = { ...bare, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } } };
    assert.deepEqual(await actionsFor(file, stale, ['quickfix']), []);
  });

  it('"Add production review checklist": a source action that writes the open §18 items, which the report lists too', async () => {
    const file = path.join(dir, 'e.perf.yaml');
    const text = yaml(
      'apiVersion: perfdoc/v1',
      'kind: LatencyBudget',
      'name: E',
      target,
      'segments: [{ name: App, budget: 200ms }, { name: Buffer, budget: 40ms, buffer: true }]',
    );
    const opened = await client.open(file, text);
    const at = { start: { line: 4, character: 3 }, end: { line: 4, character: 3 } };
    const actions = await client.request<LspCodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: fileUri(file) },
      range: at,
      context: { diagnostics: [], only: ['source'] },
    });
    assert.deepEqual(
      actions.map(a => [a.title, a.kind]),
      [['Add production review checklist', 'source.addChecklist']],
    );
    const withChecklist = applyEdits(text, actions[0].edit!.changes![fileUri(file)]);
    assert.match(
      withChecklist,
      /\n\n# Production review checklist \(lesson §18\): open items, by perfdoc\n# §18\.1 Latency\n# \[ \] No accidental synchronous cross-region call exists — /,
    );
    const next = await client.change(file, [{ range: wholeText(text), text: withChecklist }]);
    assert.deepEqual(next.diagnostics, opened.diagnostics, 'a comment block changes no finding');
    const report = await client.request<{ markdown: string }>('perfdoc/checklistReport', {});
    assert.match(report.markdown, /## Workload 1: E\n\n- LatencyBudget "E" \(e\.perf\.yaml\)\n/);
    assert.match(report.markdown, /- ✓ p50\/p95\/p99 targets are defined: p50 100 ms, p95 300 ms, p99 600 ms\n/);
    assert.match(report.markdown, /- ☐ No accidental synchronous cross-region call exists: declare region:/);
  });
});
