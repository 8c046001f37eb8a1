// The installed `perfdoc` (package.json bin: dist/perfdoc.js, server/src/cliLauncher.ts) runs
// dist/cli.js from the code cache the build wrote beside it. It must answer exactly as the
// bundle run directly does, and a cache V8 rejects (corrupt, or from another Node) must cost
// nothing but the compile.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../fixtures/cli';

const DIST = path.join(REPO_ROOT, 'dist');
const run = (entry: string, args: string[]) => {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const ARGS = ['check', '--format', 'json', 'examples'];

describe('cli: the installed perfdoc command (code-cache launcher)', () => {
  it('package.json installs dist/perfdoc.js as perfdoc, and the build wrote its cache', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    assert.equal(pkg.bin.perfdoc, 'dist/perfdoc.js');
    assert.ok(fs.statSync(path.join(DIST, 'cli.js.cache')).size > 100_000, 'dist/cli.js.cache holds the bytecode');
  });

  it('answers as dist/cli.js does: the same output and exit status, also for usage errors and --help', () => {
    for (const args of [ARGS, ['check'], ['--help'], ['check', 'examples/search-api.perf.yaml']]) {
      const direct = run(path.join(DIST, 'cli.js'), args);
      assert.deepEqual(run(path.join(DIST, 'perfdoc.js'), args), direct, args.join(' '));
    }
  });

  it('a corrupt cache is rejected by V8 and the check runs all the same', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-launcher-'));
    try {
      for (const f of ['perfdoc.js', 'cli.js', 'report.js']) fs.copyFileSync(path.join(DIST, f), path.join(copy, f));
      fs.writeFileSync(path.join(copy, 'cli.js.cache'), Buffer.alloc(4096, 7));
      assert.deepEqual(run(path.join(copy, 'perfdoc.js'), ARGS), run(path.join(DIST, 'cli.js'), ARGS));
      fs.rmSync(path.join(copy, 'cli.js.cache'));
      assert.deepEqual(
        run(path.join(copy, 'perfdoc.js'), ARGS),
        run(path.join(DIST, 'cli.js'), ARGS),
        'no cache at all',
      );
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
