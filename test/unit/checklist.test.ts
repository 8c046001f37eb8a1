// The §18 production review checklist judged from documents: every one of the 36 items on
// a workload that satisfies it and on one that does not (a single change to the healthy
// workload), the statuses read from findings (a `timeout: 100` without a unit is PD003, not
// a missing timeout), the workload grouping, and the Markdown report.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileAnalysis, ReferenceHost, analyzeFile } from '../../server/src/core/analyze';
import {
  CHECKLIST_ITEM_COUNT,
  CHECKLIST_SECTIONS,
  ChecklistItem,
  checklistComment,
  checklistReport,
  reviewChecklist,
  workloadChecklist,
} from '../../server/src/core/checklist';
import { workloads } from '../../server/src/core/workloads';
import { codeActions } from '../../server/src/service/codeActions';
import type { TextEdit } from '../../server/src/service/types';
import type { Finding } from '../../server/src/core/types';
import { LESSON_SEGMENTS, LESSON_TARGET, MemoryHost, perfdoc } from '../fixtures/documents';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const disk: ReferenceHost = {
  documentsOf: p => (fs.existsSync(p) ? analyzeFile(p, fs.readFileSync(p, 'utf8')).documents : { error: 'missing' }),
};
const example = (name: string): FileAnalysis => {
  const p = path.join(EXAMPLES, name);
  return analyzeFile(p, fs.readFileSync(p, 'utf8'), { references: disk });
};

// --- a healthy workload: every item satisfied but "scaling metric matches bottleneck" (a person's, see below) ---

const BUDGET = perfdoc(
  'LatencyBudget',
  'region: eu-west-1',
  `target: ${LESSON_TARGET}`,
  'segments:',
  ...LESSON_SEGMENTS.map(s => `  ${s}`),
);
const MODEL_PARTS = {
  traffic: 'traffic: { peakRps: 2000, burstMultiplier: 6, latency: 150ms, p95Latency: 450ms, writeRatio: 20% }',
  headroom: 'headroom: { safetyFactor: 1.5, maxUtilization: 70% }',
  api: '  - { name: api, unitRps: 300, units: { min: 6, max: 21 }, zones: 3, connectionsPerUnit: 10, dependsOn: [db] }',
  db: '  - { name: db, maxConnections: 500 }',
  quota: '  - { name: Lambda concurrency, limit: 1000, measures: concurrency, scope: region, adjustable: true }',
  queue: '  - { name: orders, backlog: 100000, ratePerWorker: 50/s, drainTime: 10m, workers: 5, dependsOn: [db] }',
  scaling: [
    '  - { tier: api, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s, warmup: 180s }',
    '  - { tier: api, policy: scheduled, metric: schedule, cooldown: 300s }',
  ],
};
type ModelParts = typeof MODEL_PARTS;
const model = (p: Partial<ModelParts> = {}) => {
  const m = { ...MODEL_PARTS, ...p };
  return perfdoc(
    'CapacityModel',
    m.traffic,
    m.headroom,
    'tiers:',
    m.api,
    m.db,
    ...(m.quota ? ['quotas:', m.quota] : []),
    ...(m.queue ? ['queues:', m.queue] : []),
    ...(m.scaling.length ? ['scaling:', ...m.scaling] : []),
  );
};

const CRITERIA = 'criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% }';
const DATA = 'data: { volume: 40M cases, tenants: 1200, distribution: zipf }';
const MIX = 'mix: { search: 70%, view: 10%, update: 20% }, writeRatio: 20%';
const TESTS: Record<string, string> = {
  smoke: `  - { type: smoke, rps: 20, duration: 5m, cache: warm, ${DATA}, ${CRITERIA} }`,
  load: `  - { type: load, rps: 2000, duration: 30m, cache: warm, ${DATA}, ${MIX}, ${CRITERIA} }`,
  cold: `  - { type: baseline, rps: 1000, duration: 30m, cache: cold, ${DATA}, ${CRITERIA} }`,
  stress: `  - { type: stress, rps: 6000, duration: 40m, rampUp: 30m, ${DATA}, ${MIX}, ${CRITERIA} }`,
  spike: `  - { type: spike, rps: 2000, duration: 10m, rampUp: 10s, ${DATA}, ${MIX}, ${CRITERIA} }`,
  soak: `  - { type: soak, rps: 1000, duration: 8h, ${DATA}, ${MIX}, ${CRITERIA} }`,
  failover: `  - { type: failover, rps: 2000, duration: 30m, inject: [zone-lost], ${DATA}, ${CRITERIA} }`,
  drain: `  - { type: backlog-drain, rps: 2000, duration: 30m, ${DATA}, ${CRITERIA} }`,
};
const plan = (tests: Record<string, string | null> = {}, head = ['budget: ./budget.perf.yaml']) =>
  perfdoc(
    'LoadTestPlan',
    ...head,
    'capacity: ./model.perf.yaml',
    'tests:',
    ...Object.values({ ...TESTS, ...tests }).filter((t): t is string => t !== null),
  );

const OBS_PARTS = {
  signals: [
    'signals:',
    '  api: [latency, traffic, errors, saturation]',
    '  db: [latency, traffic, errors, saturation]',
  ],
  traces:
    'traces: { correlationId: true, propagated: true, fields: [tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az] }',
  logs: 'logs: { correlationId: true }',
  dashboards: 'dashboards: [user, service, dependency, infrastructure]',
  alarms: [
    'alarms:',
    '  - { metric: Lambda concurrency, above: 800, runbook: docs/runbooks/lambda.md }',
    '  - { metric: db.connections, above: 80%, runbook: docs/runbooks/db.md }',
    '  - { metric: orders.oldestMessageAge, above: 10m, runbook: docs/runbooks/orders.md }',
  ],
  cost: 'costMetrics: [costPerRequest]',
};
const observability = (p: Partial<typeof OBS_PARTS> = {}) => {
  const o = { ...OBS_PARTS, ...p };
  return perfdoc(
    'ObservabilityPlan',
    'capacity: ./model.perf.yaml',
    'budget: ./budget.perf.yaml',
    ...o.signals,
    o.traces,
    o.logs,
    o.dashboards,
    ...o.alarms,
    o.cost,
  );
};

interface Workload {
  budget?: string;
  model?: string;
  plan?: string;
  observability?: string;
}
const HEALTHY: Required<Workload> = { budget: BUDGET, model: model(), plan: plan(), observability: observability() };
const FILE: Record<keyof Workload, string> = {
  budget: '/ws/budget.perf.yaml',
  model: '/ws/model.perf.yaml',
  plan: '/ws/plan.perf.yaml',
  observability: '/ws/observability.perf.yaml',
};

function analyzed(w: Workload): FileAnalysis[] {
  const texts = Object.fromEntries(
    (Object.keys(FILE) as (keyof Workload)[]).flatMap(k => (w[k] === undefined ? [] : [[FILE[k], w[k]!]])),
  );
  const host = new MemoryHost(texts);
  return Object.entries(texts).map(([p, t]) => analyzeFile(p, t, { references: host }));
}
const checklistOf = (w: Workload) => workloadChecklist(analyzed(w).flatMap(f => f.documents));
function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}
const item = (list: ChecklistItem[], text: string): ChecklistItem => {
  const found = list.find(i => i.text === text);
  assert.ok(found, `no item "${text}" in ${JSON.stringify(list.map(i => i.text))}`);
  return found;
};

/** For each item: a change to the healthy workload that leaves it open, and what the detail says then. */
const OPEN_WHEN: [text: string, change: Workload, detail: RegExp][] = [
  // §18.1
  [
    'User-visible latency target is defined',
    {
      budget: perfdoc(
        'LatencyBudget',
        'region: eu-west-1',
        'target: { p50: 150ms, p99: 1200ms, timeout: 2s }',
        'segments: [{ name: a, budget: 10ms }]',
      ),
    },
    /^set target\.p95/,
  ],
  [
    'p50/p95/p99 targets are defined',
    { budget: BUDGET.replace(LESSON_TARGET, '{ p50: 150ms, p95: 500ms, timeout: 2s }') },
    /^add p99 to target \(quick fix on LB003\)/,
  ],
  ['Timeout budget exists', { budget: BUDGET.replace(', timeout: 2s', '') }, /^add target\.timeout/],
  [
    'Critical path is documented',
    { budget: perfdoc('LatencyBudget', 'region: eu-west-1', `target: ${LESSON_TARGET}`, 'segments: []') },
    /^list the request path/,
  ],
  [
    'No accidental synchronous cross-region call exists',
    { budget: BUDGET.replace('budget: 80ms }', 'budget: 80ms, region: us-east-1 }') },
    /^"Application processing" call another region synchronously \(LB010\)/,
  ],
  [
    'External dependencies have explicit timeout and retry policy',
    { budget: BUDGET.replace('dependency: elasticache, timeout: 50ms', 'dependency: elasticache') },
    /^add a timeout to "Cache lookup" \(LB005\)$/,
  ],
  // §18.2
  [
    'Peak RPS/message rate is estimated',
    { model: model({ traffic: 'traffic: { latency: 150ms, burstMultiplier: 6 }' }) },
    /^set traffic\.peakRps/,
  ],
  [
    'Burst multiplier is estimated',
    { model: model({ traffic: MODEL_PARTS.traffic.replace('burstMultiplier: 6, ', '') }) },
    /^add traffic\.burstMultiplier/,
  ],
  [
    'Concurrency is estimated',
    { model: model({ traffic: MODEL_PARTS.traffic.replace('latency: 150ms, p95Latency: 450ms, ', '') }) },
    /^add traffic\.latency/,
  ],
  [
    'Per-tier bottlenecks are identified',
    { model: model({ db: '  - { name: db }' }) },
    /^give "db" a unitRps or maxConnections/,
  ],
  [
    'Headroom is defined',
    { model: model({ headroom: 'headroom: { maxUtilization: 70% }' }) },
    /^add headroom\.safetyFactor \(CM008\)/,
  ],
  [
    'Failover capacity is modeled',
    { model: model({ api: MODEL_PARTS.api.replace('zones: 3', 'zones: 1') }) },
    /^"api" cannot carry the peak/,
  ],
  // §18.3
  ['Scaling metric matches bottleneck', { model: model({ scaling: [] }) }, /^add scaling policies/],
  [
    'Scale-out time is known',
    { model: model({ scaling: [MODEL_PARTS.scaling[0].replace(', warmup: 180s', '')] }) },
    /^add scaleOutTime: \(or warmup:.*"api"/,
  ],
  [
    'Cooldown is configured',
    { model: model({ scaling: [MODEL_PARTS.scaling[0].replace(' cooldown: 300s,', '')] }) },
    /^add cooldown: to the scaling of "api" \(CM007\)/,
  ],
  [
    'Max capacity protects dependencies',
    { model: model({ api: MODEL_PARTS.api.replace('connectionsPerUnit: 10', 'connectionsPerUnit: 30') }) },
    /CM003/, // 21 × 30 = 630 of 500
  ],
  [
    'Pre-scaling exists for predictable spikes',
    { model: model({ scaling: [MODEL_PARTS.scaling[0]] }) },
    /^add a policy: scheduled/,
  ],
  ['Queue drain time is tested', { plan: plan({ drain: null }) }, /^add a backlog-drain test/],
  // §18.4
  [
    'Service quotas are reviewed',
    { model: model({ quota: MODEL_PARTS.quota.replace('limit: 1000', 'limit: 200') }) }, // 300 in flight
    /^"Lambda concurrency" exceeded at peak \(CM005\)/,
  ],
  [
    'Regional/account quotas are reviewed',
    { model: model({ quota: MODEL_PARTS.quota.replace(' scope: region,', '') }) },
    /^give "Lambda concurrency" a scope:/,
  ],
  [
    'Quota increase requests are submitted where needed',
    { model: model({ quota: MODEL_PARTS.quota.replace('limit: 1000', 'limit: 800') }) }, // 900 at p95: CM005 warning
    /^request an increase for "Lambda concurrency"/,
  ],
  [
    'Non-adjustable quotas are documented',
    { model: model({ quota: MODEL_PARTS.quota.replace(', adjustable: true', '') }) },
    /^state adjustable: for "Lambda concurrency"/,
  ],
  [
    'Quota alarms exist for critical limits',
    { observability: observability({ alarms: OBS_PARTS.alarms.filter(a => !a.includes('Lambda')) }) },
    /^add alarms: Lambda concurrency above 800 \(OB002\)/,
  ],
  // §18.5
  ['Production-like data exists', { plan: plan({ soak: TESTS.soak.replace(`${DATA}, `, '') }) }, /"soak" have none/],
  [
    'Request mix is realistic',
    { plan: plan({ load: TESTS.load.replace('writeRatio: 20%', 'writeRatio: 5%') }) },
    /^state writeRatio: 20% on "load", the capacity model's share of writes/,
  ],
  ['Cache warm and cold tests are run', { plan: plan({ cold: null }) }, /^add a test with cache: cold \(LT005\)/],
  ['Soak test is run', { plan: plan({ soak: null }) }, /^add a soak test/],
  ['Spike test is run', { plan: plan({ spike: null }) }, /^add a spike test/],
  ['Failure load test is run', { plan: plan({ failover: null }) }, /^add a failover test/],
  ['Results are compared to SLO', { plan: plan({}, []) }, /^reference the LatencyBudget with budget:/],
  // §18.6
  [
    'Metrics exist per critical tier',
    { observability: observability({ signals: ['signals:', '  api: [latency, traffic, errors, saturation]'] }) },
    /^db lacks latency, traffic, errors, saturation \(OB001\)/,
  ],
  [
    'Traces show dependency timings',
    { observability: observability({ traces: 'traces: { correlationId: true }' }) },
    /^set traces\.correlationId and traces\.propagated/,
  ],
  ['Logs include correlation ID', { observability: observability({ logs: 'logs: {}' }) }, /^set logs\.correlationId/],
  [
    'Dashboards separate user, service, dependency, and infrastructure view',
    { observability: observability({ dashboards: 'dashboards: [user]' }) },
    /^add the service, dependency, infrastructure views/,
  ],
  [
    'Alarms are actionable',
    {
      observability: observability({
        alarms: [...OBS_PARTS.alarms.slice(0, 3), '  - { metric: orders.oldestMessageAge, above: 10m }'],
      }),
    },
    /^give "orders\.oldestMessageAge" a runbook \(OB003\)/,
  ],
  [
    'Cost-performance metrics are visible',
    { observability: observability({ cost: 'costMetrics: []' }) },
    /^add costMetrics:/,
  ],
];

describe('checklist: the 36 items of §18, judged from documents', () => {
  const healthy = checklistOf(HEALTHY);

  it('lists the 36 items once, in the lesson order of the six sections', () => {
    assert.equal(CHECKLIST_ITEM_COUNT, 36);
    assert.equal(healthy.length, 36);
    assert.deepEqual(
      Object.keys(CHECKLIST_SECTIONS).map(s => healthy.filter(i => i.section === s).length),
      [6, 6, 6, 5, 7, 6],
    );
    assert.equal(new Set(OPEN_WHEN.map(([t]) => t)).size, 36, 'every item has its open case below');
  });

  it('a healthy workload satisfies all of them but the one a person must confirm', () => {
    const notSatisfied = healthy.filter(i => i.status !== 'satisfied').map(i => [i.text, i.status]);
    // With a plain unitRps the tier's bottleneck is not named, so the metric cannot be checked (CM011).
    assert.deepEqual(notSatisfied, [['Scaling metric matches bottleneck', 'review']]);
  });

  for (const [text, change, detail] of OPEN_WHEN) {
    it(`open: ${text}`, () => {
      const i = item(checklistOf({ ...HEALTHY, ...change }), text);
      assert.equal(i.status, 'open', `${text}: ${i.detail}`);
      assert.match(i.detail, detail);
      assert.equal(item(healthy, text).status === 'open', false);
    });
  }

  it('details of satisfied items give the figures', () => {
    assert.equal(
      item(healthy, 'Concurrency is estimated').detail,
      "300 in flight at peak, 900 at p95 latency (Little's law)",
    );
    assert.equal(item(healthy, 'Regional/account quotas are reviewed').detail, 'Lambda concurrency: region');
    assert.equal(item(healthy, 'Request mix is realistic').detail, "mix on 4 tests, writes at the model's 20%");
    assert.equal(
      item(healthy, 'Quota alarms exist for critical limits').detail,
      'Lambda concurrency above 800, db.connections above 80%, orders.oldestMessageAge above 10m',
    );
    assert.equal(item(healthy, 'Production-like data exists').detail, '40M cases, 1200, zipf');
  });

  it('judged from the typed models, not the text: values read as the rules read them', () => {
    assert.equal(item(healthy, 'Scale-out time is known').detail, 'api warmup 3 min');
    assert.equal(item(healthy, 'Cooldown is configured').detail, 'api cooldown 5 min');
    // `data:` may be free text (the schema allows a string), and it describes the data.
    const prose = TESTS.soak.replace(DATA, 'data: "a copy of production, 2026-11"');
    const data = item(checklistOf({ ...HEALTHY, plan: plan({ soak: prose }) }), 'Production-like data exists');
    assert.equal(data.status, 'satisfied', data.detail);
    assert.equal(data.detail, '40M cases, 1200, zipf, a copy of production, 2026-11');
    // The model's writeRatio as a fraction is the same 20%: 0.2 and 20% agree, 5% is 15 points off.
    const fraction = model({ traffic: MODEL_PARTS.traffic.replace('writeRatio: 20%', 'writeRatio: 0.2') });
    assert.equal(item(checklistOf({ ...HEALTHY, model: fraction }), 'Request mix is realistic').status, 'satisfied');
    const off = plan({ load: TESTS.load.replace('writeRatio: 20%', 'writeRatio: 0.05') });
    assert.match(
      item(checklistOf({ ...HEALTHY, model: fraction, plan: off }), 'Request mix is realistic').detail,
      /^state writeRatio: 20% on "load"/,
    );
    // A requested increase, as a count: 1,500, and a quota that is not adjustable.
    const quota = MODEL_PARTS.quota.replace('adjustable: true', 'adjustable: false, increaseRequested: 1500');
    const tight = model({ quota: quota.replace('limit: 1000', 'limit: 800') }); // 900 at p95: CM005 warning
    const quotas = checklistOf({ ...HEALTHY, model: tight });
    assert.equal(
      item(quotas, 'Quota increase requests are submitted where needed').detail,
      'Lambda concurrency: 1,500 requested',
    );
    assert.equal(item(quotas, 'Non-adjustable quotas are documented').detail, 'not adjustable: "Lambda concurrency"');
  });

  it('a scale-out time without a unit is PD003, not a missing time: the item offers its fix', () => {
    const unitless = model({ scaling: [MODEL_PARTS.scaling[0].replace('warmup: 180s', 'warmup: 180')] });
    const i = item(checklistOf({ ...HEALTHY, model: unitless }), 'Scale-out time is known');
    assert.equal(i.status, 'open');
    assert.match(i.detail, /^warmup cannot be read \(PD003\): /);
    assert.equal((i.fix as { finding: Finding }).finding.code, 'PD003');
  });

  it('a workload without a kind leaves its items open, saying which document to add', () => {
    const list = checklistOf({ budget: BUDGET });
    assert.equal(list.filter(i => i.status === 'open').length, 30);
    assert.equal(
      item(list, 'Cost-performance metrics are visible').detail,
      'no ObservabilityPlan in this workload: add an ObservabilityPlan that shows it',
    );
  });

  it('issue 11: a `timeout: 100` without a unit is PD003, not a missing timeout: the item follows LB005', () => {
    const file = analyzeFile(
      '/ws/b.perf.yaml',
      BUDGET.replace('dependency: elasticache, timeout: 50ms', 'dependency: elasticache, timeout: 50'),
    );
    const codes = file.documents[0].findings.map(f => f.code);
    assert.ok(codes.includes('PD003') && !codes.includes('LB005'), codes.join());
    const i = item(reviewChecklist(file.documents[0]), 'External dependencies have explicit timeout and retry policy');
    assert.equal(i.status, 'satisfied', i.detail);
  });

  it('segments in two regions without a home region leave the cross-region item open with LB010 (§9)', () => {
    const budget = (second: string) =>
      reviewChecklist(
        analyzeFile(
          '/ws/b.perf.yaml',
          perfdoc(
            'LatencyBudget',
            'target: { p95: 300ms }',
            'segments:',
            '  - { name: Edge, budget: 60ms, region: us-east-1 }',
            `  - { name: Ledger, budget: 60ms, region: ${second} }`,
          ),
        ).documents[0],
      );
    const crossing = item(budget('eu-west-1'), 'No accidental synchronous cross-region call exists');
    assert.deepEqual(
      [crossing.status, crossing.detail],
      ['open', 'synchronous segments run in two or more regions with no home region (LB010): declare region:'],
    );
    assert.match(
      item(budget('us-east-1'), 'No accidental synchronous cross-region call exists').detail,
      /^declare region: on the budget/,
    );
  });

  it('per document: the items of its kind only', () => {
    const [b, m, p, o] = analyzed(HEALTHY).map(f => reviewChecklist(f.documents[0]).length);
    assert.deepEqual([b, m, p, o], [6, 15, 8, 7]);
  });
});

describe('checklist: workloads', () => {
  it('documents that reference each other form one workload; an unrelated one its own', () => {
    const files = [
      ...analyzed(HEALTHY),
      analyzeFile('/ws/other.perf.yaml', perfdoc('LatencyBudget', `target: ${LESSON_TARGET}`, 'segments: []')),
    ];
    assert.deepEqual(
      workloads(files).map(w => w.documents.map(d => d.file.path)),
      [[FILE.budget, FILE.model, FILE.plan, FILE.observability], ['/ws/other.perf.yaml']],
    );
  });
});

describe('checklist: comment and report', () => {
  it('the comment of the source action lists exactly the items that are not satisfied, by section', () => {
    const doc = example('queue-drain.perf.yaml').documents[0];
    const comment = checklistComment(doc);
    const open = reviewChecklist(doc).filter(i => i.status !== 'satisfied');
    assert.deepEqual(
      comment.filter(l => l.startsWith('[ ] ')).map(l => l.slice(4, l.indexOf(' — '))),
      open.map(i => i.text),
    );
    assert.deepEqual(
      comment.filter(l => l.startsWith('§')),
      ['§18.2 Capacity', '§18.3 Scaling', '§18.4 Quotas'],
    );
  });

  it('the report: per workload, its documents and the 36 items with ✓, ☐ or ?', () => {
    const md = checklistReport(
      [
        'search-api.perf.yaml',
        'case-api-capacity.perf.yaml',
        'case-search-loadtest.perf.yaml',
        'case-api-observability.perf.yaml',
      ].map(example),
    );
    assert.match(md, /^# Production review checklist\n/);
    assert.match(
      md,
      /\n4 documents in 4 files, 1 workload: \d+ of 36 items satisfied, \d+ open, \d+ to confirm by hand\.\n/,
    );
    assert.match(
      md,
      /## Workload 1: Case API, Case search, Search case API\n\n- CapacityModel "Case API" \(case-api-capacity\.perf\.yaml\)\n/,
    );
    assert.match(md, /- ✓ Concurrency is estimated: 300 in flight at peak, 900 at p95 latency \(Little's law\)\n/);
    assert.match(md, /- \? Scaling metric matches bottleneck \(by hand\): /);
    const [, done, total, open, byHand] = /: (\d+) of (\d+) items satisfied, (\d+) open, (\d+) to confirm/
      .exec(md)!
      .map(Number);
    assert.equal(done + open + byHand, total);
    assert.equal((md.match(/^- ✓ /gm) ?? []).length, done);
    assert.equal((md.match(/^- ☐ /gm) ?? []).length, open);
  });

  it('says so when no perfdoc document is open', () => {
    assert.match(checklistReport([analyzeFile('/ws/notes.md', '# just prose\n')]), /No perfdoc documents are open\./);
  });
});

describe('checklist: each open item has a quick fix that inserts what it asks for', () => {
  it('all but those whose remedy is a design change or a figure only the team knows', () => {
    const without = OPEN_WHEN.filter(([text, change]) => !item(checklistOf({ ...HEALTHY, ...change }), text).fix).map(
      ([text]) => text,
    );
    assert.deepEqual(without, [
      'Critical path is documented', // the request path itself
      'No accidental synchronous cross-region call exists', // make the call async or read locally
      'Peak RPS/message rate is estimated', // the traffic estimate
      'Concurrency is estimated', // the request latency
      'Per-tier bottlenecks are identified', // what one unit serves
      'Failover capacity is modeled', // more units or zones: a sizing decision
      'Max capacity protects dependencies', // smaller pools or fewer units
      'Service quotas are reviewed', // usage over the limit: a design change (§7.3)
      'Results are compared to SLO', // which budget file
    ]);
  });

  const FIELD = {
    LatencyBudget: 'budget',
    CapacityModel: 'model',
    LoadTestPlan: 'plan',
    ObservabilityPlan: 'observability',
  } as const;
  it('each fix offered (a source action on the kind line) changes its item and leaves the documents valid', () => {
    let offered = 0;
    for (const [text, change] of OPEN_WHEN) {
      const w = { ...HEALTHY, ...change };
      const files = analyzed(w);
      const open = item(workloadChecklist(files.flatMap(f => f.documents)), text);
      const field = FIELD[open.kind];
      const file = files.find(f => f.path === FILE[field])!;
      const kindAt = file.text.indexOf('kind:');
      const actions = codeActions(file, kindAt, kindAt, []).filter(a => a.title.endsWith(`(§${open.section} ${text})`));
      // A fix whose field the schema does not (yet) allow is not offered: it would be PD002.
      assert.ok(actions.length <= (open.fix ? 1 : 0), `${text}: ${actions.map(a => a.title).join('; ')}`);
      if (!actions.length) continue;
      offered++;
      assert.equal(actions[0].kind, 'source.addChecklist');
      const fixed = { ...w, [field]: apply(file.text, actions[0].edits) };
      const after = item(checklistOf(fixed), text);
      assert.ok(after.status !== 'open' || after.detail !== open.detail, `"${actions[0].title}" changed nothing`);
      const schema = (ws: Workload) =>
        analyzed(ws)
          .flatMap(f => f.documents.flatMap(d => d.findings))
          .filter(f => ['PD001', 'PD002'].includes(f.code)).length;
      assert.ok(schema(fixed) <= schema(w), `"${actions[0].title}" leaves a schema problem`);
    }
    assert.ok(offered >= 18, `${offered} fixes offered`);
  });
});
