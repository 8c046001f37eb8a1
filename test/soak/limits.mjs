#!/usr/bin/env node
// Times and memory of `perfdoc check` on each hostile input of test/unit/hostile-limits.test.ts,
// each in a fresh process: wall time of the check and the process's peak RSS.
// Usage: node scripts/build.mjs && node test/soak/limits.mjs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
const head =
  'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: hostile\ntarget: { p95: 500ms, p99: 1200ms, timeout: 2s }\n';
const segments = n =>
  head + 'segments:\n' + Array.from({ length: n }, (_, i) => `  - name: s${i}\n    budget: 1ms\n`).join('');
const bomb = [
  'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 11 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
];

const CASES = [
  ['alias bomb (10^12 nodes expanded)', 'apiVersion: perfdoc/v1\nkind: CapacityModel\n' + bomb.join('\n') + '\n'],
  ['10 MB file', head + '# filler line\n'.repeat(750_000)],
  ['100,000 segments (2.8 MB)', segments(100_000)],
  ['10,000 segments (accepted)', segments(10_000)],
  ['100,000 list items "- x"', head + 'segments:\n' + '  - x\n'.repeat(100_000)],
  ['10,000 nested [', head + 'segments: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'],
  ['10,000 nested "- "', head + 'segments:\n' + '- '.repeat(10_000) + 'x\n'],
  [
    '2,800 nested block mappings',
    head + 'segments:\n' + Array.from({ length: 2800 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n') + ' 1\n',
  ],
  ['1 MB single line', head + 'region: ' + 'x'.repeat(1 << 20) + '\nsegments:\n  - { name: a, budget: 1ms }\n'],
  [
    '50,000 keys in one mapping',
    head + 'notes:\n' + Array.from({ length: 50_000 }, (_, i) => `  k${i}: ${i}\n`).join('') + '  k7: again\n',
  ],
  ['30,000 segments that are not mappings', head + 'segments:\n' + '  - x\n'.repeat(30_000)],
  [
    '20,000 lines of 10 nested [] (240,000 nodes)',
    head + Array.from({ length: 20_000 }, (_, i) => `a${i}: ${'['.repeat(10)}${']'.repeat(10)}`).join('\n') + '\n',
  ],
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-limits-'));
const probe = `
const { main } = require(${JSON.stringify(CLI)});
let out = ''; const started = process.hrtime.bigint();
const code = main(['check', '--format', 'json', process.argv[1]], s => { out += s; }, () => undefined);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const findings = JSON.parse(out).files.flatMap(f => f.error ? [f.error] : f.documents.flatMap(d => d.diagnostics.map(x => x.code + ' ' + x.message)));
const pd = findings.find(f => /^PD00[16]/.test(f)) ?? findings[0] ?? '';
process.stdout.write(JSON.stringify({ ms, code, peakRssMB: process.resourceUsage().maxRSS / 1024, findings: findings.length, first: pd.slice(0, 90) }));`;
console.log(
  `${'input'.padEnd(46)} ${'size'.padStart(8)} ${'time'.padStart(9)} ${'peak RSS'.padStart(9)}  exit  diagnostics`,
);
try {
  for (const [label, text] of CASES) {
    const file = path.join(dir, 'input.perf.yaml');
    fs.writeFileSync(file, text);
    const r = spawnSync(process.execPath, ['-e', probe, file], { encoding: 'utf8', cwd: dir, timeout: 300_000 });
    if (r.status !== 0 || !r.stdout) {
      console.log(`${label.padEnd(46)} FAILED ${r.error ?? r.stderr.slice(0, 300)}`);
      continue;
    }
    const m = JSON.parse(r.stdout);
    console.log(
      `${label.padEnd(46)} ${(text.length / 1024 / 1024).toFixed(2).padStart(6)} MB ${m.ms.toFixed(0).padStart(6)} ms ${m.peakRssMB.toFixed(0).padStart(6)} MB  ${String(m.code).padStart(4)}  ${m.findings} (${m.first})`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
