// ObservabilityPlan (spec §12): OB001-OB004 firing and not firing, against the capacity
// model of spec §4 held in memory, with the alarm thresholds computed by hand:
//   db.connections:          80% of maxConnections 500     = 400
//   orders.oldestMessageAge: its drainTime                  = 30m
//   Lambda concurrency:      80% of the limit 1,000         = 800
import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { thresholdDuration } from '../../server/src/core/observabilityPlan';
import {
  MemoryHost,
  SPEC_CAPACITY_MODEL,
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  capacityModel,
  expectFinding,
  findingsOf,
  latencyBudget,
  LESSON_SEGMENTS,
  onlyDocument,
  perfdoc,
} from '../fixtures/documents';

const GOLDEN = '[latency, traffic, errors, saturation]';
const ALL_FIELDS = '[tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az]';
const TRACES = `traces: { correlationId: true, propagated: true, fields: ${ALL_FIELDS} }`;
const LOGS = 'logs: { correlationId: true }';
const DASHBOARDS = 'dashboards: [user, service, dependency, infrastructure]';
const ALARMS = [
  'alarms:',
  '  - { metric: db.connections, above: 80%, runbook: docs/runbooks/db-connections.md }',
  '  - { metric: orders.oldestMessageAge, above: 30m, runbook: docs/runbooks/orders.md }',
  '  - { metric: Lambda concurrency, above: 800, runbook: docs/runbooks/lambda.md }',
];

const files = (model = SPEC_CAPACITY_MODEL) =>
  new MemoryHost({ '/work/case-api.perf.yaml': model, '/work/search.perf.yaml': latencyBudget(LESSON_SEGMENTS) });

/** A plan referencing the spec model, with every section healthy unless replaced. */
function plan(
  parts: {
    signals?: string[];
    traces?: string | null;
    logs?: string | null;
    dashboards?: string | null;
    alarms?: string[];
  } = {},
  options: { model?: string; settings?: typeof DEFAULT_SETTINGS } = {},
) {
  const body = [
    'capacity: ./case-api.perf.yaml',
    'budget: ./search.perf.yaml',
    ...(parts.signals ?? ['signals:', `  api: ${GOLDEN}`, `  db: ${GOLDEN}`]),
    ...(parts.traces === null ? [] : [parts.traces ?? TRACES]),
    ...(parts.logs === null ? [] : [parts.logs ?? LOGS]),
    ...(parts.dashboards === null ? [] : [parts.dashboards ?? DASHBOARDS]),
    ...(parts.alarms ?? ALARMS),
    'costMetrics: [costPerRequest]',
  ];
  return analyze(perfdoc('ObservabilityPlan', ...body), '/work/observability.perf.yaml', {
    references: files(options.model),
    ...(options.settings ? { settings: options.settings } : {}),
  });
}

describe('core ObservabilityPlan (spec §12)', () => {
  it('every tier with the golden signals, every resource alarmed, traces, logs and dashboards complete: no findings', () =>
    assertCodes(plan(), []));

  it('follows capacity and budget like a LoadTestPlan (PD004 when they do not resolve)', () => {
    const file = analyze(
      perfdoc('ObservabilityPlan', 'capacity: ./missing.perf.yaml', 'budget: ./case-api.perf.yaml'),
      '/work/o.perf.yaml',
      { references: files() },
    );
    const pd004 = findingsOf(file, 'PD004');
    assert.equal(pd004.length, 2);
    assert.match(pd004[0].message, /^capacity: cannot read missing\.perf\.yaml/);
    assert.match(
      pd004[1].message,
      /^budget: \.\/case-api\.perf\.yaml has no LatencyBudget \(found: CapacityModel "Test"\)/,
    );
    assert.deepEqual(
      onlyDocument(file).references.map(r => [r.key, r.resolved]),
      [
        ['capacity', false],
        ['budget', false],
      ],
    );
  });

  it('the spec §12 example against the spec §4 model: OB001 on db, OB002 for the quota (at 800)', () => {
    const file = plan({
      signals: ['signals:', `  api: ${GOLDEN}`, '  db: [cpu, connections, replicaLag]'],
      alarms: ALARMS.slice(0, 3),
    });
    assertCodes(file, ['OB001', 'OB002']);
    expectFinding(file, 'OB001', {
      severity: 'warning',
      message:
        'tier "db" lacks the golden signals latency, traffic, errors, saturation: metrics must exist per critical tier (§14.1, §18.6)',
      at: 'db: [cpu',
      covers: 'db',
      data: { tier: 'db', missing: ['latency', 'traffic', 'errors', 'saturation'] },
    });
    expectFinding(file, 'OB002', {
      severity: 'warning',
      message:
        'no alarm on quota "Lambda concurrency": add Lambda concurrency above 800 (80% of the limit 1,000) so the limit is seen before it is hit (§7.1, §18.4, §18.6)',
      at: 'alarms:',
      covers: 'alarms',
      data: { metric: 'Lambda concurrency', above: '800' },
    });
  });

  describe('OB001 a tier without the four golden signals', () => {
    it('one signal missing names it', () => {
      const file = plan({ signals: ['signals:', `  api: [latency, traffic, errors]`, `  db: ${GOLDEN}`] });
      const f = expectFinding(file, 'OB001', {
        severity: 'warning',
        message: 'tier "api" lacks the golden signal saturation: metrics must exist per critical tier (§14.1, §18.6)',
      });
      assertAt(file, f, 'api:', 'api');
    });

    it('a tier of the model not listed at all, on the signals key', () => {
      const file = plan({ signals: ['signals:', `  api: ${GOLDEN}`] });
      const f = expectFinding(file, 'OB001', {
        severity: 'warning',
        message:
          'tier "db" of the capacity model has no signals: measure its latency, traffic, errors and saturation (§14.1, §18.6)',
      });
      assertAt(file, f, 'signals:', 'signals');
    });

    it('without a capacity model, the tiers listed under signals are held to the four', () => {
      const file = analyze(
        perfdoc('ObservabilityPlan', 'signals:', `  api: ${GOLDEN}`, '  worker: [latency]', TRACES, LOGS, DASHBOARDS),
      );
      assertCodes(file, ['OB001']);
      assert.match(
        findingsOf(file, 'OB001')[0].message,
        /^tier "worker" lacks the golden signals traffic, errors, saturation/,
      );
    });

    it('extra §14.2 metrics beside the four do not matter; a tier listed but not in the model is not judged', () => {
      assertNo(
        plan({
          signals: [
            'signals:',
            `  api: [cpu, latency, traffic, errors, saturation]`,
            `  db: ${GOLDEN}`,
            '  edge: [cacheHitRate]',
          ],
        }),
        'OB001',
      );
    });
  });

  describe('OB002 a constrained resource without an alarm', () => {
    it('each of the three kinds, with the threshold computed from the model', () => {
      const file = plan({ alarms: [] });
      const ob002 = findingsOf(file, 'OB002');
      assert.deepEqual(
        ob002.map(f => f.data),
        [
          { metric: 'Lambda concurrency', above: '800' },
          { metric: 'db.connections', above: '400' },
          { metric: 'orders.oldestMessageAge', above: '30m' },
        ],
      );
      assert.equal(
        ob002[1].message,
        'no alarm on connections into data tier "db": add db.connections above 400 (80% of maxConnections 500) so the limit is seen before it is hit (§7.1, §18.4, §18.6)',
      );
      assert.equal(
        ob002[2].message,
        'no alarm on queue "orders": add orders.oldestMessageAge above 30m (its drainTime 30 min) so the limit is seen before it is hit (§7.1, §18.4, §18.6)',
      );
      // Without an alarms key the findings sit on the document's first line.
      assert.equal(file.text.slice(ob002[0].start, ob002[0].end), 'apiVersion: perfdoc/v1');
    });

    it('an alarm covers a resource by its metric name only; a near miss does not', () => {
      const file = plan({
        alarms: ['alarms:', '  - { metric: db.connection, above: 80%, runbook: r.md }', ...ALARMS.slice(2)],
      });
      assert.deepEqual(
        findingsOf(file, 'OB002').map(f => f.data?.metric),
        ['db.connections'],
      );
    });

    it('thresholds follow the settings: 70% of 500 = 350 connections, 90% of 1,000 = 900', () => {
      const settings = { ...DEFAULT_SETTINGS, connectionsWarnPercent: 70, quotaWarnPercent: 90 };
      const file = plan({ alarms: [] }, { settings });
      assert.deepEqual(
        findingsOf(file, 'OB002').map(f => f.data?.above),
        ['900', '350', '30m'],
      );
    });

    it('a share is rounded down to a whole count (80% of 333 = 266.4 → 266); a queue without drainTime takes its drain time with the declared workers', () => {
      const model = capacityModel(
        '{ peakRps: 2000, latency: 150ms }',
        '{ safetyFactor: 1.5 }',
        'tiers:',
        '  - { name: db, maxConnections: 333 }',
        'queues:',
        // 2,000,000 / (20 × 40/s) = 2,500 s
        '  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, workers: 20 }',
      );
      const file = plan({ signals: ['signals:', `  db: ${GOLDEN}`], alarms: [] }, { model });
      assert.deepEqual(
        findingsOf(file, 'OB002').map(f => f.data),
        [
          { metric: 'db.connections', above: '266' },
          { metric: 'orders.oldestMessageAge', above: '2500s' },
        ],
      );
    });

    it('no capacity model: nothing to alarm, no OB002', () =>
      assertNo(analyze(perfdoc('ObservabilityPlan', TRACES, LOGS, DASHBOARDS)), 'OB002'));
  });

  describe('OB003 an alarm without a runbook', () => {
    it('fires on the alarm, information', () => {
      const file = plan({ alarms: [...ALARMS.slice(0, 3), '  - { metric: Lambda concurrency, above: 800 }'] });
      const f = expectFinding(file, 'OB003', {
        severity: 'information',
        message: 'alarm on Lambda concurrency has no runbook: an alarm is actionable when it says what to do (§18.6)',
      });
      assertAt(file, f, 'metric: Lambda concurrency, above: 800 }', 'metric: Lambda concurrency');
    });
    it('not with a runbook', () => assertNo(plan(), 'OB003'));
  });

  describe('OB004 traces, logs or dashboards incomplete (§14.3)', () => {
    it('missing trace fields and propagation, on traces', () => {
      const file = plan({ traces: 'traces: { correlationId: true, fields: [tenant, az] }' });
      expectFinding(file, 'OB004', {
        severity: 'information',
        message:
          'traces lack propagated: true (trace ID across services, dependency span timings); fields retryCount, timeoutReason, cacheHit, queryClass, queueAge (§14.3)',
        at: 'traces:',
        covers: 'traces',
      });
    });
    it('no correlation ID in logs', () => {
      const file = plan({ logs: 'logs: { correlationId: false }' });
      expectFinding(file, 'OB004', {
        severity: 'information',
        message: 'logs lack correlationId: true: logs must include the correlation ID (§14.3, §18.6)',
        at: 'logs:',
        covers: 'logs',
      });
    });
    it('dashboard views missing of the four', () => {
      const file = plan({ dashboards: 'dashboards: [user, service]' });
      expectFinding(file, 'OB004', {
        severity: 'information',
        message:
          'no dependency, infrastructure dashboard view: dashboards separate user, service, dependency and infrastructure views (§18.6)',
      });
    });
    it('none of the three written: three findings', () =>
      assert.equal(findingsOf(plan({ traces: null, logs: null, dashboards: null }), 'OB004').length, 3));
    it('not when all seven fields, both flags, logs and the four views are there', () => assertNo(plan(), 'OB004'));
  });

  it('metrics: tiers without signals, required alarms with thresholds, gaps', () => {
    const doc = onlyDocument(plan({ signals: ['signals:', `  api: ${GOLDEN}`], alarms: ALARMS.slice(0, 2) }));
    assert.deepEqual(doc.metrics, {
      tiersWithoutGoldenSignals: ['db'],
      requiredAlarms: [
        { metric: 'Lambda concurrency', above: '800', covered: false },
        { metric: 'db.connections', above: '400', covered: true },
        { metric: 'orders.oldestMessageAge', above: '30m', covered: false },
      ],
      missingAlarms: ['Lambda concurrency', 'orders.oldestMessageAge'],
      alarmsWithoutRunbook: 0,
      missingTraceFields: [],
      tracesCorrelated: true,
      logsCorrelationId: true,
      missingDashboards: [],
    });
  });

  it('schema: unknown keys, a trace field or dashboard view outside the lists, an alarm without metric are PD002', () => {
    const file = analyze(
      perfdoc(
        'ObservabilityPlan',
        'signal: {}',
        'traces: { fields: [tenant, userId] }',
        'dashboards: [user, ops]',
        'alarms:',
        '  - { above: 80% }',
      ),
    );
    const messages = findingsOf(file, 'PD002').map(f => f.message);
    assert.ok(
      messages.some(m => /unknown key "signal".*did you mean "signals"/.test(m)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some(m => m.startsWith('traces.fields[1] must be one of: tenant')),
      messages.join('\n'),
    );
    assert.ok(
      messages.some(m => m.startsWith('dashboards[1] must be one of: user')),
      messages.join('\n'),
    );
    assert.ok(
      messages.some(m => m === 'alarms[0] is missing required key "metric"'),
      messages.join('\n'),
    );
  });

  it('half-typed documents give diagnostics, never a crash', () => {
    for (const body of [
      ['signals:'],
      ['signals: [api]'],
      ['signals:', '  api:'],
      ['alarms:', '  -'],
      ['alarms: {}'],
      ['traces: true'],
      ['traces: { fields: tenant }'],
      ['capacity: 42'],
    ])
      analyze(perfdoc('ObservabilityPlan', 'capacity: ./case-api.perf.yaml', ...body), '/work/o.perf.yaml', {
        references: files(),
      });
  });

  it('thresholdDuration writes whole units as a person would', () => {
    assert.equal(thresholdDuration(30 * 60_000), '30m');
    assert.equal(thresholdDuration(2 * 3_600_000), '2h');
    assert.equal(thresholdDuration(90_000), '90s');
    assert.equal(thresholdDuration(1500), '1500ms');
  });
});
