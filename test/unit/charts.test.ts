// The chart models (the numbers each chart is drawn from) and the SVG/HTML drawn from them:
// every number must be a figure of the core, every element must point at its YAML line, and
// an element turns red or orange exactly where a diagnostic is.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentAnalysis, FileAnalysis, ReferenceHost, analyzeFile } from '../../server/src/core/analyze';
import { documentCharts } from '../../server/src/charts/model';
import { documentSection, filePreview } from '../../server/src/charts/html';
import { axis, esc, fit, tickStep } from '../../server/src/charts/svg';
import { renderReport } from '../../server/src/report/report';
import { main } from '../../server/src/cli';

const DIR = path.resolve('/work/charts-fixture');
const analyze = (name: string, text: string, references?: ReferenceHost): FileAnalysis =>
  analyzeFile(path.join(DIR, name), text, { references });
const only = (f: FileAnalysis): DocumentAnalysis => {
  assert.equal(f.documents.length, 1);
  return f.documents[0];
};
/** Zero-based line of the first line containing `needle` (after line `after`). */
const lineOf = (text: string, needle: string, after = -1) =>
  text.split('\n').findIndex((l, i) => i > after && l.includes(needle));

// Timeline budget of §20 exercise 1, shortened: a parallel group costs its slowest branch, the
// async audit event is off the path. Path 50 + 40 + max(200, 60) + 60 = 350 ms of the 600 ms p95.
const TIMELINE = `apiVersion: perfdoc/v1
kind: LatencyBudget
name: Timeline <b>&</b>
target:
  p50: 200ms
  p95: 600ms
  p99: 1500ms
  timeout: 3s
segments:
  - name: Edge
    budget: 50ms
  - name: Auth
    budget: 40ms
    dependency: session-store
    timeout: 100ms
    retries: 1
    backoff: 20ms
    jitter: true
  - name: Fan-out
    parallel:
      - name: Timeline entries
        budget: 200ms
        dependency: aurora
        timeout: 450ms
      - name: Attachments
        budget: 60ms
        dependency: dynamodb
        timeout: 150ms
        retries: 2
        backoff: 25ms
        jitter: true
  - name: Audit event
    budget: 10ms
    async: true
  - name: Buffer
    budget: 60ms
    buffer: true
`;

describe('charts: LatencyBudget waterfall', () => {
  const file = analyze('timeline.perf.yaml', TIMELINE);
  const d = only(file);
  const chart = documentCharts(file, d).latency!;

  it('draws each segment from the running totals of the figures, branches side by side from the group start', () => {
    assert.deepEqual(
      chart.bars.map(b => [b.name, b.role, b.startMs, b.endMs, b.inGroup, b.critical]),
      [
        ['Edge', 'segment', 0, 50, false, false],
        ['Auth', 'segment', 50, 90, false, false],
        ['Fan-out', 'group', 90, 290, false, false],
        ['Timeline entries', 'branch', 90, 290, true, true],
        ['Attachments', 'branch', 90, 150, true, false],
        ['Audit event', 'async', 290, 300, false, false],
        ['Buffer', 'buffer', 290, 350, false, false],
      ],
    );
    assert.equal(chart.totalMs, d.latency!.figures.totalMs);
    assert.equal(chart.totalMs, 350);
    assert.equal(chart.headroomMs, 250);
    assert.equal(chart.bufferMs, 60);
    assert.equal(chart.pathStatus, 'ok');
  });

  it('links every bar and target line to its YAML line', () => {
    assert.deepEqual(
      chart.bars.map(b => b.line),
      ['Edge', 'Auth', 'Fan-out', 'Timeline entries', 'Attachments', 'Audit event', 'name: Buffer'].map(n =>
        lineOf(TIMELINE, n.startsWith('name:') ? n : `name: ${n}`),
      ),
    );
    assert.deepEqual(
      chart.targets.map(t => [t.percentile, t.ms, t.line, t.budgeted]),
      [
        ['p50', 200, lineOf(TIMELINE, 'p50:'), false],
        ['p95', 600, lineOf(TIMELINE, 'p95:'), true],
        ['p99', 1500, lineOf(TIMELINE, 'p99:'), false],
      ],
    );
    assert.equal(chart.pathLine, lineOf(TIMELINE, 'segments:'));
  });

  it('stacks the worst case of each segment on the path against the timeout', () => {
    // Edge 50, Auth 2 × 100 + 20 = 220, Fan-out max(450, 3 × 150 + 2 × 25 = 500) = 500, Buffer 60: 830 ms.
    assert.deepEqual(
      chart.worstCase.steps.map(s => [s.name, s.startMs, s.endMs]),
      [
        ['Edge', 0, 50],
        ['Auth', 50, 270],
        ['Fan-out', 270, 770],
        ['Buffer', 770, 830],
      ],
    );
    assert.equal(chart.worstCase.totalMs, d.latency!.figures.worstCaseMs);
    assert.equal(chart.worstCase.timeoutMs, 3000);
    assert.equal(chart.worstCase.timeoutLine, lineOf(TIMELINE, 'timeout: 3s'));
    assert.equal(chart.worstCase.status, 'ok');
    assert.deepEqual(chart.worstCase.unbounded, []);
  });

  it('turns the path red on LB001 and the worst case red on LB007', () => {
    const over = analyze(
      'over.perf.yaml',
      TIMELINE.replace('p95: 600ms', 'p95: 300ms').replace('timeout: 3s', 'timeout: 800ms'),
    );
    const c = documentCharts(over, only(over)).latency!;
    assert.equal(c.headroomMs, -50);
    assert.equal(c.pathStatus, 'error');
    assert.equal(c.worstCase.status, 'error');
    const html = documentSection(over, only(over)).html;
    assert.match(html, /over by 50 ms/);
    assert.match(html, /the caller gives up 30 ms before the retries finish/);
  });

  it('names the dependencies without a timeout when the worst case is unbounded', () => {
    const text = TIMELINE.replace('        timeout: 150ms\n', '');
    const f = analyze('unbounded.perf.yaml', text);
    const c = documentCharts(f, only(f)).latency!;
    assert.equal(c.worstCase.totalMs, null);
    assert.deepEqual(c.worstCase.unbounded, [{ name: 'Attachments', line: lineOf(text, 'name: Attachments') }]);
    assert.deepEqual(
      c.worstCase.steps.map(s => s.name),
      ['Edge', 'Auth', 'Buffer'],
    );
    assert.equal(c.bars.find(b => b.name === 'Attachments')!.status, 'warning', 'LB005 marks the branch');
  });
});

// §4.3 and §6 numbers: 2,000 rps × 150 ms = 300 in flight, 900 at the 450 ms p95, 2,000 × 1.5
// = 3,000 rps required; api: ceil(3,000 / (300 × 70%)) = 15 of 21 units, 21 × 300 × 70% = 4,410
// rps of capacity, 14 × 300 = 4,200 with one of 3 zones lost; db: 21 × 10 + 20 × 5 = 310 of 200
// connections (CM003); orders: 2,000,000 / (1,800 s × 40/s) → 28 workers needed, 20 take 2,500 s.
const CASE_API = `apiVersion: perfdoc/v1
kind: CapacityModel
name: Case API
traffic:
  peakRps: 2000
  latencyFrom: ./budget.perf.yaml
headroom:
  safetyFactor: 1.5
  maxUtilization: 70%
tiers:
  - name: api
    unitRps: 300
    units: { min: 6, max: 21 }
    zones: 3
    connectionsPerUnit: 10
    dependsOn: [db]
  - name: db
    maxConnections: 200
queues:
  - name: orders
    backlog: 2000000
    ratePerWorker: 40/s
    drainTime: 30m
    workers: 20
    connectionsPerWorker: 5
    dependsOn: [db]
quotas:
  - name: Lambda concurrency
    limit: 1000
    measures: concurrency
  - name: API Gateway throttle
    limit: 2500
    measures: rps
`;
const BUDGET = `apiVersion: perfdoc/v1
kind: LatencyBudget
name: Case API budget
target: { p50: 100ms, p95: 450ms, p99: 900ms, timeout: 2s }
segments:
  - { name: Edge, budget: 50ms }
  - { name: Query, budget: 100ms }
`;
const budgetHost: ReferenceHost = { documentsOf: () => analyze('budget.perf.yaml', BUDGET).documents };

describe('charts: CapacityModel', () => {
  const file = analyze('case-api.perf.yaml', CASE_API, budgetHost);
  const d = only(file);
  const chart = documentCharts(file, d).capacity!;

  it('draws demand (peak, peak × safety factor) against capacity and the one-zone-lost line', () => {
    assert.deepEqual(
      chart.tiers.map(t => ({ ...t, status: undefined })),
      [
        {
          name: 'api',
          line: lineOf(CASE_API, 'name: api'),
          rps: 2000,
          requiredRps: 3000,
          capacityRps: 4410,
          failoverRps: 4200,
          unitsNeeded: 15,
          maxUnits: 21,
          zones: 3,
          utilizationAtPeak: 2000 / 6300,
          maxUtilization: 0.7,
          status: undefined,
        },
      ],
    );
    assert.deepEqual(chart.tiers[0].status, { capacity: 'ok', failover: 'ok', utilization: 'ok' });
    assert.equal(chart.tiers[0].capacityRps, d.capacity!.figures.tiers[0].capacityRps);
  });

  it("draws each tier at its own demand (§10.1), not the model's peak: the indexer serves the 20% writes", () => {
    // 2,000 rps × 20% writes = 400 rps, × 1.5 = 600 rps with headroom; ceil(600 / (100 × 70%)) = 9 units.
    const text = CASE_API.replace(
      '  latencyFrom: ./budget.perf.yaml\n',
      '  latency: 150ms\n  writeRatio: 20%\n',
    ).replace(
      '  - name: db\n',
      '  - { name: indexer, requests: writes, unitRps: 100, units: { min: 2, max: 12 } }\n  - name: db\n',
    );
    const f = analyze('indexer.perf.yaml', text);
    const indexer = documentCharts(f, only(f)).capacity!.tiers.find(t => t.name === 'indexer')!;
    assert.deepEqual(
      { rps: indexer.rps, requiredRps: indexer.requiredRps, unitsNeeded: indexer.unitsNeeded },
      { rps: 400, requiredRps: 600, unitsNeeded: 9 },
    );
  });

  it('stacks the connections of each source against the max, red on CM003', () => {
    assert.deepEqual(chart.connections, [
      {
        tier: 'db',
        line: lineOf(CASE_API, 'name: db'),
        connections: 310,
        maxConnections: 200,
        status: 'error',
        sources: [
          { name: 'api', connections: 210, line: lineOf(CASE_API, 'name: api') },
          { name: 'orders', connections: 100, line: lineOf(CASE_API, 'name: orders') },
        ],
      },
    ]);
  });

  it('draws the drain time with the declared and with the needed workers (§8.4)', () => {
    const [q] = chart.queues;
    assert.equal(q.workersNeeded, 28);
    assert.equal(q.drainTimeS, 2500);
    assert.ok(Math.abs(q.neededDrainTimeS! - 2_000_000 / (28 * 40)) < 1e-9);
    assert.equal(q.targetDrainS, 1800);
    assert.equal(q.status, 'error', 'CM004');
  });

  it('compares quotas with in flight now, at p95 and at the borrowed timeout (§4.3)', () => {
    // latencyFrom (§9 correction): the budget's 100 ms p50 is the mean, 2,000 × 0.1 s = 200 in flight; its
    // 150 ms path budgeted at p95 is the p95, 2,000 × 0.15 s = 300; at its 2 s timeout 2,000 × 2 = 4,000.
    // (v1 took the 150 ms path as the mean and the 450 ms target as p95: 300 and 900.)
    assert.equal(chart.timeoutMs, 2000);
    assert.deepEqual(
      chart.quotas.map(q => [q.name, q.measures, q.limit, q.now, q.atP95, q.atTimeout, q.status]),
      [
        ['Lambda concurrency', 'concurrency', 1000, 200, 300, 4000, 'ok'],
        ['API Gateway throttle', 'rps', 2500, 2000, 3000, null, 'warning'],
      ],
    );
    assert.equal(chart.quotas[0].atTimeout, d.capacity!.figures.inFlightAtTimeout);
  });

  it('has no timeout figure without latencyFrom', () => {
    const f = analyze('own.perf.yaml', CASE_API.replace('latencyFrom: ./budget.perf.yaml', 'latency: 150ms'));
    const c = documentCharts(f, only(f)).capacity!;
    assert.equal(c.timeoutMs, null);
    assert.equal(c.quotas[0].atTimeout, null);
    assert.match(
      documentSection(f, only(f)).html,
      /at the timeout: set traffic.latencyFrom to a budget with a timeout/,
    );
  });
});

const PLAN = `apiVersion: perfdoc/v1
kind: LoadTestPlan
name: Case search
budget: ./budget.perf.yaml
tests:
  - type: smoke
    rps: 5
    criteria: &slo { p95: 450ms, p99: 900ms, errorRate: 0.1% }
  - type: load
    name: Peak
    rps: 2000
    cache: cold
    criteria: { p50: 100ms, p95: 600ms, p99: 900ms, errorRate: 1% }
  - type: load
    rps: 2000
    criteria: *slo
`;

describe('charts: LoadTestPlan', () => {
  const file = analyze('plan.perf.yaml', PLAN, budgetHost);
  const chart = documentCharts(file, only(file)).loadTest!;

  it('marks the eight test types covered or missing (§13.1)', () => {
    const testsLine = lineOf(PLAN, 'tests:');
    assert.deepEqual(
      chart.coverage.map(c => [c.type, c.tests, c.line]),
      [
        ['smoke', 1, lineOf(PLAN, 'type: smoke')],
        ['baseline', 0, testsLine],
        ['load', 2, lineOf(PLAN, 'type: load')],
        ['stress', 0, testsLine],
        ['spike', 0, testsLine],
        ['soak', 0, testsLine],
        ['failover', 0, testsLine],
        ['backlog-drain', 0, testsLine],
      ],
    );
  });

  it('holds each criterion against the budget, flagging the looser ones (LT004)', () => {
    assert.deepEqual(chart.budget, {
      name: 'Case API budget',
      targets: [
        { key: 'p50', value: 100 },
        { key: 'p95', value: 450 },
        { key: 'p99', value: 900 },
      ],
    });
    const peak = chart.rows[1];
    assert.equal(peak.name, 'Peak');
    assert.equal(peak.cache, 'cold');
    assert.deepEqual(
      peak.criteria.map(c => [c.key, c.value, c.status]),
      [
        ['p50', 100, 'ok'],
        ['p95', 600, 'warning'],
        ['p99', 900, 'ok'],
        ['errorRate', 0.01, 'ok'],
      ],
    );
    // An aliased criterion points at the line where the anchor's value is written.
    assert.equal(chart.rows[2].criteria[0].line, lineOf(PLAN, '&slo'));
  });
});

describe('charts: SVG and HTML', () => {
  it('escapes names and values taken from the document', () => {
    const file = analyze('timeline.perf.yaml', TIMELINE);
    const html = documentSection(file, only(file)).html;
    assert.ok(!html.includes('<b>'), 'a name is text, never markup');
    assert.match(html, /Timeline &lt;b&gt;&amp;&lt;\/b&gt;/);
    assert.equal(esc(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
  });

  it('gives every clickable element a line of the file', () => {
    for (const [name, text] of [
      ['timeline.perf.yaml', TIMELINE],
      ['case-api.perf.yaml', CASE_API],
      ['plan.perf.yaml', PLAN],
    ] as const) {
      const file = analyze(name, text, budgetHost);
      const preview = filePreview(file, 3);
      assert.equal(preview.version, 3);
      assert.equal(preview.sections.length, 1);
      const lines = [...preview.sections[0].html.matchAll(/data-line="(\d+)"/g)].map(m => Number(m[1]));
      assert.ok(lines.length > 5, name);
      assert.ok(
        lines.every(l => l >= 0 && l < file.lines.lineCount),
        `${name}: ${lines}`,
      );
    }
  });

  it("shows a Markdown design doc's documents at their lines in the Markdown file", () => {
    const md = `# Design\n\nProse.\n\n\`\`\`yaml\n${TIMELINE}\`\`\`\n`;
    const file = analyze('design.md', md);
    const [section] = filePreview(file, null).sections;
    assert.equal(section.kind, 'LatencyBudget');
    assert.equal(section.line, lineOf(md, 'apiVersion'));
    assert.match(section.html, new RegExp(`data-line="${lineOf(md, 'name: Attachments')}"`));
  });

  it('writes one self-contained report page with every document, figure and finding', () => {
    const files = [
      { path: 'timeline.perf.yaml', analysis: analyze('timeline.perf.yaml', TIMELINE) },
      { path: 'case-api.perf.yaml', analysis: analyze('case-api.perf.yaml', CASE_API, budgetHost) },
      { path: 'gone.perf.yaml', error: 'no such file or directory' },
    ];
    const html = renderReport(files, { version: '1.2.3', generatedAt: new Date('2025-01-02T03:04:05Z') });
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.ok(!/<script|src=|href="http/i.test(html), 'no script, nothing fetched');
    assert.equal((html.match(/<section class="pd-doc"/g) ?? []).length, 2);
    assert.equal(
      (html.match(/<svg /g) ?? []).length,
      15,
      'waterfall, worst case; demand flow, what breaks first, the what-ifs and their flow and limits (3 × 2), tiers, connections, queues, quotas',
    );
    assert.match(html, /CM003/);
    assert.match(html, /could not be analyzed: no such file or directory/);
    assert.match(html, /perfdoc 1\.2\.3 · generated 2025-01-02T03:04:05\.000Z/);
  });

  it('rounds axes to whole ticks and shortens long labels', () => {
    assert.equal(tickStep(1200), 250);
    assert.deepEqual(axis(1200), { max: 1250, ticks: [0, 250, 500, 750, 1000, 1250] });
    assert.deepEqual(axis(500).ticks, [0, 100, 200, 300, 400, 500]);
    assert.equal(fit('DNS/TLS/edge (CloudFront, Singapore edge)', 100), 'DNS/TLS/edge (…');
  });
});

describe('perfdoc report: exit status and output', () => {
  let dir: string;
  const run = (...args: string[]) => {
    let out = '',
      err = '';
    const status = main(
      ['report', ...args],
      s => {
        out += s;
      },
      s => {
        err += s;
      },
    );
    return { status, out, err };
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-report-'));
    fs.writeFileSync(path.join(dir, 'timeline.perf.yaml'), TIMELINE);
    fs.writeFileSync(path.join(dir, 'over.perf.yaml'), TIMELINE.replace('p95: 600ms', 'p95: 300ms'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the report to --out: exit 0 without errors, 1 with errors (the report is written all the same)', () => {
    const out = path.join(dir, 'report.html');
    const healthy = run(path.join(dir, 'timeline.perf.yaml'), '--out', out);
    assert.equal(healthy.status, 0, healthy.err);
    assert.match(fs.readFileSync(out, 'utf8'), /<section class="pd-doc"/);
    fs.rmSync(out);
    const withErrors = run(dir, '--out', out, '--root', dir);
    assert.equal(withErrors.status, 1);
    assert.match(withErrors.err, /wrote .*report\.html/);
    assert.equal((fs.readFileSync(out, 'utf8').match(/<section class="pd-doc"/g) ?? []).length, 2);
  });

  it('writes to standard output without --out', () => {
    const r = run(path.join(dir, 'timeline.perf.yaml'));
    assert.equal(r.status, 0);
    assert.match(r.out, /^<!DOCTYPE html>/);
  });

  it('exits 2 on usage and I/O failures', () => {
    assert.equal(run().status, 2, 'no PATH');
    assert.equal(run('--format', 'json', dir).status, 2, '--format belongs to check');
    const unwritable = run(dir, '--out', path.join(dir, 'missing', 'report.html'));
    assert.equal(unwritable.status, 2);
    assert.match(unwritable.err, /cannot write .*: no such file or directory/);
    assert.equal(
      run(path.join(dir, 'absent.perf.yaml'), '--out', path.join(dir, 'r.html')).status,
      2,
      'unreadable PATH',
    );
  });
});
