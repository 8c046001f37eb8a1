// Self-tests: run the harness against test/mini-server.mjs (vscode-languageserver, node)
// in each sync / diagnostics mode, and check the failure exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generate } from '../gen.mjs';
import { splitCommand, expandDotted, lookupSection, findEditTarget, summarize } from '../lspbench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const dir = mkdtempSync(path.join(os.tmpdir(), 'lspbench-test-'));
const good = path.join(dir, 'lb-20.perf.yaml');
const bad = path.join(dir, 'lb-20-bad.perf.yaml');
writeFileSync(good, generate(20));
writeFileSync(bad, generate(20, { violate: true }));

async function bench(serverFlags, extra = []) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'lspbench.mjs',
        '--server',
        `${process.execPath} test/mini-server.mjs --stdio ${serverFlags}`,
        '--runs',
        '2',
        '--edits',
        '6',
        '--hovers',
        '3',
        '--pause-ms',
        '40',
        '--settle-ms',
        '50',
        '--timeout',
        '10000',
        '--quiet',
        ...extra,
      ],
      { cwd: root, maxBuffer: 16 << 20 },
    );
    return { code: 0, report: JSON.parse(stdout) };
  } catch (e) {
    return { code: e.code, stderr: String(e.stderr) };
  }
}

test('helpers', () => {
  assert.deepEqual(splitCommand(`node "a b.js" --x='1 2' c\\ d`), ['node', 'a b.js', '--x=1 2', 'c d']);
  assert.deepEqual(
    expandDotted({ 'yaml.validate': true, 'yaml.schemas': { a: 'b' }, '[yaml]': { 'editor.tabSize': 2 } }),
    {
      yaml: { validate: true, schemas: { a: 'b' } },
      '[yaml]': { 'editor.tabSize': 2 },
    },
  );
  const s = { yaml: { format: { enable: true } }, '[yaml]': {} };
  assert.deepEqual(lookupSection(s, 'yaml.format'), { enable: true });
  assert.deepEqual(lookupSection(s, '[yaml]'), {});
  assert.equal(lookupSection(s, 'http'), null);
  const t = findEditTarget(['a: x', '  - name: seg-1', '    budget: 40ms', 'b: y']);
  assert.deepEqual(t, { line: 2, col: 12, value: '40' });
  assert.deepEqual(summarize([5, 1, 3, 2, 4]), { n: 5, p50: 3, p95: 5, max: 5, min: 1 });
});

for (const [name, flags, extra] of [
  ['full sync', '--sync full', []],
  ['incremental sync', '--sync incremental', []],
  ['incremental sync, versioned diagnostics', '--sync incremental --versioned', []],
  ['server pulls workspace/configuration before validating', '--pull-config --debounce 20', []],
  ['pull diagnostics', '--diag pull', ['--diag-mode', 'pull']],
]) {
  test(`mini-server: ${name}`, async () => {
    const res = await bench(flags, ['--file', bad, '--min-diags', '1', ...extra]);
    assert.equal(res.code, 0, res.stderr);
    const r = res.report;
    assert.equal(r.runs.length, 2);
    assert.equal(r.median.diagnostics, 1);
    assert.equal(r.median.editToDiag.pooled.n, 12);
    assert.ok(r.median.hover.p50 >= 0);
    assert.ok(r.median.inlayHint.p50 >= 0);
    assert.ok(r.median.peakRssMiB > 10);
    assert.equal(r.runs[0].diagnosticsAfterEdits, 1);
    if (flags.includes('--versioned')) assert.equal(r.runs[0].versionedDiagnostics, 'all');
    if (flags.includes('--pull-config')) assert.ok(r.runs[0].serverRequests['workspace/configuration'] >= 7);
  });
}

test('--workspace: the document opens right after initialized; figures count from initialize', async () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'lspbench-ws-'));
  for (const n of ['a', 'b', 'c']) writeFileSync(path.join(ws, `${n}.yaml`), 'x: 1\n');
  const file = path.join(ws, 'lb-20.perf.yaml');
  writeFileSync(file, generate(20));
  const res = await bench('--index', ['--file', file, '--workspace', ws, '--edits', '2']);
  assert.equal(res.code, 0, res.stderr);
  const run = res.report.runs[0];
  assert.equal(run.publishedUris, 4, 'the three indexed files and the document');
  assert.ok(run.initToFirstDiagMs > 0 && run.initToLastPublishAnyMs >= run.initToFirstDiagMs, JSON.stringify(run));
  assert.ok(run.firstNotificationMs['window/logMessage'] > 0, 'the log of the indexing, counted from initialize');
});

test('--ready-notification METHOD:TEXT waits for that notification; one that never comes is a warning, not a failure', async () => {
  const ready = await bench('--index', [
    '--file',
    good,
    '--workspace',
    dir,
    '--ready-notification',
    'window/logMessage:indexed',
  ]);
  assert.equal(ready.code, 0, ready.stderr);
  assert.ok(ready.report.runs[0].initToReadyMs > 0, JSON.stringify(ready.report.runs[0]));
  const never = await bench('--index', [
    '--file',
    good,
    '--workspace',
    dir,
    '--ready-notification',
    'window/logMessage:never',
    // Long enough for a slow start on a loaded machine; the missing notification costs it once.
    '--timeout',
    '6000',
    '--runs',
    '1',
  ]);
  assert.equal(never.code, 0, never.stderr);
  assert.equal(never.report.runs[0].initToReadyMs, null);
  assert.match(never.report.runs[0].warnings.join('\n'), /waiting for window\/logMessage:never notification/);
});

test('double publish is counted as extra', async () => {
  const res = await bench('--twice --debounce 5', ['--file', good]);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.report.runs[0].extraPublishesDuringEdits, 6);
});

test('expectation failure exits 4', async () => {
  const res = await bench('', ['--file', good, '--min-diags', '1']);
  assert.equal(res.code, 4);
  assert.match(res.stderr, /expected >= 1 diagnostics/);
});

test('timeout exits 2', async () => {
  const { code, stderr } = await promisify(execFile)(
    process.execPath,
    ['lspbench.mjs', '--server', 'sleep 30', '--file', good, '--timeout', '500'],
    { cwd: root },
  ).catch(e => e);
  assert.equal(code, 2);
  assert.match(String(stderr), /TIMEOUT ERROR: timed out after 500 ms waiting for initialize/);
});

test('crashing server exits 3 with its stderr', async () => {
  const { code, stderr } = await promisify(execFile)(
    process.execPath,
    ['lspbench.mjs', '--server', `${process.execPath} -e "console.error('boom');process.exit(7)"`, '--file', good],
    { cwd: root },
  ).catch(e => e);
  assert.equal(code, 3);
  assert.match(String(stderr), /boom/);
});
