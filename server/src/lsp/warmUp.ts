// The first analysis in a process runs cold code: V8 compiles every function of the YAML
// parser, the schema validators, the rules and the LSP conversions on its first call, so the
// first document's diagnostics took 5-15× as long as the edits that followed (issue 18).
// Once initialized, the server analyses a small document of each kind, and the same three as
// a Markdown design doc, once, off the record: nothing is published or kept, and nothing in the
// workspace is read. A document opened later runs compiled code. It runs on a later turn
// (after the messages already queued, so an open that arrived first is analysed first) and
// costs a few milliseconds per round, in rounds on later turns that stop when a document opens.
import { analyzeFile } from '../core/analyze';
import { IncrementalParser } from '../core/incremental';
import { DEFAULT_SETTINGS } from '../core/types';
import { hoverAt } from '../service/hover';
import { inlayHints } from '../service/inlayHints';
import { documentSymbols } from '../service/symbols';
import { codeLenses } from '../service/codeLens';
import type { DocumentPaths } from '../files/documentPaths';
import { toCodeLens, toDocumentSymbol, toHover, toInlayHint, toLspDiagnostic } from './convert';

const BUDGET = `apiVersion: perfdoc/v1
kind: LatencyBudget
name: warm-up
target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s }
segments:
  - { name: edge, budget: 20ms }
  - { name: auth, budget: 30ms, dependency: auth, timeout: 80ms, retries: 1, backoff: 10ms }
  - name: fan-out
    parallel:
      - { name: a, budget: 50ms, timeout: 100ms }
      - { name: b, budget: 60ms }
  - { name: audit, budget: 5ms, async: true }
`;
const CAPACITY = `apiVersion: perfdoc/v1
kind: CapacityModel
name: warm-up
traffic: { peakRps: 1000, burstMultiplier: 2, latency: 150ms }
headroom: { safetyFactor: 1.5, maxUtilization: 70% }
tiers:
  - { name: api, unitRps: 200, units: { min: 2, max: 10 }, zones: 3, connectionsPerUnit: 10, dependsOn: [db] }
  - { name: db, maxConnections: 100 }
quotas:
  - { name: concurrency, limit: 500, measures: concurrency }
queues:
  - { name: jobs, backlog: 10000, ratePerWorker: 20/s, drainTime: 10m, workers: 2 }
`;
const LOAD_TEST = `apiVersion: perfdoc/v1
kind: LoadTestPlan
name: warm-up
tests:
  - { type: load, rps: 1000, duration: 30m, criteria: { p95: 300ms, p99: 600ms, errorRate: 0.1% } }
  - { type: soak, rps: 500, duration: 1h, criteria: { p95: 300ms } }
`;
// References are not followed here (no workspace): the plan's `capacity` stays unresolved.
const OBSERVABILITY = `apiVersion: perfdoc/v1
kind: ObservabilityPlan
name: warm-up
signals:
  api: [latency, traffic, errors, saturation]
traces: { correlationId: true, propagated: true, fields: [tenant, retryCount] }
logs: { correlationId: true }
dashboards: [user, service]
alarms:
  - { metric: db.connections, above: 80%, runbook: docs/runbooks/db.md }
`;
/** [path, text]: a multi-document .perf.yaml and a Markdown design doc, each with all three kinds. */
export const WARM_UP_SAMPLES: [string, string][] = [
  ['/__perfdoc_warm_up__/sample.perf.yaml', [BUDGET, CAPACITY, LOAD_TEST, OBSERVABILITY].join('---\n')],
  [
    '/__perfdoc_warm_up__/design.md',
    [BUDGET, CAPACITY, LOAD_TEST, OBSERVABILITY].map(t => `Prose.\n\n\`\`\`perfdoc\n${t}\`\`\`\n`).join('\n'),
  ],
];

/**
 * Analyses `samples` once, with the diagnostics' conversion; `everyRequest` also makes every
 * conversion a first open's requests make (hovers, hints, symbols, lenses).
 */
export function warmUp(everyRequest = true, samples = WARM_UP_SAMPLES): void {
  for (const [path, text] of samples) {
    const a = analyzeFile(path, text, { settings: DEFAULT_SETTINGS }, new IncrementalParser());
    for (const d of a.documents) for (const f of d.findings) toLspDiagnostic(a, f);
    if (!everyRequest) continue;
    for (let offset = 0; offset < text.length; offset += 97) {
      const h = hoverAt(a, offset);
      if (h) toHover(a, h);
    }
    for (const h of inlayHints(a, 0, text.length)) toInlayHint(a, h);
    for (const s of documentSymbols(a)) toDocumentSymbol(a, s);
    for (const l of codeLenses(a)) toCodeLens(a, l);
  }
}

/**
 * Rounds of warm-up, one sample each. One pass only compiles the functions to bytecode:
 * in-process, the first analysis of a 10-segment budget after 1 pass took 1.9× the p50 of the
 * next 30, after 20 passes 0.5× (V8 has optimised the parser and rules by then).
 */
export const WARM_UP_ROUNDS = 40;

/**
 * Runs `rounds` warm-ups, each on its own later turn (`next`) and over one sample (the first
 * round of each with every request's conversions), so a message that arrives in the middle
 * waits for one sample's analysis at most; stops at the first failure. `paths` converts a
 * sample URI first: on Node, fileURLToPath's first call cost 8 ms of a first open (--cpu-prof).
 */
export function warmUpInRounds(
  rounds: number,
  next: (fn: () => void) => void,
  failed: (e: unknown) => void,
  paths?: DocumentPaths,
): void {
  const round = (i: number): void => {
    if (i >= rounds) return;
    try {
      if (i === 0) paths?.pathOf(paths.uriOf(WARM_UP_SAMPLES[0][0]));
      warmUp(i < WARM_UP_SAMPLES.length, [WARM_UP_SAMPLES[i % WARM_UP_SAMPLES.length]]);
    } catch (e) {
      failed(e);
      return;
    }
    next(() => round(i + 1));
  };
  next(() => round(0));
}
