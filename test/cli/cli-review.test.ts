// `perfdoc review` (FORMAT.md §14): the §18 checklist per workload and per document, as JSON
// `{ section, text, status, detail }` items, text and Markdown; exit 1 while an item is open.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, Workspace, perfdocCli } from '../fixtures/cli';
import { WARM_CAPACITY_MODEL } from '../fixtures/documents';

interface ReviewJson {
  version: number;
  workloads: {
    documents: { path: string; kind: string; name: string }[];
    summary: { satisfied: number; open: number; review: number };
    items: { section: string; text: string; status: string; detail: string }[];
  }[];
  documents: { path: string; kind: string; name: string; items: { text: string; status: string }[] }[];
}

const EXAMPLES = [
  'examples/search-api.perf.yaml',
  'examples/case-api-capacity.perf.yaml',
  'examples/case-search-loadtest.perf.yaml',
  'examples/case-api-observability.perf.yaml',
];

describe('cli: perfdoc review', () => {
  it('--format json: one workload of the four examples that reference each other, the 36 items, and each document', () => {
    const r = perfdocCli(['review', '--format', 'json', ...EXAMPLES, 'examples/queue-drain.perf.yaml'], REPO_ROOT);
    const report = JSON.parse(r.stdout) as ReviewJson;
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.workloads.map(w => w.documents.map(d => d.path)),
      [EXAMPLES, ['examples/queue-drain.perf.yaml']],
    );
    const [w] = report.workloads;
    assert.equal(w.items.length, 36);
    assert.deepEqual(Object.keys(w.items[0]), ['section', 'text', 'status', 'detail']);
    assert.deepEqual(w.items[0], {
      section: '18.1',
      text: 'User-visible latency target is defined',
      status: 'satisfied',
      detail: 'p95 target 500 ms',
    });
    assert.equal(w.summary.satisfied + w.summary.open + w.summary.review, 36);
    assert.deepEqual(
      report.documents.map(d => [d.kind, d.items.length]),
      [
        ['LatencyBudget', 6],
        ['CapacityModel', 15],
        ['LoadTestPlan', 8],
        ['ObservabilityPlan', 7],
        ['CapacityModel', 15],
      ],
    );
    // queue-drain alone has no budget, no plans: their items are open.
    assert.match(
      report.workloads[1].items.find(i => i.text === 'Logs include correlation ID')!.detail,
      /^no ObservabilityPlan in this workload/,
    );
    assert.equal(r.status, 1, 'items are open');
  });

  it('text and Markdown name the workload and mark each item', () => {
    const text = perfdocCli(['review', ...EXAMPLES], REPO_ROOT).stdout;
    assert.match(text, /^workload 1:\n {2}LatencyBudget "Search case API" \(examples\/search-api\.perf\.yaml\)\n/);
    assert.match(
      text,
      /\n {4}✓ Concurrency is estimated — 300 in flight at peak, 900 at p95 latency \(Little's law\)\n/,
    );
    const md = perfdocCli(['review', '--format', 'markdown', ...EXAMPLES], REPO_ROOT).stdout;
    assert.match(md, /^# Production review checklist\n/);
    assert.match(md, /\n- CapacityModel "Case API" \(examples\/case-api-capacity\.perf\.yaml\)\n/);
  });

  it('usage errors exit 2', () => {
    assert.equal(perfdocCli(['review'], REPO_ROOT).status, 2);
    assert.equal(perfdocCli(['review', '--format', 'sarif', 'examples'], REPO_ROOT).status, 2);
    assert.equal(perfdocCli(['review', 'examples/no-such.perf.yaml'], REPO_ROOT).status, 2);
  });

  describe('the thresholds of check: .perfdoc.yaml at the root found from the PATHs, or --config', () => {
    // 12 units in 3 zones keep 8 with one lost: 1,000 rps on 1,600 = 62.5% (FORMAT.md §10.3).
    const ZONED = WARM_CAPACITY_MODEL.replace('units: 12 }', 'units: 12, zones: 3 }');
    const FAILOVER = 'Failover capacity is modeled';
    let ws: Workspace;
    beforeEach(() => {
      ws = new Workspace({ '.git/HEAD': '', 'docs/warm.perf.yaml': ZONED });
    });
    afterEach(() => ws.dispose());
    const failover = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as ReviewJson).documents[0].items.find(i => i.text === FAILOVER)!.status;

    it('62.5% with a zone lost passes the default 85% and is open at the 60% the file sets, from any folder', () => {
      assert.equal(failover(ws.run('review', '--format', 'json', 'docs')), 'satisfied');
      ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 60\n');
      assert.equal(failover(ws.run('review', '--format', 'json', 'docs')), 'open');
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-cwd-'));
      try {
        const r = perfdocCli(['review', '--format', 'json', path.join(ws.dir, 'docs')], elsewhere);
        assert.equal(failover(r), 'open');
      } finally {
        fs.rmSync(elsewhere, { recursive: true });
      }
      ws.write('ci/lenient.yaml', 'utilizationWarnPercent: 70\n');
      assert.equal(failover(ws.run('review', '--format', 'json', '--config', 'ci/lenient.yaml', 'docs')), 'satisfied');
    });

    it('a broken configuration stops the review as it stops check: exit 2, the problem at its line', () => {
      ws.write('.perfdoc.yaml', 'utilizationWarnPercnt: 60\n');
      const r = ws.run('review', 'docs');
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /\.perfdoc\.yaml:1:1 error PD002 unknown key "utilizationWarnPercnt"/);
    });
  });
});
