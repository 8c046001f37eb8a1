// The benchmark's inputs, all generated (deterministic) into bench/work/:
// LatencyBudgets of N segments (lspbench gen.mjs), a Markdown design doc with three
// perfdoc fences plus the same three documents as one multi-document .perf.yaml (what
// yaml-language-server can be compared on), a 2,000-file workspace with cross-file
// references, a CapacityModel with and without scenarios, an alias bomb and a 5 MiB file for the CLI.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generate } from './lspbench/gen.mjs';

const write = (file, text) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

/** 1-based line of the middle segment's `budget:` in a gen.mjs budget that starts at `firstLine0` of `lines`. */
function middleBudgetLine(lines, segments, firstLine0 = 0) {
  const key = `  - name: segment-${Math.floor((segments - 1) / 2) + 1}`;
  const at = lines.indexOf(key, firstLine0);
  if (at < 0) throw new Error(`generated budget lacks '${key}'`);
  return at + 2; // the budget line follows the name; +1 more for 1-based
}

export function capacityModel({ name, peakRps, latency = 'latency: 150ms', maxUnits = 20 }) {
  return `apiVersion: perfdoc/v1
kind: CapacityModel
name: ${name}
traffic:
  peakRps: ${peakRps}
  burstMultiplier: 3
  ${latency}
  p95Latency: 450ms
  writeRatio: 20%
headroom:
  safetyFactor: 1.5
  maxUtilization: 70%
tiers:
  - name: api
    unitRps: 300
    units: { min: 2, max: ${maxUnits} }
    zones: 3
    connectionsPerUnit: 20
    dependsOn: [db]
  - name: db
    maxConnections: 500
quotas:
  - name: Lambda concurrency
    limit: 1000
    measures: concurrency
queues:
  - name: events
    backlog: 200000
    ratePerWorker: 40/s
    drainTime: 30m
    workers: 4
    connectionsPerWorker: 1
    dependsOn: [db]
scaling:
  - tier: api
    policy: target-tracking
    metric: cpu
    target: 60%
    cooldown: 300s
    warmup: 180s
`;
}

export function loadTestPlan({ name, rps, refs = [] }) {
  return `apiVersion: perfdoc/v1
kind: LoadTestPlan
name: ${name}
${refs.map(r => `${r}\n`).join('')}tests:
  - type: smoke
    rps: 10
    duration: 5m
    criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }
  - type: load
    rps: ${rps}
    duration: 30m
    cache: warm
    criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }
  - type: spike
    rps: ${rps * 3}
    duration: 10m
    criteria: { p95: 800ms, errorRate: 1% }
  - type: soak
    rps: ${Math.round(rps / 2)}
    duration: 4h
    cache: cold
    criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }
`;
}

/**
 * The same CapacityModel with the three scenarios of FORMAT.md §10.8 appended (an AZ lost,
 * a downstream 10x slower, launch-day traffic): what a scenario costs on every edit.
 */
export function capacityModelWithScenarios(options) {
  return `${capacityModel(options)}scenarios:
  - name: One AZ removed
    zoneLost: true
  - name: Downstream 10x slower
    latency: 10x
  - name: Launch day
    traffic: 3x
`;
}

/** A design doc as engineers write them: prose around one `yaml` and two `perfdoc` fences. */
function designDoc(budgetSegments) {
  const fences = [
    { info: 'yaml', text: generate(budgetSegments) },
    { info: 'perfdoc', text: capacityModel({ name: 'Case API', peakRps: 2000 }) },
    { info: 'perfdoc', text: loadTestPlan({ name: 'Case search', rps: 2000 }) },
  ];
  const prose = [
    '# Case search: performance design\n\nThe search endpoint serves agents during case triage. Its budget below is the critical path at p95 (§5).\n',
    "\n## Capacity\n\nPeak traffic is taken from last quarter's busiest hour with a burst multiplier; tiers are sized with Little's law (§4.3).\n",
    '\n## Load tests\n\nEvery test states its pass criteria as percentiles and an error rate (§13.3).\n',
  ];
  const md =
    fences.map((f, i) => `${prose[i]}\n\`\`\`${f.info}\n${f.text}\`\`\`\n`).join('') +
    '\n## Open questions\n\n- Does the audit event need to be synchronous?\n';
  const yaml = fences.map(f => f.text).join('---\n');
  const mdLines = md.split('\n');
  return {
    md,
    mdEditLine: middleBudgetLine(mdLines, budgetSegments, mdLines.indexOf('```yaml')),
    yaml,
    yamlEditLine: middleBudgetLine(yaml.split('\n'), budgetSegments),
  };
}

/** Classic "billion laughs": 10 levels of anchors, each a list of ten aliases of the one before. */
function aliasBomb() {
  const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    levels.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `apiVersion: perfdoc/v1
kind: LatencyBudget
name: alias bomb
target: { p50: 150ms, p95: 500ms, p99: 1200ms, timeout: 2s }
${levels.join('\n')}
segments: *l9
`;
}

/**
 * A budget whose middle segment has a property no schema allows (`additionalProperties:
 * false` in perfdoc's schemas and in lspbench's fixture): a schema violation and nothing
 * else, to prove a server really validates against the schema.
 */
function violatingBudget(n) {
  const lines = generate(n).split('\n');
  lines.splice(middleBudgetLine(lines, n), 0, '    unknownField: 1');
  return lines.join('\n');
}

/** The smallest gen.mjs budget of at least `bytes` bytes. */
function budgetOfAtLeast(bytes) {
  const perSegment = (Buffer.byteLength(generate(1001)) - Buffer.byteLength(generate(1))) / 1000;
  let n = Math.ceil(bytes / perSegment);
  let text = generate(n);
  while (Buffer.byteLength(text) < bytes) text = generate(++n);
  return { text, segments: n };
}

/**
 * `services` × 4 files: a LatencyBudget, a CapacityModel taking its latency from that
 * budget, a LoadTestPlan referencing both, and a design doc whose fence plans a test
 * against another service's capacity model (a reference across folders).
 */
function writeWorkspace(dir, services) {
  const svc = i => `svc-${String(i).padStart(3, '0')}`;
  for (let i = 0; i < services; i++) {
    const d = path.join(dir, svc(i));
    const peakRps = 200 + ((i * 53) % 3000);
    write(path.join(d, 'latency.perf.yaml'), generate(5 + (i % 20), { name: `${svc(i)} request path` }));
    write(
      path.join(d, 'capacity.perf.yaml'),
      capacityModel({
        name: `${svc(i)} capacity`,
        peakRps,
        latency: 'latencyFrom: ./latency.perf.yaml',
        maxUnits: 4 + (i % 30),
      }),
    );
    write(
      path.join(d, 'loadtest.perf.yaml'),
      loadTestPlan({
        name: `${svc(i)} load tests`,
        rps: peakRps,
        refs: ['budget: ./latency.perf.yaml', 'capacity: ./capacity.perf.yaml'],
      }),
    );
    const other = svc((i + 1) % services);
    const plan = loadTestPlan({
      name: `${svc(i)} calls ${other}`,
      rps: 100,
      refs: [`capacity: ../${other}/capacity.perf.yaml`],
    });
    write(
      path.join(d, 'design.md'),
      `# ${svc(i)} design\n\nDownstream load on ${other}:\n\n\`\`\`perfdoc\n${plan}\`\`\`\n`,
    );
  }
  return { dir, files: services * 4, open: path.join(dir, svc(Math.floor(services / 2)), 'loadtest.perf.yaml') };
}

/**
 * Writes every input under `workDir` (emptied first) and describes them. `documents` are
 * what both servers are timed on (perfdoc on `file`, yaml-language-server on `ylsFile`);
 * each lies alone in its own folder, the workspace root the server is given, so a server
 * that indexes its workspace indexes only that file.
 */
export function writeInputs(workDir) {
  rmSync(workDir, { recursive: true, force: true });
  const alone = (id, text, ext = '.perf.yaml') => write(path.join(workDir, 'lsp', id, `${id}${ext}`), text);
  const documents = [10, 50, 1000, 10000].map(n => {
    const file = alone(`lb-${n}`, generate(n));
    return {
      id: `lb-${n}`,
      label: `LatencyBudget, ${n.toLocaleString('en')} segments`,
      segments: n,
      file,
      ylsFile: file,
      typical: n <= 50,
      // Cold paths (issue 18): the first diagnostics of a typical document against its edits.
      coldOpen: n === 10,
    };
  });
  const doc = designDoc(10);
  documents.splice(2, 0, {
    id: 'design-md',
    label: 'Markdown design doc, 3 fences (yls: the same 3 documents as one .perf.yaml)',
    file: alone('design', doc.md, '.md'),
    editLine: doc.mdEditLine,
    ylsFile: alone('design-fences', doc.yaml),
    ylsEditLine: doc.yamlEditLine,
    typical: true,
    coldOpen: true,
  });
  // Edited on `peakRps:` (line 5), which every scenario's figures depend on.
  const model = { name: 'Case API', peakRps: 2000 };
  const scenarios = {
    editLine: 5,
    base: alone('cm-base', capacityModel(model)),
    withScenarios: alone('cm-scenarios', capacityModelWithScenarios(model)),
  };
  const big = budgetOfAtLeast(5 * 1024 * 1024);
  return {
    documents,
    violating: alone('lb-10-bad', violatingBudget(10)),
    cliFile: documents.find(d => d.segments === 10000).file,
    cliSmallFile: documents.find(d => d.segments === 10).file,
    scenarios,
    aliasBomb: write(path.join(workDir, 'cli', 'alias-bomb.perf.yaml'), aliasBomb()),
    fiveMiB: { file: write(path.join(workDir, 'cli', 'lb-5mib.perf.yaml'), big.text), segments: big.segments },
    workspace: writeWorkspace(path.join(workDir, 'workspace'), 500),
  };
}
