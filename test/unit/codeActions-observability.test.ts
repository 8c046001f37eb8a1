// Quick fixes of an ObservabilityPlan: OB002 writes each missing alarm with the threshold
// computed from the capacity model (db.connections at 80% of 500 = 400, orders'
// oldestMessageAge at its 30 min drainTime, the quota at 80% of 1,000 = 800), in the list's
// own style; OB001 and OB004 write what their message asks for. Each result is analyzed again:
// the finding is gone and nothing else fires.
import * as assert from 'node:assert/strict';
import { FileAnalysis, analyzeFile, fileDiagnostics } from '../../server/src/core/analyze';
import { DEFAULT_SETTINGS, type AnalysisSettings, type Diagnostic } from '../../server/src/core/types';
import { codeActions } from '../../server/src/service/codeActions';
import { yamlScalar } from '../../server/src/service/codeActions/observability';
import type { TextEdit } from '../../server/src/service/types';
import { MemoryHost, SPEC_CAPACITY_MODEL, lines } from '../fixtures/documents';

const MODEL = SPEC_CAPACITY_MODEL;
const HEAD = [
  'apiVersion: perfdoc/v1',
  'kind: ObservabilityPlan',
  'name: Case API',
  'capacity: ./model.perf.yaml',
  'signals:',
  '  api: [latency, traffic, errors, saturation]',
  '  db: [latency, traffic, errors, saturation]',
  'traces: { correlationId: true, propagated: true, fields: [tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az] }',
  'logs: { correlationId: true }',
  'dashboards: [user, service, dependency, infrastructure]',
];
const PATH = '/ws/obs.perf.yaml';

const analyze = (text: string, settings: AnalysisSettings = DEFAULT_SETTINGS) =>
  analyzeFile(PATH, text, { references: new MemoryHost({ '/ws/model.perf.yaml': MODEL }), settings });
const codes = (f: FileAnalysis) => fileDiagnostics(f).map(d => d.code);

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** The fix offered for the diagnostic whose message matches `which`, applied; its title and the text after. */
function fixOf(text: string, code: string, which: RegExp, settings = DEFAULT_SETTINGS) {
  const before = analyze(text, settings);
  const d: Diagnostic | undefined = fileDiagnostics(before).find(x => x.code === code && which.test(x.message));
  assert.ok(d, `no ${code} matching ${which} in ${JSON.stringify(fileDiagnostics(before).map(x => x.message))}`);
  const [action] = codeActions(before, before.lines.offsetAt(d.range.start), before.lines.offsetAt(d.range.end), [
    d,
  ]).filter(a => a.kind === 'quickfix');
  assert.ok(action, `no quick fix for ${code}`);
  const fixed = apply(text, action.edits);
  const after = analyze(fixed, settings);
  const was = codes(before),
    now = codes(after);
  assert.ok(now.filter(c => c === code).length < was.filter(c => c === code).length, `${code} still there:\n${fixed}`);
  for (const c of new Set(now))
    assert.ok(
      now.filter(x => x === c).length <= was.filter(x => x === c).length,
      `${c} fires after the fix:\n${fixed}`,
    );
  return { title: action.title, text: fixed };
}

describe('code actions: ObservabilityPlan', () => {
  describe('OB002 writes the missing alarm with the threshold computed from the model', () => {
    const text = lines(
      ...HEAD,
      'alarms:',
      '  - metric: db.connections',
      '    above: 80%',
      '    runbook: docs/runbooks/db.md',
    );

    it('a queue alarm at its drainTime (30m), as a block item aligned with the others', () => {
      const { title, text: fixed } = fixOf(text, 'OB002', /orders/);
      assert.equal(
        title,
        'Add alarm orders.oldestMessageAge above 30m (its drainTime 30 min); write its runbook at docs/runbooks/orders-oldestmessageage.md',
      );
      assert.ok(
        fixed.endsWith(
          '    runbook: docs/runbooks/db.md\n  - metric: orders.oldestMessageAge\n    above: 30m\n    runbook: docs/runbooks/orders-oldestmessageage.md\n',
        ),
        fixed,
      );
    });

    it('a quota alarm at 80% of its limit (800)', () => {
      const { title, text: fixed } = fixOf(text, 'OB002', /Lambda/);
      assert.match(title, /^Add alarm Lambda concurrency above 800 \(80% of the limit 1,000\); write its runbook/);
      assert.ok(
        fixed.endsWith(
          '  - metric: Lambda concurrency\n    above: 800\n    runbook: docs/runbooks/lambda-concurrency.md\n',
        ),
        fixed,
      );
    });

    it('a connections alarm at 80% of maxConnections (400), into a flow list', () => {
      const flow = lines(...HEAD, 'alarms: [{ metric: orders.oldestMessageAge, above: 30m, runbook: r.md }]');
      const { title, text: fixed } = fixOf(flow, 'OB002', /db\.connections/);
      assert.match(title, /^Add alarm db.connections above 400 \(80% of maxConnections 500\)/);
      assert.ok(
        fixed.includes(
          'alarms: [{ metric: orders.oldestMessageAge, above: 30m, runbook: r.md }, { metric: db.connections, above: 400, runbook: docs/runbooks/db-connections.md }]',
        ),
        fixed,
      );
    });

    it('with connectionsWarnPercent 70: 350 of 500', () => {
      const settings = { ...DEFAULT_SETTINGS, connectionsWarnPercent: 70 };
      const { text: fixed } = fixOf(lines(...HEAD), 'OB002', /db\.connections/, settings);
      assert.ok(
        fixed.includes('alarms: [{ metric: db.connections, above: 350, runbook: docs/runbooks/db-connections.md }]'),
        fixed,
      );
    });

    it('no alarms key: writes one, each fix its own alarm (the finding is bound by its message)', () => {
      const bare = lines(...HEAD);
      const quota = fixOf(bare, 'OB002', /Lambda/);
      assert.ok(quota.text.includes('alarms: [{ metric: Lambda concurrency, above: 800, runbook: '), quota.text);
      const queue = fixOf(bare, 'OB002', /orders/);
      assert.ok(queue.text.includes('alarms: [{ metric: orders.oldestMessageAge, above: 30m, runbook: '), queue.text);
    });
  });

  it('OB001 adds the golden signals a tier lacks to its list', () => {
    const text = lines(...HEAD.map(l => (l.startsWith('  db:') ? '  db: [cpu, connections]' : l)), 'alarms: []');
    const { title, text: fixed } = fixOf(text, 'OB001', /db/);
    assert.equal(title, 'Add latency, traffic, errors, saturation to the signals of "db"');
    assert.ok(fixed.includes('  db: [cpu, connections, latency, traffic, errors, saturation]\n'), fixed);
  });

  it('OB001 adds a tier that is not listed', () => {
    const text = lines(...HEAD.filter(l => !l.startsWith('  db:')));
    const { text: fixed } = fixOf(text, 'OB001', /db/);
    assert.ok(
      fixed.includes('  api: [latency, traffic, errors, saturation]\n  db: [latency, traffic, errors, saturation]\n'),
      fixed,
    );
  });

  describe('OB004 writes what is missing', () => {
    it('trace flags and fields into a block mapping', () => {
      const text = lines(
        ...HEAD.filter(l => !l.startsWith('traces')),
        'traces:',
        '  correlationId: true',
        '  fields:',
        '    - tenant',
        '    - az',
      );
      const { title, text: fixed } = fixOf(text, 'OB004', /^traces/);
      assert.equal(
        title,
        'Add to traces: propagated: true, fields retryCount, timeoutReason, cacheHit, queryClass, queueAge',
      );
      assert.ok(
        fixed.includes(
          'traces:\n  correlationId: true\n  propagated: true\n  fields:\n    - tenant\n    - az\n    - retryCount\n    - timeoutReason\n    - cacheHit\n    - queryClass\n    - queueAge\n',
        ),
        fixed,
      );
    });
    it('logs correlation ID', () => {
      const text = lines(...HEAD.map(l => (l.startsWith('logs') ? 'logs: { format: json }' : l)));
      // `format` is not a logs key: the fix must still add correlationId (PD002 stays as it was).
      const { text: fixed } = fixOf(text, 'OB004', /^logs/);
      assert.ok(fixed.includes('logs: { format: json, correlationId: true }'), fixed);
    });
    it('dashboard views', () => {
      const text = lines(...HEAD.map(l => (l.startsWith('dashboards') ? 'dashboards: [user]' : l)));
      const { title, text: fixed } = fixOf(text, 'OB004', /dashboard/);
      assert.equal(title, 'Add the dashboard views service, dependency, infrastructure');
      assert.ok(fixed.includes('dashboards: [user, service, dependency, infrastructure]'), fixed);
    });
  });

  it('yamlScalar: plain when YAML reads it back as the same string, else quoted', () => {
    assert.equal(yamlScalar('Lambda concurrency (request authorizer)'), 'Lambda concurrency (request authorizer)');
    assert.equal(yamlScalar('db.connections'), 'db.connections');
    assert.equal(yamlScalar('ALB: target conns'), '"ALB: target conns"');
    assert.equal(yamlScalar('a, b'), '"a, b"');
    assert.equal(yamlScalar('true'), '"true"');
    assert.equal(yamlScalar('5xx'), '"5xx"');
  });
});
