// References between documents (spec §4 latencyFrom, §5 budget/capacity) and PD004: a missing
// file, the wrong kind, a URL, a `#name` fragment, and a path outside the root.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileReferenceHost } from '../../server/src/cli/workspaceFiles';
import { nodeFileSystem } from '../../server/src/files/nodeFileSystem';
import {
  LESSON_SEGMENTS,
  MemoryHost,
  analyze,
  assertAt,
  assertNo,
  capacityModel,
  expectFinding,
  findingsOf,
  latencyBudget,
  lines,
  onlyDocument,
  perfdoc,
  single,
} from '../fixtures/documents';

const named = (text: string, name: string) => text.replace('name: Test', `name: ${name}`);
const BUDGETS = [
  named(latencyBudget(LESSON_SEGMENTS), 'Search case API'),
  named(
    latencyBudget(['- { name: edge, budget: 40ms }'], '{ p50: 100ms, p95: 300ms, p99: 1200ms, timeout: 2s }'),
    'Timeline',
  ),
].join('---\n');
const FILES = {
  '/work/docs/budgets.perf.yaml': BUDGETS,
  '/work/docs/capacity.perf.yaml': capacityModel('{ peakRps: 2000, latency: 150ms }', '{ safetyFactor: 1.5 }'),
};
const planReferring = (budget: string) =>
  perfdoc(
    'LoadTestPlan',
    `budget: ${budget}`,
    'tests:',
    '  - { type: load, rps: 2000, cache: cold, criteria: { p95: 400ms, p99: 1200ms, errorRate: 0.1% } }',
  );
const analyzePlan = (budget: string, host = new MemoryHost(FILES)) =>
  analyze(planReferring(budget), '/work/docs/plan.perf.yaml', { references: host });

describe('core references and PD004', () => {
  it('latencyFrom (§9 correction) takes the p50 target as the mean and the p95 path as p95Latency', () => {
    // Search case API: p50 150 ms, segments budgeted at p95 sum to 500 ms. 2,000 rps × 0.15 s = 300
    // in flight (v1 took the 500 ms path as the mean: 1,000), 2,000 × 0.5 s = 1,000 at p95.
    const text = capacityModel('{ peakRps: 2000, latencyFrom: ./budgets.perf.yaml }', '{ safetyFactor: 1.5 }');
    const doc = onlyDocument(analyze(text, '/work/docs/capacity.perf.yaml', { references: new MemoryHost(FILES) }));
    assert.equal(doc.capacity!.model.latencySource, 'latencyFrom');
    assert.equal(doc.metrics.inFlight, 300);
    assert.equal(doc.metrics.inFlightP95, 1000);
    assert.deepEqual(
      doc.references.map(r => ({ key: r.key, path: r.path, resolved: r.resolved })),
      [{ key: 'latencyFrom', path: '/work/docs/budgets.perf.yaml', resolved: true }],
    );
  });

  describe('latencyFrom by budget percentile and targets (§9)', () => {
    /** In flight now and at p95 for 1,000 rps borrowing from a budget whose one segment takes 200 ms. */
    const borrowing = (target: string, ...head: string[]) => {
      const budget = latencyBudget(['- { name: app, budget: 200ms }'], target, ...head);
      const host = new MemoryHost({ '/work/docs/b.perf.yaml': budget });
      const text = capacityModel('{ peakRps: 1000, latencyFrom: ./b.perf.yaml }', '{ safetyFactor: 1.5 }');
      const m = onlyDocument(analyze(text, '/work/docs/c.perf.yaml', { references: host })).metrics;
      return [m.inFlight, m.inFlightP95];
    };

    it('without a p50 the mean is the critical path: 1,000 × 0.2 s = 200, and so is the p95', () => {
      assert.deepEqual(borrowing('{ p95: 500ms, p99: 900ms, timeout: 2s }'), [200, 200]);
    });

    it('budgeted at p99 the p95 is the p95 target: 1,000 × 0.08 s = 80 now, 1,000 × 0.3 s = 300 at p95', () => {
      assert.deepEqual(
        borrowing('{ p50: 80ms, p95: 300ms, p99: 900ms, timeout: 2s }', 'budgetPercentile: p99'),
        [80, 300],
      );
    });

    it('budgeted at p50 without a p95 target there is no p95 latency: inFlightP95 is null', () => {
      assert.deepEqual(borrowing('{ p50: 250ms, p99: 900ms, timeout: 2s }', 'budgetPercentile: p50'), [250, null]);
    });

    it('a latency and p95Latency written in the model take precedence over the borrowed ones', () => {
      const budget = latencyBudget(['- { name: app, budget: 200ms }']);
      const host = new MemoryHost({ '/work/docs/b.perf.yaml': budget });
      const text = capacityModel(
        '{ peakRps: 1000, latencyFrom: ./b.perf.yaml, latency: 50ms, p95Latency: 120ms }',
        '{ safetyFactor: 1.5 }',
      );
      const m = onlyDocument(analyze(text, '/work/docs/c.perf.yaml', { references: host })).metrics;
      assert.deepEqual([m.inFlight, m.inFlightP95], [50, 120]);
    });
  });

  it('a relative path resolves from the referring file, a #name fragment picks the document', () => {
    const host = new MemoryHost(FILES);
    const file = analyzePlan('./budgets.perf.yaml#Timeline', host);
    assert.deepEqual(host.requested, ['/work/docs/budgets.perf.yaml']);
    assertNo(file, 'PD004');
    // Held to Timeline's p95 of 300 ms, not Search case API's 500 ms.
    assert.match(single(file, 'LT004').message, /p95 400 ms is looser than the budget's p95 target of 300 ms/);
    assertNo(analyzePlan('./budgets.perf.yaml#Search case API'), 'LT004');
  });

  it('without a fragment the first document of the right kind is used', () => {
    assertNo(analyzePlan('./budgets.perf.yaml'), 'LT004');
  });

  it('PD004 on the value for a missing file, with the reason', () => {
    const file = analyzePlan('./missing.perf.yaml');
    expectFinding(file, 'PD004', {
      severity: 'error',
      message: 'budget: cannot read missing.perf.yaml: no such file or directory',
      at: './missing.perf.yaml',
    });
    assert.equal(onlyDocument(file).references[0].resolved, false);
  });

  it('PD004 for a file without a document of the right kind, listing what it has', () => {
    const file = analyzePlan('./capacity.perf.yaml');
    assert.equal(
      single(file, 'PD004').message,
      'budget: ./capacity.perf.yaml has no LatencyBudget (found: CapacityModel "Test")',
    );
  });

  it('PD004 for a #name fragment that names no document', () => {
    const file = analyzePlan('./budgets.perf.yaml#Checkout');
    assert.equal(
      single(file, 'PD004').message,
      'budget: ./budgets.perf.yaml has no LatencyBudget named "Checkout" (found: LatencyBudget "Search case API", LatencyBudget "Timeline")',
    );
  });

  it('PD004 for URLs, which are never fetched nor handed to the host', () => {
    for (const url of ['https://example.com/search.perf.yaml', 'file:///etc/passwd', '"#Timeline"']) {
      const host = new MemoryHost(FILES);
      const file = analyzePlan(url, host);
      assert.match(
        single(file, 'PD004').message,
        /is not a relative file path; perfdoc reads only files in the workspace and never fetches URLs$/,
        url,
      );
      assert.deepEqual(host.requested, []);
    }
  });

  it('without a host references are recorded with their path but not followed', () => {
    const doc = onlyDocument(analyze(planReferring('./missing.perf.yaml'), '/work/docs/plan.perf.yaml'));
    assert.deepEqual(
      doc.findings.filter(f => f.code === 'PD004'),
      [],
    );
    assert.equal(doc.references[0].path, '/work/docs/missing.perf.yaml');
  });

  describe('with the CLI host confined to a root', () => {
    let dir: string;
    before(() => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-refs-')));
      fs.mkdirSync(path.join(dir, 'root'));
      fs.writeFileSync(path.join(dir, 'outside.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
      fs.writeFileSync(path.join(dir, 'root', 'budget.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
      fs.symlinkSync(path.join(dir, 'outside.perf.yaml'), path.join(dir, 'root', 'link.perf.yaml'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const check = (budget: string) =>
      analyze(planReferring(budget), path.join(dir, 'root', 'plan.perf.yaml'), {
        references: new FileReferenceHost(path.join(dir, 'root'), nodeFileSystem),
      });

    it('resolves a file inside the root', () => assertNo(check('./budget.perf.yaml'), 'PD004'));

    it('refuses ../ outside the root and a symlink that leads outside', () => {
      assert.match(
        single(check('../outside.perf.yaml'), 'PD004').message,
        /^budget: .*outside\.perf\.yaml is outside the root .* and is not read \(use --root to widen it\)$/,
      );
      assert.match(
        single(check('./link.perf.yaml'), 'PD004').message,
        /^budget: .*link\.perf\.yaml links outside the root .* and is not read$/,
      );
      assert.match(
        single(check(path.join(dir, 'outside.perf.yaml')), 'PD004').message,
        /is outside the root/,
        'an absolute path too',
      );
    });

    it('reports a missing file under the root as unreadable', () => {
      assert.match(
        single(check('./nope.perf.yaml'), 'PD004').message,
        /^budget: cannot read .*nope\.perf\.yaml: no such file or directory/,
      );
    });
  });

  it('every reference key reports PD004 on its own value', () => {
    const text = lines(
      'apiVersion: perfdoc/v1',
      'kind: LoadTestPlan',
      'name: Test',
      'budget: ./a.perf.yaml',
      'capacity: ./b.perf.yaml',
      'tests: []',
    );
    const file = analyze(text, '/work/docs/plan.perf.yaml', { references: new MemoryHost({}) });
    const [budget, capacity] = findingsOf(file, 'PD004');
    assertAt(file, budget, './a.perf.yaml');
    assertAt(file, capacity, './b.perf.yaml');
  });
});
