// Quick fixes under non-default settings: each fix reads the settings the document was
// analysed with (FileAnalysis.settings). Every fix is applied, the result analysed again
// under the same settings, and the fixed finding must be gone with no other rule firing.
// Before, the fixes used DEFAULT_SETTINGS: with minBufferPercent 10 the LB003 fix produced LB002.
import * as assert from 'node:assert/strict';
import { FileAnalysis, ReferenceHost, analyzeFile, fileDiagnostics } from '../../server/src/core/analyze';
import { effectiveSettings } from '../../server/src/core/settings';
import type { AnalysisSettings } from '../../server/src/core/types';
import { codeActions } from '../../server/src/service/codeActions';
import type { CodeActionItem, TextEdit } from '../../server/src/service/types';

const DIR = '/ws';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const budget = (target: string[], segments: string[]) =>
  yaml('apiVersion: perfdoc/v1', 'kind: LatencyBudget', 'name: Search', ...target, ...segments);

/** Every setting away from its default. */
const STRICT: AnalysisSettings = effectiveSettings({
  minBufferPercent: 10,
  defaultMaxUtilization: 0.5,
  utilizationWarnPercent: 60,
  connectionsWarnPercent: 50,
  quotaWarnPercent: 50,
  soakMinDuration: '6h',
});

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

const REFS: Record<string, string> = {
  [`${DIR}/budget.perf.yaml`]: budget(
    ['target: { p50: 100ms, p95: 300ms, p99: 800ms, timeout: 2s, errorRate: 0.05% }'],
    ['segments: [{ name: App, budget: 200ms }]'],
  ),
  [`${DIR}/capacity.perf.yaml`]: yaml(
    'apiVersion: perfdoc/v1',
    'kind: CapacityModel',
    'name: C',
    'traffic: { peakRps: 1500 }',
    'headroom: { safetyFactor: 1.5 }',
  ),
};
const host: ReferenceHost = {
  documentsOf: p => (p in REFS ? analyzeFile(p, REFS[p], { settings: STRICT }).documents : { error: 'not found' }),
};
const analyze = (text: string) => analyzeFile(`${DIR}/a.perf.yaml`, text, { settings: STRICT, references: host });
const codes = (f: FileAnalysis) => fileDiagnostics(f).map(d => d.code);
const count = (all: string[], code: string) => all.filter(c => c === code).length;

/**
 * Applies every quick fix offered for the first `code` diagnostic (its `data` dropped when
 * `withoutData`, as a client may do: the fix then computes from the analysis) and checks each.
 */
function fixAll(text: string, code: string, withoutData = false): CodeActionItem[] {
  const before = analyze(text);
  assert.equal(before.settings, STRICT, 'the analysis carries the settings it was made with');
  const found = fileDiagnostics(before).find(d => d.code === code);
  assert.ok(found, `no ${code} in ${JSON.stringify(codes(before))}`);
  const diagnostic = withoutData ? { ...found, data: undefined } : found;
  const actions = codeActions(
    before,
    before.lines.offsetAt(diagnostic.range.start),
    before.lines.offsetAt(diagnostic.range.end),
    [diagnostic],
  ).filter(a => a.kind === 'quickfix');
  assert.ok(actions.length, `no quick fix for ${code}`);
  for (const action of actions) {
    const fixed = applyEdits(text, action.edits);
    const was = codes(before),
      now = codes(analyze(fixed));
    if (code !== 'LT001') assert.ok(count(now, code) < count(was, code), `${code} still reported:\n${fixed}`);
    for (const c of new Set(now))
      assert.ok(count(now, c) <= count(was, c), `"${action.title}" made ${c} fire under STRICT settings:\n${fixed}`);
  }
  return actions;
}

describe('code actions under non-default settings (minBufferPercent 10, soakMinDuration 6h, ...)', () => {
  it('LB003: the added p95 leaves 10% room above the critical path (the repro: it used to leave 6% and cause LB002)', () => {
    // critical path 290 ms; p95 ≥ 290 / 0.90 = 322.2 → 330 ms (two significant digits, up);
    // under the default 5% it would be 290 / 0.95 = 305.3 → 310 ms, 6.5% room: LB002 at 10%.
    for (const withoutData of [false, true]) {
      const [action] = fixAll(
        budget(['target:', '  p50: 100ms', '  timeout: 1s'], ['segments:', '  - name: App', '    budget: 290ms']),
        'LB003',
        withoutData,
      );
      assert.match(action.title, /^Add p95: 330ms, p99: /);
    }
  });

  it('LB002: the buffer is the missing 10%, also when the client dropped the diagnostic data', () => {
    // target p95 300 ms, critical path 295 ms: 10% = 30 ms of room needed, 5 ms there → 25 ms.
    for (const withoutData of [false, true]) {
      const [action] = fixAll(
        budget(
          ['target:', '  p50: 100ms', '  p95: 300ms', '  p99: 600ms', '  timeout: 1s'],
          ['segments:', '  - name: Edge', '    budget: 50ms', '  - name: Application', '    budget: 245ms'],
        ),
        'LB002',
        withoutData,
      );
      assert.equal(action.title, 'Add a 25 ms Buffer segment, taken from "Application" (245 ms → 220 ms)');
    }
  });

  it('LB004 and LB005: the added timeouts cause no finding under the strict settings', () => {
    const roomy = ['segments:', '  - { name: App, budget: 200ms }', '  - { name: Buffer, budget: 40ms, buffer: true }'];
    fixAll(budget(['target: { p50: 100ms, p95: 300ms, p99: 600ms }'], roomy), 'LB004');
    fixAll(
      budget(
        ['target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s }'],
        ['segments:', '  - { name: Profile, budget: 60ms, dependency: profile-svc }', ...roomy.slice(1)],
      ),
      'LB005',
    );
  });

  it('PD003: the unit appended causes no finding under the strict settings', () => {
    fixAll(
      budget(
        ['target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s }'],
        ['segments:', '  - name: App', '    budget: 40', '  - { name: Buffer, budget: 40ms, buffer: true }'],
      ),
      'PD003',
    );
  });

  it('CM004: the workers set drain the backlog, nothing else fires', () => {
    fixAll(
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Q',
        'traffic: { peakRps: 100 }',
        'headroom: { safetyFactor: 1.5 }',
        'queues:',
        '  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 20 }',
      ),
      'CM004',
    );
  });

  it('LT001: the skeleton soak test runs at least perfdoc.soakMinDuration (6h), not the default 4h', () => {
    const actions = fixAll(
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LoadTestPlan',
        'name: Plan',
        'budget: ./budget.perf.yaml',
        'capacity: ./capacity.perf.yaml',
        'tests:',
        '  - { type: load, rps: 1500, duration: 30m, cache: cold, criteria: { p95: 300ms, p99: 800ms, errorRate: 0.05% } }',
      ),
      'LT001',
    );
    assert.ok(
      actions.some(a => a.title === 'Add a skeleton soak test (750 rps for 6h)'),
      JSON.stringify(actions.map(a => a.title)),
    );
  });
});
