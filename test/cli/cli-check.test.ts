// `perfdoc check` as a user runs it (spec §7): exit codes, the text format, directory walks
// and --root confinement, through the real binary dist/cli.js.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, REPO_ROOT, Workspace } from '../fixtures/cli';
import { LESSON_SEGMENTS, capacityModel, latencyBudget, perfdoc } from '../fixtures/documents';

const HEALTHY = latencyBudget(LESSON_SEGMENTS);
/** One error (PD003 on line 6, column 27) and one warning (LB004 on line 4). */
const BROKEN = latencyBudget(['- { name: edge, budget: 40 }'], '{ p95: 500ms, p99: 1s }');
const WARNING_ONLY = latencyBudget(LESSON_SEGMENTS, '{ p50: 150ms, p95: 500ms, p99: 1200ms }');
/** A plan with one complete test: only LT001 (information) when nothing else is wrong. */
const plan = (...head: string[]) =>
  perfdoc(
    'LoadTestPlan',
    ...head,
    'tests:',
    '  - { type: load, rps: 10, cache: cold, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% } }',
  );

describe('cli: perfdoc check', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace({ 'healthy.perf.yaml': HEALTHY, 'broken.perf.yaml': BROKEN, 'warned.perf.yaml': WARNING_ONLY });
  });
  afterEach(() => ws.dispose());

  describe('exit status', () => {
    it('0 for a healthy file', () => {
      const r = ws.run('check', 'healthy.perf.yaml');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stderr, '');
    });

    it('0 when there are only warnings', () => assert.equal(ws.run('check', 'warned.perf.yaml').status, 0));

    it('1 for a file with an error diagnostic, also among healthy files', () => {
      assert.equal(ws.run('check', 'broken.perf.yaml').status, 1);
      assert.equal(ws.run('check', 'healthy.perf.yaml', 'broken.perf.yaml').status, 1);
    });

    it('2 for usage errors: no arguments, no command, no path, an unknown format, command or option', () => {
      for (const args of [
        [],
        ['lint', 'healthy.perf.yaml'],
        ['check'],
        ['check', '--format', 'xml', 'healthy.perf.yaml'],
        ['check', '--frobnicate', 'healthy.perf.yaml'],
      ]) {
        const r = ws.run(...args);
        assert.equal(r.status, 2, `perfdoc ${args.join(' ')}`);
        assert.match(r.stderr, /^perfdoc: /, `perfdoc ${args.join(' ')} explains on stderr`);
        assert.equal(r.stdout, '');
      }
      assert.match(
        ws.run('check', '--format', 'xml', 'x').stderr,
        /unknown format "xml" \(text, json, sarif or markdown\)/,
      );
    });

    it('2 for a missing path, and the valid path given with it is still reported', () => {
      const r = ws.json('missing.perf.yaml', 'broken.perf.yaml');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /perfdoc: missing\.perf\.yaml: no such file or directory/);
      const broken = r.report.files.find(f => f.path === 'broken.perf.yaml');
      assert.ok(broken, JSON.stringify(r.report.files.map(f => f.path)));
      assert.deepEqual(
        broken.documents[0].diagnostics.map(d => d.code),
        ['LB004', 'PD003'],
      );
      assert.deepEqual(
        r.report.files.find(f => f.path === 'missing.perf.yaml'),
        { path: 'missing.perf.yaml', error: 'no such file or directory (or a broken symlink)', documents: [] },
      );
    });

    it('--help and --version exit 0 on stdout', () => {
      const help = ws.run('--help');
      assert.equal(help.status, 0);
      assert.match(help.stdout, /^usage: perfdoc check \[--format text\|json\|sarif\|markdown\]/);
      const version = ws.run('--version');
      assert.equal(version.status, 0);
      assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    });

    it('a reader that closes the pipe early (| head) gets the exit status, not an EPIPE stack trace', function () {
      // Over the 64 KiB a pipe buffers, so the CLI is still writing when `head` has gone.
      const r = spawnSync(
        'bash',
        ['-c', `set -o pipefail; node "${CLI}" check --format json examples | head -c 100 >/dev/null`],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        },
      );
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/);
      assert.equal(r.status, 1, 'examples/rules/ holds errors: exit 1 as without the pipe');
    });

    it('1 for a binary file given explicitly, with the reason', () => {
      ws.write('blob.perf.yaml', Buffer.from([0x61, 0x00, 0x62]));
      const r = ws.run('check', 'blob.perf.yaml');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /blob\.perf\.yaml: binary file \(contains NUL bytes\)/);
    });
  });

  describe('text format', () => {
    it('prints file:line:col severity CODE message (one-based), then the key figures of each document', () => {
      const r = ws.run('check', 'broken.perf.yaml');
      const out = r.stdout.trimEnd().split('\n');
      assert.deepEqual(out.slice(0, 2), [
        'broken.perf.yaml:4:1 warning LB004 target lacks a timeout: without a timeout budget a slow dependency holds the request forever (§18.1, §16 anti-pattern 7)',
        'broken.perf.yaml:6:27 error PD003 budget: duration 40 has no unit: write 40ms (or s, min, h, us)',
      ]);
      assert.equal(out[2], '  broken.perf.yaml:1 LatencyBudget "Test": Σ 0 ms · 0% of p95 500 ms · headroom 500 ms');
      assert.equal(out[3], '    total 0 ms vs p95 target 500 ms; headroom 500 ms; buffer 0 ms');
      assert.equal(out[4], '    worst case with retries 0 ms vs timeout none');
      assert.equal(out[out.length - 1], '1 file: 1 error(s), 1 warning(s), 0 information');
      assert.ok(!r.stdout.includes('\x1b['), 'no colour when stdout is not a terminal');
    });

    it('the §5 budget shows its figures: 500 ms of the 500 ms p95, worst case 1.54 s', () => {
      const out = ws.run('check', 'healthy.perf.yaml').stdout;
      assert.match(
        out,
        /^ {2}healthy\.perf\.yaml:1 LatencyBudget "Test": Σ 500 ms · 100% of p95 500 ms · headroom 0 ms$/m,
      );
      assert.match(out, /^ {4}worst case with retries 1\.54 s vs timeout 2 s$/m);
      // §9: three dependencies (auth, cache, database) at p95, 1 − 0.95³ = 14.26%
      assert.match(
        out,
        /^ {4}tail exposure 14\.3%: requests that meet a dependency slower than its p95 budget \(3 dependency calls on the path\)$/m,
      );
      assert.match(out, /^1 file: 0 error\(s\), 0 warning\(s\), 0 information$/m);
    });

    it('capacity figures: 2,000,000 / (1,800 × 40) → 28 workers', () => {
      ws.write(
        'queue.perf.yaml',
        capacityModel(
          '{ peakRps: 500, latency: 200ms }',
          '{ safetyFactor: 1.5 }',
          'queues:',
          '  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 20 }',
        ),
      );
      const out = ws.run('check', 'queue.perf.yaml').stdout;
      assert.match(out, /^queue\.perf\.yaml:\d+:\d+ error CM004 queue "orders" needs 28 workers/m);
      assert.match(out, /^ {4}in flight 100 \(at p95 n\/a\); required 750 rps$/m);
      assert.match(out, /^ {4}queue orders: needs 28 workers \(has 20\); drains in 41\.7 min$/m); // 2,500 s: minutes read better (one decimal)
    });

    it('--color adds ANSI colours', () =>
      assert.ok(ws.run('check', '--color', 'broken.perf.yaml').stdout.includes('\x1b[31merror\x1b[0m')));
  });

  describe('paths', () => {
    it('walks directories, skipping node_modules and .git, and lists only files holding perfdoc documents', () => {
      ws.write('docs/design.md', ['# Design', '', '```yaml', HEALTHY.trimEnd(), '```', ''].join('\n'));
      ws.write('docs/k8s.yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
      ws.write('docs/sub/plan.perf.yml', plan());
      ws.write('docs/notes.txt', BROKEN);
      ws.write('docs/node_modules/dep/broken.perf.yaml', BROKEN);
      ws.write('docs/.git/broken.perf.yaml', BROKEN);
      const r = ws.json('docs');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(
        r.report.files.map(f => f.path),
        ['docs/design.md', 'docs/sub/plan.perf.yml'],
      );
    });

    it('an explicit file without perfdoc documents is listed with none', () => {
      ws.write('k8s.yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
      assert.deepEqual(ws.json('k8s.yaml').report.files, [{ path: 'k8s.yaml', documents: [] }]);
    });

    it('a relative path stays relative; an absolute one stays absolute', () => {
      assert.equal(ws.json('./healthy.perf.yaml').report.files[0].path, './healthy.perf.yaml');
      const abs = path.join(ws.dir, 'healthy.perf.yaml');
      assert.equal(ws.json(abs).report.files[0].path, abs);
    });

    describe('--root confinement of references', () => {
      beforeEach(() => {
        ws.write('shared/search.perf.yaml', HEALTHY);
        ws.write('team/search.perf.yaml', HEALTHY);
        ws.write('team/plan.perf.yaml', plan('budget: ../shared/search.perf.yaml'));
        ws.write('team/local-plan.perf.yaml', plan('budget: ./search.perf.yaml'));
      });
      const pd004 = (r: ReturnType<Workspace['json']>) =>
        r.report.files.flatMap(f => f.documents.flatMap(d => d.diagnostics)).filter(d => d.code === 'PD004');

      it('the default root (the nearest folder above the paths holding .git) lets a reference reach a sibling folder', () => {
        fs.mkdirSync(path.join(ws.dir, '.git'));
        const r = ws.json('team/plan.perf.yaml');
        assert.deepEqual(pd004(r), []);
        assert.equal(r.status, 0);
      });

      it("without .git or .perfdoc.yaml above them the default root is the paths' common parent: the sibling is outside", () => {
        assert.match(pd004(ws.json('team/plan.perf.yaml'))[0].message, /outside the root .*team/);
        assert.deepEqual(pd004(ws.json('team/plan.perf.yaml', 'shared')), [], 'the common parent of team/ and shared/');
      });

      it('--root DIR refuses a reference leaving DIR, with exit 1 and the reason', () => {
        const r = ws.json('--root', 'team', 'team/plan.perf.yaml');
        assert.equal(r.status, 1);
        const [d] = pd004(r);
        assert.match(
          d.message,
          /^budget: \.\.\/shared\/search\.perf\.yaml is outside the root .*team and is not read \(use --root to widen it\)$/,
        );
        assert.deepEqual(d.range.start, { line: 3, character: 8 });
      });

      it('--root DIR still resolves references inside DIR', () => {
        const r = ws.json('--root', 'team', 'team/local-plan.perf.yaml');
        assert.deepEqual(pd004(r), []);
        assert.equal(r.status, 0);
      });

      it('a symlink inside the root pointing outside it is refused', () => {
        fs.symlinkSync(path.join(ws.dir, 'shared', 'search.perf.yaml'), path.join(ws.dir, 'team', 'link.perf.yaml'));
        ws.write('team/link-plan.perf.yaml', plan('budget: ./link.perf.yaml'));
        assert.match(pd004(ws.json('--root', 'team', 'team/link-plan.perf.yaml'))[0].message, /links outside the root/);
      });
    });
  });

  it('a byte order mark does not shift columns', () => {
    ws.write('bom.perf.yaml', '\ufeff' + BROKEN);
    const [bom, plain] = ws.json('bom.perf.yaml', 'broken.perf.yaml').report.files.map(f => f.documents[0].diagnostics);
    assert.deepEqual(bom, plain);
  });

  it('CRLF line endings give the same diagnostics', () => {
    ws.write('crlf.perf.yaml', BROKEN.replace(/\n/g, '\r\n'));
    const [crlf, lf] = ws.json('crlf.perf.yaml', 'broken.perf.yaml').report.files.map(f => f.documents[0].diagnostics);
    assert.deepEqual(crlf, lf);
  });
});
