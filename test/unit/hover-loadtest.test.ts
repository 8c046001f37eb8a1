// Hovers on a LoadTestPlan test's `results:` (what the run measured, each verdict and its
// source) and on a `criteria.resources` key (what the capacity model says it can hold).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hoverAt } from '../../server/src/service/hover';
import { LESSON_SEGMENTS, MemoryHost, analyze, capacityModel, latencyBudget, perfdoc } from '../fixtures/documents';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/results');

const file = analyze(
  perfdoc(
    'LoadTestPlan',
    'budget: ./search.perf.yaml',
    'capacity: ./model.perf.yaml',
    'tests:',
    '  - type: load',
    '    rps: 2000',
    '    criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1%, resources: { db.connections: 40% } }',
    '    results: ./run.json',
  ),
  '/work/plan.perf.yaml',
  {
    references: new MemoryHost({
      '/work/search.perf.yaml': latencyBudget(LESSON_SEGMENTS),
      '/work/model.perf.yaml': capacityModel(
        '{ peakRps: 2000, latency: 150ms }',
        null,
        'tiers:',
        '  - { name: api, unitRps: 300, units: { min: 6, max: 21 }, connectionsPerUnit: 10, dependsOn: [db] }',
        '  - { name: db, maxConnections: 500 }',
      ),
      '/work/run.json': fs.readFileSync(path.join(FIXTURES, 'k6-summary-export.json'), 'utf8'),
    }),
  },
);
const hover = (needle: string) => hoverAt(file, file.text.indexOf(needle) + 2)?.markdown ?? '';

describe('hover: LoadTestPlan results and resource criteria', () => {
  it('results: the measured figures and each verdict with its source', () => {
    const md = hover('./run.json');
    assert.match(md, /Results: k6 --summary-export JSON/);
    assert.match(md, /1,200 rps, for 30 s, p95 540\.6 ms, errors 0\.78%/);
    assert.match(
      md,
      /✗ measured p95 540\.6 ms breaks the criterion p95 ≤ 500 ms \(metrics\.http_req_duration\["p\(95\)"\] in \.\/run\.json\)/,
    );
    assert.match(md, /– p99: not in \.\/run\.json/);
  });

  it('a resource key: the limit and what the model opens at max scale (210 of 500)', () => {
    const md = hover('db.connections');
    assert.match(md, /Resource criterion db\.connections/);
    assert.match(md, /the model opens 210 of 500 connections at max scale \(42%; LT008 below that\)/);
  });
});
