// The CLI on files it cannot or must not read: each gets a clear per-file error, the other
// files are still checked, and the exit status is 2 only for usage and I/O failures.
// Tests run as root here, and chmod 000 does not stop root: the permission cases run the
// CLI as the unprivileged user `nobody` (uid 65534) when the test runs as root.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { latencyBudget, LESSON_SEGMENTS } from '../fixtures/documents';

const CLI = nodePath.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

interface JsonOutput {
  files: { path: string; error?: string; documents: { kind: string | null }[] }[];
}

function check(
  cwd: string,
  args: string[],
  unprivileged = false,
): { status: number | null; out: JsonOutput; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    ...(unprivileged && asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error}`);
  return { status: r.status, out: JSON.parse(r.stdout) as JsonOutput, stderr: r.stderr, ms: Date.now() - started };
}

const errorOf = (out: JsonOutput, path: string) => out.files.find(f => f.path === path)?.error;

describe('hostile input: the CLI on unreadable, binary and special files', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'perfdoc-cli-hostile-'));
    fs.chmodSync(dir, 0o755); // mkdtemp makes it 0700: `nobody` must be able to enter it
    fs.writeFileSync(nodePath.join(dir, 'good.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('binary and non-UTF-8 files: a per-file error, exit 1 (not an I/O failure), the good file still checked', () => {
    fs.writeFileSync(nodePath.join(dir, 'binary.perf.yaml'), Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02]));
    fs.writeFileSync(nodePath.join(dir, 'latin1.perf.yaml'), Buffer.from('name: caf\xe9\n', 'latin1'));
    const { status, out } = check(dir, ['.']);
    assert.equal(status, 1);
    assert.equal(errorOf(out, 'binary.perf.yaml'), 'binary file (contains NUL bytes), not YAML or Markdown text');
    assert.equal(errorOf(out, 'latin1.perf.yaml'), 'not valid UTF-8 text: perfdoc reads UTF-8 files');
    assert.equal(out.files.find(f => f.path === 'good.perf.yaml')?.documents[0].kind, 'LatencyBudget');
  });

  it('a named pipe, a device and a broken symlink: a per-file error at once (a pipe used to block forever), exit 2', () => {
    execFileSync('mkfifo', [nodePath.join(dir, 'pipe.perf.yaml')]);
    fs.symlinkSync('/dev/zero', nodePath.join(dir, 'zero.perf.yaml'));
    fs.symlinkSync('missing.perf.yaml', nodePath.join(dir, 'broken.perf.yaml'));
    const { status, out, stderr, ms } = check(dir, [
      'pipe.perf.yaml',
      'zero.perf.yaml',
      'broken.perf.yaml',
      'good.perf.yaml',
    ]);
    assert.equal(status, 2);
    assert.equal(errorOf(out, 'pipe.perf.yaml'), 'not a regular file (a named pipe)');
    assert.equal(errorOf(out, 'zero.perf.yaml'), 'not a regular file (a device)');
    assert.equal(errorOf(out, 'broken.perf.yaml'), 'no such file or directory (or a broken symlink)');
    assert.match(stderr, /perfdoc: pipe\.perf\.yaml: not a regular file \(a named pipe\)/);
    assert.equal(out.files.find(f => f.path === 'good.perf.yaml')?.documents.length, 1);
    assert.ok(ms < 15_000, `took ${ms} ms`);
  });

  it('a walk skips pipes and devices it finds, and reports a symlink to one', () => {
    execFileSync('mkfifo', [nodePath.join(dir, 'pipe.perf.yaml')]);
    fs.symlinkSync('/dev/zero', nodePath.join(dir, 'zero.perf.yaml'));
    const { status, out } = check(dir, ['.']);
    assert.equal(status, 2);
    assert.deepEqual(
      out.files.map(f => [f.path, f.error ?? 'checked']),
      [
        ['good.perf.yaml', 'checked'],
        ['zero.perf.yaml', 'not a regular file (a device)'],
      ],
    );
  });

  it('a path through a file (ENOTDIR) and a missing path: per-file errors, exit 2', () => {
    const { status, out } = check(dir, ['good.perf.yaml/inside.perf.yaml', 'nowhere', 'good.perf.yaml']);
    assert.equal(status, 2);
    assert.equal(errorOf(out, 'good.perf.yaml/inside.perf.yaml'), 'a part of the path is not a directory');
    assert.equal(errorOf(out, 'nowhere'), 'no such file or directory (or a broken symlink)');
    assert.equal(out.files.find(f => f.path === 'good.perf.yaml')?.documents.length, 1);
  });

  it('a 20 MB file is refused without being read into memory', () => {
    const big = nodePath.join(dir, 'huge.perf.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 20 * 1024 * 1024); // sparse: no 20 MB written to the disk
    const { status, out } = check(dir, ['huge.perf.yaml', 'good.perf.yaml']);
    assert.equal(status, 1);
    assert.equal(errorOf(out, 'huge.perf.yaml'), 'file is 20 MB; perfdoc analyzes files up to 4 M characters');
  });

  it(`an unreadable file and an unreadable directory (run as ${asRoot ? 'nobody: root reads anything' : 'this user'}): permission denied, exit 2`, () => {
    fs.writeFileSync(nodePath.join(dir, 'secret.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
    fs.chmodSync(nodePath.join(dir, 'secret.perf.yaml'), 0o000);
    fs.mkdirSync(nodePath.join(dir, 'locked'));
    fs.writeFileSync(nodePath.join(dir, 'locked', 'inner.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
    fs.chmodSync(nodePath.join(dir, 'locked'), 0o000);
    const { status, out } = check(dir, ['secret.perf.yaml', 'locked', 'good.perf.yaml'], true);
    assert.equal(status, 2);
    assert.equal(errorOf(out, 'secret.perf.yaml'), 'permission denied');
    assert.equal(errorOf(out, 'locked'), 'permission denied');
    assert.equal(out.files.find(f => f.path === 'good.perf.yaml')?.documents.length, 1);
  });
});
