// perfdoc in CI through the real binary (FORMAT.md §13-§14): suppressions in JSON and SARIF,
// the workspace configuration (.perfdoc.yaml, --config), the references root found from the
// paths (not the current directory), --baseline and --format markdown.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonReport, REPO_ROOT, Workspace, checkJson, perfdocCli } from '../fixtures/cli';
import { LESSON_SEGMENTS, WARM_CAPACITY_MODEL, capacityModel, latencyBudget, perfdoc } from '../fixtures/documents';

const REASON = 'RDS Proxy multiplexes these connections; agreed in review 2026-11-30';
/** 21 × 20 = 420 connections into db (maxConnections 400): CM003, an error, on the db line. */
const pools = (...beforeDb: string[]) =>
  capacityModel(
    '{ peakRps: 2000, latency: 150ms }',
    '{ safetyFactor: 1.5 }',
    'tiers:',
    '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, zones: 3, connectionsPerUnit: 20, dependsOn: [db] }',
    ...beforeDb,
    '  - { name: db, maxConnections: 400 }',
  );
const diagnostics = (report: JsonReport) => report.files.flatMap(f => f.documents.flatMap(d => d.diagnostics));
const codes = (report: JsonReport) => diagnostics(report).map(d => d.code);

describe('cli: suppressions (spec §13)', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace({
      'suppressed.perf.yaml': pools(`  # perfdoc-disable-next-line CM003 -- ${REASON}`),
      'unexplained.perf.yaml': pools('  # perfdoc-disable-next-line CM003'),
    });
  });
  afterEach(() => ws.dispose());

  it('a suppressed error leaves the exit status and stays in JSON with "suppressed": reason', () => {
    const r = ws.json('suppressed.perf.yaml');
    assert.equal(r.status, 0, r.stderr);
    const [d] = diagnostics(r.report);
    assert.equal(d.code, 'CM003');
    assert.equal((d as { suppressed?: string }).suppressed, REASON);
    assert.deepEqual(d.range.start, { line: 8, character: 32 });
  });

  it('SARIF marks it suppressed in source with the justification (code scanning then hides it)', () => {
    const log = JSON.parse(ws.run('check', '--format', 'sarif', 'suppressed.perf.yaml').stdout);
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'CM003');
    assert.deepEqual(result.suppressions, [{ kind: 'inSource', justification: REASON }]);
  });

  it('without a reason: PD007, the error stays and exits 1; the text output says what was suppressed', () => {
    const r = ws.json('unexplained.perf.yaml');
    assert.equal(r.status, 1);
    assert.deepEqual(codes(r.report).sort(), ['CM003', 'PD007']);
    assert.ok(diagnostics(r.report).every(d => !('suppressed' in d)));
    assert.match(
      ws.run('check', 'suppressed.perf.yaml').stdout,
      /0 error\(s\), 0 warning\(s\), 0 information, 1 suppressed/,
    );
  });
});

describe('cli: .perfdoc.yaml and --config (spec §13)', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace({ 'docs/warm.perf.yaml': WARM_CAPACITY_MODEL });
  });
  afterEach(() => ws.dispose());

  it('the .perfdoc.yaml at the root sets the thresholds; without one the defaults apply', () => {
    assert.deepEqual(codes(ws.json('docs').report), []);
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 40\n');
    const r = ws.json('docs');
    assert.deepEqual(codes(r.report), ['CM006']);
    assert.equal(r.status, 0, 'a warning');
  });

  it('the threshold reaches the failover rule too (FORMAT.md §10.3): 12 units in 3 zones keep 8 with one lost', () => {
    // 1,000 rps on 8 × 200 = 1,600 rps: 62.5% with a zone lost, 41.7% at peak.
    ws.write('docs/warm.perf.yaml', WARM_CAPACITY_MODEL.replace('units: 12 }', 'units: 12, zones: 3 }'));
    assert.deepEqual(codes(ws.json('docs').report), [], 'the default 85% is above both');
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 60\n');
    const found = diagnostics(ws.json('docs').report);
    assert.deepEqual(
      found.map(d => d.code),
      ['CM002'],
    );
    const [cm002] = found;
    assert.match(cm002.message, /keeps 8 of 12 units \(1,600 rps\) and runs at 63% at peak, above 60%/);
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 63\n');
    assert.deepEqual(codes(ws.json('docs').report), [], '62.5% is not above 63%');
  });

  it('found from the paths, not the current directory: run from another folder it applies the same', () => {
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 40\n');
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-cwd-'));
    try {
      assert.deepEqual(codes(checkJson([path.join(ws.dir, 'docs')], elsewhere).report), ['CM006']);
    } finally {
      fs.rmSync(elsewhere, { recursive: true });
    }
  });

  it('--config FILE takes another file (and the root one is then not read)', () => {
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 40\n');
    ws.write('ci/strict.yaml', 'utilizationWarnPercent: 90\n');
    assert.deepEqual(codes(ws.json('--config', 'ci/strict.yaml', 'docs').report), []);
  });

  it('a broken configuration stops the run: exit 2, each problem at its line, nothing on stdout', () => {
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 40\nquotaWarnPercnt: 70\nsoakMinDuration: 3\n');
    const r = ws.run('check', 'docs');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the configuration \.perfdoc\.yaml is not used until it is fixed/);
    assert.match(
      r.stderr,
      /\.perfdoc\.yaml:2:1 error PD002 unknown key "quotaWarnPercnt": did you mean quotaWarnPercent\?/,
    );
    assert.match(r.stderr, /\.perfdoc\.yaml:3:18 error PD003 soakMinDuration: duration 3 has no unit/);
  });

  it('hostile configurations: a directory, a binary file, a missing --config, a syntax error, all exit 2', () => {
    fs.mkdirSync(path.join(ws.dir, '.perfdoc.yaml'));
    assert.match(ws.run('check', 'docs').stderr, /cannot read the configuration .*not a regular file/);
    fs.rmdirSync(path.join(ws.dir, '.perfdoc.yaml'));
    ws.write('.perfdoc.yaml', Buffer.from([0, 1, 2, 3]));
    assert.equal(ws.run('check', 'docs').status, 2);
    assert.match(
      ws.run('check', '--config', 'nope.yaml', 'docs').stderr,
      /cannot read the configuration nope\.yaml: no such file/,
    );
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: [40\n');
    const r = ws.run('check', 'docs');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PD001/);
  });
});

describe('cli: the references root (issue 16, item 6)', () => {
  it('perfdoc check examples from /tmp equals perfdoc check examples from the repository', () => {
    const fromRepo = checkJson(['examples'], REPO_ROOT);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-cwd-'));
    try {
      const fromTmp = checkJson([path.join(REPO_ROOT, 'examples')], elsewhere);
      assert.equal(fromTmp.status, fromRepo.status);
      const relative = fromTmp.report.files.map(f => ({ ...f, path: path.relative(REPO_ROOT, f.path) }));
      assert.deepEqual(relative, fromRepo.report.files);
      assert.ok(!codes(fromTmp.report).filter(c => c === 'PD004').length || codes(fromRepo.report).includes('PD004'));
      assert.equal(
        codes(fromTmp.report).filter(c => c === 'PD004').length,
        codes(fromRepo.report).filter(c => c === 'PD004').length,
      );
    } finally {
      fs.rmSync(elsewhere, { recursive: true });
    }
  });

  it('--root still overrides', () => {
    const ws = new Workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'shared/search.perf.yaml': latencyBudget(LESSON_SEGMENTS),
      'team/plan.perf.yaml': perfdoc(
        'LoadTestPlan',
        'budget: ../shared/search.perf.yaml',
        'tests:',
        '  - { type: load, rps: 10, cache: cold, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% } }',
      ),
    });
    try {
      assert.ok(!codes(ws.json('team').report).includes('PD004'));
      assert.ok(codes(ws.json('--root', 'team', 'team').report).includes('PD004'));
    } finally {
      ws.dispose();
    }
  });
});

describe('cli: --baseline and --format markdown (spec §14)', () => {
  let ws: Workspace;
  /** The lesson budget (500 of 500 ms) with the database segment at `dbMs`. */
  const budget = (dbMs: number) =>
    latencyBudget(LESSON_SEGMENTS.map(s => s.replace('budget: 220ms', `budget: ${dbMs}ms`)));
  beforeEach(() => {
    ws = new Workspace({ '.git/HEAD': '', 'search.perf.yaml': budget(200), 'pools.perf.yaml': pools() });
    fs.writeFileSync(
      path.join(ws.dir, 'base.json'),
      ws.run('check', '--format', 'json', 'search.perf.yaml', 'pools.perf.yaml').stdout,
    );
  });
  afterEach(() => ws.dispose());

  it('an unchanged tree against its own baseline: nothing new, exit 0 although CM003 is an error', () => {
    const r = ws.run('check', '--baseline', 'base.json', 'search.perf.yaml', 'pools.perf.yaml');
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /against the baseline: 0 new \(0 error\(s\)\), 0 fixed, 0 figure\(s\) changed/);
  });

  it('a new error is new (exit 1), the fixed one is fixed, and the figures that moved are listed: totalMs 480 → 530', () => {
    ws.write('search.perf.yaml', budget(250));
    // 420 of 600 connections: 70%, under the 80% warning (FORMAT.md §10.2), so CM003 is gone.
    ws.write('pools.perf.yaml', pools().replace('maxConnections: 400', 'maxConnections: 600'));
    const r = ws.run('check', '--format', 'json', '--baseline', 'base.json', 'search.perf.yaml', 'pools.perf.yaml');
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout);
    const [lb001] = report.files[0].documents[0].diagnostics;
    assert.deepEqual([lb001.code, lb001.baseline], ['LB001', 'new']);
    assert.deepEqual(
      report.baseline.fixed.map((x: { diagnostic: { code: string } }) => x.diagnostic.code),
      ['CM003'],
    );
    const changed = report.baseline.changedFigures.map(
      (c: { figure: string; before: string; after: string }) => `${c.figure} ${c.before} → ${c.after}`,
    );
    assert.ok(changed.includes('totalMs 480 → 530'), changed.join('; '));
    assert.ok(changed.includes('headroomMs 20 → -30'), changed.join('; '));
  });

  it('a finding whose figures changed is the same finding, not new: CM003 at 420 → 441 connections', () => {
    ws.write('pools.perf.yaml', pools().replace('connectionsPerUnit: 20', 'connectionsPerUnit: 21'));
    const r = ws.run('check', '--baseline', 'base.json', 'search.perf.yaml', 'pools.perf.yaml');
    assert.equal(r.status, 0, r.stdout);
    assert.ok(!r.stdout.includes('(new)'));
  });

  it('SARIF says new or unchanged per result', () => {
    ws.write('search.perf.yaml', budget(250));
    const log = JSON.parse(
      ws.run('check', '--format', 'sarif', '--baseline', 'base.json', 'search.perf.yaml', 'pools.perf.yaml').stdout,
    );
    assert.deepEqual(
      log.runs[0].results.map((x: { ruleId: string; baselineState: string }) => `${x.ruleId} ${x.baselineState}`),
      ['LB001 new', 'CM003 unchanged'],
    );
  });

  it('a baseline that is not a perfdoc JSON report is a usage error (exit 2)', () => {
    ws.write('bad.json', '{"version": 1}');
    assert.match(
      ws.run('check', '--baseline', 'bad.json', 'search.perf.yaml').stderr,
      /is not a `perfdoc check --format json` output/,
    );
    ws.write('bad.json', 'not json');
    assert.equal(ws.run('check', '--baseline', 'bad.json', 'search.perf.yaml').status, 2);
    assert.equal(ws.run('check', '--baseline', 'missing.json', 'search.perf.yaml').status, 2);
  });

  it('markdown: headline figures per document, findings grouped by severity, the changes against the baseline', () => {
    ws.write('search.perf.yaml', budget(250));
    const r = ws.run('check', '--format', 'markdown', '--baseline', 'base.json', 'search.perf.yaml', 'pools.perf.yaml');
    assert.equal(r.status, 1);
    const md = r.stdout;
    assert.match(md, /^## perfdoc check\n\n❌ \*\*2 errors · 0 warnings · 0 information\*\* in 2 files, 2 documents\n/);
    assert.match(md, /Against the baseline: \*\*1 new\*\* \(1 error\), 0 fixed, 2 figures changed\./);
    assert.match(
      md,
      /\| ❌ \| search\.perf\.yaml:1 \| LatencyBudget \| Test \| Σ 530 ms · 106% of p95 500 ms · over by 30 ms \| 1 error \|/,
    );
    assert.match(
      md,
      /### Errors \(2\)\n\n- \*\*new\*\* search\.perf\.yaml:\d+:\d+ \*\*LB001\*\* critical path sums to 530 ms/,
    );
    assert.match(md, /### Changed figures \(2\)\n\n- search\.perf\.yaml LatencyBudget "Test": totalMs 480 → 530/);
  });

  it('markdown renders document text as text: no HTML, links, images or mentions from a document name', () => {
    ws.write(
      'evil.perf.yaml',
      latencyBudget(LESSON_SEGMENTS).replace(
        'name: Test',
        'name: "<img src=x onerror=alert(1)> [x](https://evil.example) @admin | cell"',
      ),
    );
    const md = ws.run('check', '--format', 'markdown', 'evil.perf.yaml').stdout;
    assert.ok(!/(^|[^\\])[<[@]/m.test(md), md);
    assert.ok(md.includes('\\<img src=x onerror=alert(1)\\> \\[x\\](https\\://evil.example) \\@admin \\| cell'), md);
  });
});

describe('cli: perfdoc check from anywhere', () => {
  it('--help names the new options', () => {
    const out = perfdocCli(['--help'], REPO_ROOT).stdout;
    for (const o of ['--format text|json|sarif|markdown', '--config FILE', '--baseline FILE.json'])
      assert.ok(out.includes(o), o);
  });
});
