// LoadTestPlan (spec §5; lesson §13, §18.5): coverage of the eight test types and
// success criteria held against the budget and the capacity model they reference.
import { Metrics } from './types';
import { PMap, PSeq, mapGet } from './yamlTree';
import { Quantity, Reader, firstLine, keyRange } from './reader';
import { formatMs, formatNumber, formatPercent } from './units';
import type { LatencyAnalysis } from './latencyBudget';
import type { CapacityAnalysis } from './capacityModel';

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

const CRITERIA = ['p50', 'p95', 'p99'] as const;

export interface LoadTest {
  type: string;
  node: PMap;
  rps?: Quantity;
  duration?: Quantity;
  rampUp?: Quantity;
  cache?: string;
  criteriaNode?: PMap;
  criteria: Partial<Record<(typeof CRITERIA)[number], Quantity>> & { errorRate?: Quantity };
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
}

/** The referenced documents, when they resolve. */
export interface PlanReferences {
  budget?: LatencyAnalysis;
  capacity?: CapacityAnalysis;
}

export interface LoadTestAnalysis {
  model: LoadTestPlan;
  figures: LoadTestFigures;
  references: PlanReferences;
}

export function readLoadTestPlan(root: PMap, r: Reader): LoadTestPlan {
  return {
    kind: 'LoadTestPlan',
    name: r.string(root, 'name') ?? '',
    root,
    testsNode: r.seq(root, 'tests'),
    tests: r.maps(root, 'tests').map(node => {
      const criteriaNode = r.map(node, 'criteria');
      const criteria: LoadTest['criteria'] = {};
      for (const p of CRITERIA) {
        const q = r.duration(criteriaNode, p);
        if (q) criteria[p] = q;
      }
      const errorRate = r.ratio(criteriaNode, 'errorRate');
      if (errorRate) criteria.errorRate = errorRate;
      return {
        type: r.string(node, 'type') ?? '',
        node,
        rps: r.rate(node, 'rps'),
        duration: r.duration(node, 'duration'),
        rampUp: r.duration(node, 'rampUp'),
        cache: r.string(node, 'cache'),
        criteriaNode,
        criteria,
      };
    }),
  };
}

export function loadTestFigures(m: LoadTestPlan): LoadTestFigures {
  const declared = [...new Set(m.tests.map(t => t.type).filter(Boolean))];
  return { testTypes: declared, missingTestTypes: TEST_TYPES.filter(t => !declared.includes(t)) };
}

export function loadTestMetrics(f: LoadTestFigures): Metrics {
  return { testTypes: f.testTypes, missingTestTypes: [...f.missingTestTypes] };
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

export const LOAD_TEST_RULES: readonly PlanRule[] = [
  missingTypes,
  vagueCriteria,
  loadBelowPeak,
  looserThanBudget,
  noColdCache,
];

export function analyzeLoadTestPlan(root: PMap, r: Reader, references: PlanReferences): LoadTestAnalysis {
  const model = readLoadTestPlan(root, r);
  const analysis = { model, figures: loadTestFigures(model), references };
  for (const rule of LOAD_TEST_RULES) rule(analysis, r);
  return analysis;
}
