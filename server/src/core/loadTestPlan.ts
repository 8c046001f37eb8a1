// LoadTestPlan (spec §5, §11; lesson §13, §18.5): coverage of the eight test types, the
// §13.2 inputs, success criteria held against the budget and the capacity model they
// reference, test shapes that can teach something, and a run's results judged against it all.
import { AnalysisSettings, DEFAULT_SETTINGS, Metrics } from './types';
import { PMap, PScalar, PSeq, mapGet } from './yamlTree';
import { Quantity, Reader, firstLine, keyRange } from './reader';
import { formatMs, formatNumber, formatPercent, parseCount, parseDuration, parseRatio } from './units';
import type { LatencyAnalysis } from './latencyBudget';
import type { CapacityAnalysis } from './capacityModel';
import { capacityFacts } from './loadTestCapacity';
import { constraintLabel } from './capacity/summary';
import { parseResults } from './results/parse';
import { MEASURED_KEYS, MeasuredFigures, MeasuredResults } from './results/types';
import { DesignFigures, JudgedTest, ResultVerdict, judgeResults } from './results/judge';

/** The eight test types of §13.1, in the spec's order. */
export const TEST_TYPES = [
  'smoke',
  'baseline',
  'load',
  'stress',
  'spike',
  'soak',
  'failover',
  'backlog-drain',
] as const;
export type TestType = (typeof TEST_TYPES)[number];

/** Failure injections of §13.4, as `inject:` names them (spec §11). */
export const INJECTIONS = [
  'zone-lost',
  'cache-unavailable',
  'replica-lag',
  'db-failover',
  'dependency-latency',
  'consumer-disabled',
  'downstream-429',
  'dns-failover',
  'quota-constrained',
  'deploy',
] as const;

export const CRITERIA = ['p50', 'p95', 'p99'] as const;
export type LatencyCriterion = (typeof CRITERIA)[number];

/** `criteria.resources`: `<tier or queue or service>.<metric>` → limit (spec §11). */
export interface ResourceCriterion {
  key: string;
  /** The tier, queue or service: the text before the last dot. */
  subject: string;
  metric: string;
  limit: Quantity;
  /** How the limit reads: a share (`65%`), a duration (`120s`) or a count (`0`). */
  unit: 'ratio' | 'duration' | 'count';
}

export interface LoadTest {
  /** As written, or the default: the type, then `type-2`, `type-3`… (what `--test` names). */
  name: string;
  nameNode?: PScalar;
  type: string;
  node: PMap;
  rps?: Quantity;
  duration?: Quantity;
  rampUp?: Quantity;
  cache?: string;
  mixNode?: PMap;
  mix: { name: string; share: Quantity }[];
  writeRatio?: Quantity;
  /** `data:` (§13.2): its free text, or the values of its mapping (volume, tenants, distribution…) as written; '' for an empty mapping. */
  data?: string;
  thinkTime?: Quantity;
  inject: string[];
  scenario?: PScalar;
  criteriaNode?: PMap;
  criteria: Partial<Record<LatencyCriterion, Quantity>> & { errorRate?: Quantity; window?: Quantity };
  resources: ResourceCriterion[];
  /** `abortOnFail: true` in the criteria: the exported script stops the run at the first broken criterion. */
  abortOnFail: boolean;
  resultsNode?: PScalar;
  /** The results file as read and parsed, when `results:` names one that could be read. */
  results?: MeasuredResults;
}

export interface LoadTestPlan {
  kind: 'LoadTestPlan';
  name: string;
  root: PMap;
  testsNode?: PSeq;
  tests: LoadTest[];
}

export interface LoadTestFigures {
  testTypes: string[];
  missingTestTypes: TestType[];
  /** Per test name with results: what the run measured, and each criterion's verdict. */
  measured: { test: LoadTest; results: MeasuredResults; verdicts: ResultVerdict[] }[];
}

/** The referenced documents, when they resolve. */
export interface PlanReferences {
  budget?: LatencyAnalysis;
  capacity?: CapacityAnalysis;
}

/** Reads a results file named relative to the plan: its text, an error, or undefined when files are not followed. */
export type ResultsReader = (relativePath: string) => { text: string } | { error: string } | undefined;

export interface LoadTestAnalysis {
  model: LoadTestPlan;
  figures: LoadTestFigures;
  references: PlanReferences;
}

const DURATION_METRIC = /(age|lag|latency|time)$/i;
const COUNT_METRIC = /(throttles|critical|errors|alarms|restarts|evictions)$/i;

function readResources(node: PMap | undefined, r: Reader): ResourceCriterion[] {
  const out: ResourceCriterion[] = [];
  for (const pair of node?.pairs ?? []) {
    const dot = pair.key.lastIndexOf('.');
    const v = pair.value;
    if (dot <= 0 || dot === pair.key.length - 1 || v?.type !== 'scalar' || v.value === null) continue;
    const metric = pair.key.slice(dot + 1);
    const written = v.value;
    const unit: ResourceCriterion['unit'] = DURATION_METRIC.test(metric)
      ? 'duration'
      : COUNT_METRIC.test(metric)
        ? 'count'
        : typeof written === 'string' && written.trim().endsWith('%')
          ? 'ratio'
          : typeof written === 'number' && Number.isInteger(written) && written > 1
            ? 'count'
            : 'ratio';
    const parsed =
      unit === 'duration' ? parseDuration(written) : unit === 'count' ? parseCount(written) : parseRatio(written);
    if (!parsed.ok) {
      r.report('PD003', 'error', `${pair.key}: ${parsed.error}`, v);
      continue;
    }
    out.push({ key: pair.key, subject: pair.key.slice(0, dot), metric, limit: { value: parsed.value, node: v }, unit });
  }
  return out;
}

/** A test's `data:` as described: free text, or its mapping's values in the order written. */
function readData(node: PMap, r: Reader): string | undefined {
  const map = r.map(node, 'data');
  return map ? map.pairs.flatMap(p => r.string(map, p.key) ?? []).join(', ') : r.string(node, 'data');
}

function readTest(node: PMap, r: Reader): LoadTest {
  const criteriaNode = r.map(node, 'criteria');
  const criteria: LoadTest['criteria'] = {};
  for (const p of CRITERIA) {
    const q = r.duration(criteriaNode, p);
    if (q) criteria[p] = q;
  }
  const errorRate = r.ratio(criteriaNode, 'errorRate');
  if (errorRate) criteria.errorRate = errorRate;
  const window = r.duration(criteriaNode, 'window');
  if (window) criteria.window = window;
  const mixNode = r.map(node, 'mix');
  const mix = (mixNode?.pairs ?? []).flatMap(p => {
    const share = r.ratio(mixNode, p.key);
    return share ? [{ name: p.key, share }] : [];
  });
  const injectNode = r.seq(node, 'inject');
  const nameNode = r.scalar(node, 'name');
  const scenario = r.scalar(node, 'scenario');
  const results = r.scalar(node, 'results');
  return {
    name: r.string(node, 'name') ?? '',
    nameNode,
    type: r.string(node, 'type') ?? '',
    node,
    rps: r.rate(node, 'rps'),
    duration: r.duration(node, 'duration'),
    rampUp: r.duration(node, 'rampUp'),
    cache: r.string(node, 'cache'),
    mixNode,
    mix,
    writeRatio: r.ratio(node, 'writeRatio'),
    data: readData(node, r),
    thinkTime: r.duration(node, 'thinkTime'),
    inject: (injectNode?.items ?? []).flatMap(i =>
      i.type === 'scalar' && typeof i.value === 'string' ? [i.value] : [],
    ),
    scenario: typeof scenario?.value === 'string' ? scenario : undefined,
    criteriaNode,
    criteria,
    resources: readResources(r.map(criteriaNode, 'resources'), r),
    abortOnFail: r.bool(criteriaNode, 'abortOnFail'),
    resultsNode: typeof results?.value === 'string' ? results : undefined,
  };
}

/** Unnamed tests take their type, then `type-2`, `type-3`…, skipping names already taken. */
function nameTests(tests: LoadTest[]): void {
  const taken = new Set(tests.map(t => t.name).filter(Boolean));
  const seen = new Map<string, number>();
  for (const t of tests) {
    if (t.name) continue;
    const base = t.type || 'test';
    let n = seen.get(base) ?? 0;
    let name: string;
    do name = ++n === 1 ? base : `${base}-${n}`;
    while (taken.has(name));
    seen.set(base, n);
    taken.add(name);
    t.name = name;
  }
}

export function readLoadTestPlan(root: PMap, r: Reader): LoadTestPlan {
  const tests = r.maps(root, 'tests').map(node => readTest(node, r));
  nameTests(tests);
  return { kind: 'LoadTestPlan', name: r.string(root, 'name') ?? '', root, testsNode: r.seq(root, 'tests'), tests };
}

export function loadTestFigures(m: LoadTestPlan, measured: LoadTestFigures['measured'] = []): LoadTestFigures {
  const declared = [...new Set(m.tests.map(t => t.type).filter(Boolean))];
  return { testTypes: declared, missingTestTypes: TEST_TYPES.filter(t => !declared.includes(t)), measured };
}

const figureMetrics = (f: MeasuredFigures): Metrics =>
  Object.fromEntries(MEASURED_KEYS.map(k => [k, f[k]?.value ?? null]));

/** A run's measured figures as metrics: the overall figures and `requests` by name (`perfdoc compare` prints the same). */
export function measuredMetrics(results: MeasuredResults): Metrics {
  return {
    format: results.format,
    ...figureMetrics(results.overall),
    requests: Object.fromEntries(results.requests.map(q => [q.name, figureMetrics(q.figures)])),
  };
}

export function loadTestMetrics(f: LoadTestFigures): Metrics {
  const metrics: Metrics = { testTypes: f.testTypes, missingTestTypes: [...f.missingTestTypes] };
  if (f.measured.length) {
    metrics.measured = Object.fromEntries(f.measured.map(({ test, results }) => [test.name, measuredMetrics(results)]));
  }
  return metrics;
}

type PlanRule = (a: LoadTestAnalysis, r: Reader) => void;

const testsAnchor = (m: LoadTestPlan) => (m.testsNode ? keyRange(m.root, 'tests') : firstLine(m.root));

const missingTypes: PlanRule = ({ model, figures }, r) => {
  if (!figures.missingTestTypes.length) return;
  r.report(
    'LT001',
    'information',
    `no ${figures.missingTestTypes.join(', ')} test: each of the eight test types answers a different question (§13.1)`,
    testsAnchor(model),
    { missing: figures.missingTestTypes },
  );
};

const vagueCriteria: PlanRule = ({ model }, r) => {
  for (const t of model.tests) {
    const lacking = [
      ...(['p95', 'p99'] as const).filter(p => !t.criteriaNode || mapGet(t.criteriaNode, p) === undefined),
      ...(!t.criteriaNode || mapGet(t.criteriaNode, 'errorRate') === undefined ? ['errorRate'] : []),
    ];
    if (!lacking.length) continue;
    const at = t.criteriaNode ? keyRange(t.node, 'criteria') : firstLine(t.node);
    r.report(
      'LT002',
      'warning',
      t.criteriaNode
        ? `${t.type || 'test'} test criteria lack ${lacking.join(', ')}: "the load test passed" is not a criterion (§13.3)`
        : `${t.type || 'test'} test has no criteria: state p95, p99 and errorRate it must meet (§13.3)`,
      at,
      { lacking },
    );
  }
};

const loadBelowPeak: PlanRule = ({ model, references }, r) => {
  const peak = references.capacity?.model.peakRps;
  if (peak === undefined) return;
  for (const t of model.tests) {
    if (t.type !== 'load' || !t.rps || t.rps.value >= peak) continue;
    r.report(
      'LT003',
      'warning',
      `load test at ${formatNumber(t.rps.value)} rps is below the capacity model's ${formatNumber(peak)} rps peak: a load test validates expected peak traffic (§13.1)`,
      t.rps.node,
      { peakRps: peak },
    );
  }
};

const looserThanBudget: PlanRule = ({ model, references }, r) => {
  const target = references.budget?.model.target;
  if (!target) return;
  for (const t of model.tests) {
    for (const p of CRITERIA) {
      const c = t.criteria[p],
        goal = target[p];
      if (c && goal && c.value > goal.value) {
        r.report(
          'LT004',
          'warning',
          `criterion ${p} ${formatMs(c.value)} is looser than the budget's ${p} target of ${formatMs(goal.value)}: results must be compared to the SLO (§18.5)`,
          c.node,
        );
      }
    }
    const ce = t.criteria.errorRate,
      ge = target.errorRate;
    if (ce && ge && ce.value > ge.value) {
      r.report(
        'LT004',
        'warning',
        `criterion errorRate ${formatPercent(ce.value, 2)} is looser than the budget's target of ${formatPercent(ge.value, 2)} (§18.5)`,
        ce.node,
      );
    }
  }
};

const noColdCache: PlanRule = ({ model }, r) => {
  if (!model.tests.length || model.tests.some(t => t.cache === 'cold')) return;
  r.report(
    'LT005',
    'warning',
    'no test runs with cache: cold: what happens when the cache hit rate drops to zero? (§18.5, §21 question 11)',
    testsAnchor(model),
  );
};

/** LT006: a request mix must describe all the traffic (shares sum to 100% ± 0.1%). */
const mixNotWhole: PlanRule = ({ model }, r) => {
  for (const t of model.tests) {
    if (!t.mixNode || !t.mix.length) continue;
    const sum = t.mix.reduce((a, m) => a + m.share.value, 0);
    if (Math.abs(sum - 1) <= 0.001) continue;
    r.report(
      'LT006',
      'error',
      `request mix shares sum to ${formatPercent(sum, 1)}, not 100%: the mix must describe all of the test's traffic (§13.2 "request mix")`,
      keyRange(t.node, 'mix'),
      { sum },
    );
  }
};

/** The spike ramp allowed without a scale-out time in the model (spec §11). */
const DEFAULT_SPIKE_RAMP_MS = 60_000;

/** LT007: test shapes that cannot teach what their type is for (§13.1). */
const shapeCannotTeach =
  (settings: AnalysisSettings): PlanRule =>
  ({ model, references }, r) => {
    const facts = references.capacity && capacityFacts(references.capacity);
    const peak = facts?.peakRps;
    for (const t of model.tests) {
      const at = t.rps?.node ?? firstLine(t.node);
      switch (t.type) {
        case 'stress': {
          const breaking = facts?.breakingPoint;
          const limitRps = breaking?.rps ?? peak;
          if (limitRps === undefined || !t.rps || t.rps.value > limitRps) break;
          r.report(
            'LT007',
            'warning',
            breaking
              ? `stress test at ${formatNumber(t.rps.value)} rps does not exceed the model's breaking point (${constraintLabel(breaking)} at ${formatNumber(breaking.rps)} rps): a stress test finds the breaking point (§13.1)`
              : `stress test at ${formatNumber(t.rps.value)} rps does not exceed the model's ${formatNumber(limitRps)} rps peak: a stress test finds the breaking point (§13.1)`,
            at,
            { limitRps },
          );
          break;
        }
        case 'spike': {
          const allowed = facts?.shortestScaleOutMs ?? DEFAULT_SPIKE_RAMP_MS;
          if (!t.rampUp || t.rampUp.value <= allowed) break;
          r.report(
            'LT007',
            'warning',
            `spike test ramps over ${formatMs(t.rampUp.value)}, longer than ${facts?.shortestScaleOutMs !== undefined ? `the model's shortest scale-out time of ${formatMs(allowed)}` : formatMs(allowed)}: autoscaling catches up and the burst is never felt (§13.1, §8.5)`,
            t.rampUp.node,
            { allowedMs: allowed },
          );
          break;
        }
        case 'soak':
          if (!t.duration || t.duration.value >= settings.soakMinDurationMs) break;
          r.report(
            'LT007',
            'warning',
            `soak test of ${formatMs(t.duration.value)} is shorter than ${formatMs(settings.soakMinDurationMs)}: leaks, pool exhaustion and log growth show only over hours (§13.1)`,
            t.duration.node,
            { minMs: settings.soakMinDurationMs },
          );
          break;
        case 'failover':
          if (!t.inject.length && !t.scenario)
            r.report(
              'LT007',
              'warning',
              'failover test injects nothing: name the failure (inject: zone-lost, db-failover…) or a scenario of the capacity model (§13.4)',
              firstLine(t.node),
            );
          if (peak !== undefined && t.rps && t.rps.value < peak)
            r.report(
              'LT007',
              'warning',
              `failover test at ${formatNumber(t.rps.value)} rps is below the model's ${formatNumber(peak)} rps peak: a failure that only holds off-peak proves nothing (§13.4)`,
              t.rps.node,
              { peakRps: peak },
            );
          break;
      }
    }
  };

/** LT008: a resource criterion the design already fails on paper. */
const failsOnPaper: PlanRule = ({ model, references }, r) => {
  const facts = references.capacity && capacityFacts(references.capacity);
  if (!facts) return;
  for (const t of model.tests) {
    for (const c of t.resources) {
      if (c.metric === 'connections' && c.unit === 'ratio') {
        const share = facts.connectionShare(c.subject);
        if (!share || c.limit.value >= share.connections / share.maxConnections) continue;
        r.report(
          'LT008',
          'warning',
          `${c.key} ≤ ${formatPercent(c.limit.value, 1)} cannot hold: the model opens ${formatNumber(share.connections)} connections into "${c.subject}" at max scale, ${formatPercent(share.connections / share.maxConnections, 1)} of its ${formatNumber(share.maxConnections)} maxConnections (§10.1)`,
          c.limit.node,
          { connections: share.connections, maxConnections: share.maxConnections },
        );
      } else if (c.metric === 'oldestMessageAge' && c.unit === 'duration') {
        const drain = facts.drainTimeS(c.subject);
        if (drain === undefined || c.limit.value >= drain * 1000) continue;
        r.report(
          'LT008',
          'warning',
          `${c.key} ≤ ${formatMs(c.limit.value)} cannot hold: queue "${c.subject}" takes ${formatMs(drain * 1000)} to drain its backlog with the declared workers (§8.4)`,
          c.limit.node,
          { drainTimeS: drain },
        );
      }
    }
  }
};

/** The scenario a failover test names must be one of the referenced model's (PD004 otherwise). */
const unknownScenario: PlanRule = ({ model, references }, r) => {
  const facts = references.capacity && capacityFacts(references.capacity);
  for (const t of model.tests) {
    if (!t.scenario) continue;
    const name = String(t.scenario.value);
    if (!facts)
      r.report(
        'PD004',
        'error',
        `scenario: "${name}" needs a capacity: reference to a CapacityModel that declares it`,
        t.scenario,
      );
    else if (!facts.scenarioNames.includes(name))
      r.report(
        'PD004',
        'error',
        `scenario: the capacity model "${facts.modelName}" has no scenario "${name}" (${facts.scenarioNames.length ? `found: ${facts.scenarioNames.join(', ')}` : 'it declares none'})`,
        t.scenario,
      );
  }
};

/** Test names are what `--test` picks: two tests of one name make that ambiguous. */
const duplicateNames: PlanRule = ({ model }, r) => {
  const seen = new Set<string>();
  for (const t of model.tests) {
    if (seen.has(t.name) && t.nameNode)
      r.report(
        'PD002',
        'error',
        `test name "${t.name}" is used by an earlier test: names must be unique in the plan`,
        t.nameNode,
      );
    seen.add(t.name);
  }
};

/** LT009/LT010 from the results each test names; the verdicts are computed once, in the figures. */
const resultVerdicts: PlanRule = ({ figures }, r) => {
  for (const { verdicts } of figures.measured) {
    for (const v of verdicts) {
      if (v.status !== 'fail' || !v.at) continue;
      r.report(v.code, v.severity, v.message, v.at, {
        criterion: v.criterion,
        measured: v.measured?.value ?? null,
        limit: v.limit,
        ...(v.request !== undefined ? { request: v.request } : {}),
        ...(v.update ? { update: v.update } : {}),
      });
    }
  }
};

export function loadTestRules(settings: AnalysisSettings): readonly PlanRule[] {
  return [
    missingTypes,
    vagueCriteria,
    loadBelowPeak,
    looserThanBudget,
    noColdCache,
    mixNotWhole,
    shapeCannotTeach(settings),
    failsOnPaper,
    unknownScenario,
    duplicateNames,
    resultVerdicts,
  ];
}

/** What a test holds its results to, in the shape the judge reads. */
export function judgedTest(t: LoadTest): JudgedTest {
  const criteria: JudgedTest['criteria'] = {};
  for (const k of [...CRITERIA, 'errorRate'] as const) {
    const c = t.criteria[k];
    if (c) criteria[k] = { value: c.value, node: c.node };
  }
  return {
    rps: t.rps && { value: t.rps.value, node: t.rps.node },
    criteria,
    requestNames: t.mix.map(m => m.name),
    // A zero window names no span of the run: as if not written.
    windowMs: t.criteria.window && t.criteria.window.value > 0 ? t.criteria.window.value : undefined,
    resultsNode: t.resultsNode,
  };
}

export function designFigures(references: PlanReferences): DesignFigures {
  const target = references.budget?.model.target;
  return {
    budgetP95Ms: target?.p95?.value,
    budgetP99Ms: target?.p99?.value,
    modelP95Ms: references.capacity?.model.p95LatencyMs,
  };
}

/** Reads and judges each test's `results:` file; an unreadable or unrecognised one is PD004 on its value. */
function measureTests(
  model: LoadTestPlan,
  references: PlanReferences,
  read: ResultsReader | undefined,
  r: Reader,
): LoadTestFigures['measured'] {
  const out: LoadTestFigures['measured'] = [];
  for (const t of model.tests) {
    const node = t.resultsNode;
    if (!node || !read) continue;
    const path = String(node.value).trim();
    const got = read(path);
    if (!got) continue;
    const parsed = 'error' in got ? { ok: false as const, error: got.error } : parseResults(got.text);
    if (!parsed.ok) {
      r.report('PD004', 'error', `results: ${parsed.error}`, node);
      continue;
    }
    const verdicts = judgeResults(judgedTest(t), parsed.results, designFigures(references), path);
    // The raw samples served the window checks; the analysis the editor keeps holds the figures only.
    const { samples: _judged, ...results } = parsed.results;
    t.results = results;
    out.push({ test: t, results, verdicts });
  }
  return out;
}

export function analyzeLoadTestPlan(
  root: PMap,
  r: Reader,
  references: PlanReferences,
  settings: AnalysisSettings = DEFAULT_SETTINGS,
  readResults?: ResultsReader,
): LoadTestAnalysis {
  const model = readLoadTestPlan(root, r);
  const analysis = {
    model,
    figures: loadTestFigures(model, measureTests(model, references, readResults, r)),
    references,
  };
  for (const rule of loadTestRules(settings)) rule(analysis, r);
  return analysis;
}
