// What a CLI command loads (the cold path of a pre-commit hook): `check` reads dist/cli.js
// alone, never the chart and report code; only `report` loads dist/report.js.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CLI, REPO_ROOT } from '../fixtures/cli';

/** The files of dist/ that `main(args)` of dist/cli.js has loaded once it returns, and its exit code. */
function loadedBy(args: string[]): { loaded: string[]; code: number } {
  const probe = `
    const cli = require(${JSON.stringify(CLI)});
    const code = cli.main(${JSON.stringify(args)}, () => {}, () => {});
    const dist = ${JSON.stringify(path.join(REPO_ROOT, 'dist') + path.sep)};
    const loaded = Object.keys(require.cache).filter(f => f.startsWith(dist)).map(f => f.slice(dist.length));
    process.stdout.write(JSON.stringify({ loaded, code }));`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { loaded: string[]; code: number };
}

describe('CLI: each command loads only what it needs', () => {
  it('check loads dist/cli.js alone', () => {
    const { loaded, code } = loadedBy(['check', 'examples/search-api.perf.yaml']);
    assert.equal(code, 0);
    assert.deepEqual(loaded, ['cli.js']);
  });

  it('report loads dist/report.js as well', () => {
    const { loaded, code } = loadedBy([
      'report',
      '--out',
      path.join(REPO_ROOT, 'out', 'cli-loading-report.html'),
      'examples/search-api.perf.yaml',
    ]);
    assert.equal(code, 0);
    assert.deepEqual(loaded.sort(), ['cli.js', 'report.js']);
  });
});
