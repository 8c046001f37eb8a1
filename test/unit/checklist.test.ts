// The §18 production review checklist: which items a document's analysis shows, with the
// figures that prove them, and the workspace report built from the same judgement.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileAnalysis, ReferenceHost, analyzeFile } from '../../server/src/core/analyze';
import {
  CHECKLIST_SECTIONS,
  ChecklistItem,
  checklistComment,
  checklistReport,
  reviewChecklist,
} from '../../server/src/service/checklist';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const disk: ReferenceHost = {
  documentsOf: p => (fs.existsSync(p) ? analyzeFile(p, fs.readFileSync(p, 'utf8')).documents : { error: 'missing' }),
};
const example = (name: string): FileAnalysis => {
  const p = path.join(EXAMPLES, name);
  return analyzeFile(p, fs.readFileSync(p, 'utf8'), { references: disk });
};
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const items = (text: string, file = '/ws/a.perf.yaml') => reviewChecklist(analyzeFile(file, text).documents[0]);
const item = (list: ChecklistItem[], text: string): ChecklistItem => {
  const found = list.find(i => i.text === text);
  assert.ok(found, `no item "${text}" in ${JSON.stringify(list.map(i => i.text))}`);
  return found;
};

describe('checklist: reviewChecklist', () => {
  it('covers each of the 36 items of §18 once across the three kinds', () => {
    const texts = ['search-api.perf.yaml', 'case-api-capacity.perf.yaml', 'case-search-loadtest.perf.yaml'].flatMap(f =>
      reviewChecklist(example(f).documents[0])
        .filter(i => i.scope === 'document' || f.startsWith('search'))
        .map(i => i.text),
    );
    assert.equal(texts.length, 36);
    assert.equal(new Set(texts).size, 36);
    const perSection = Object.keys(CHECKLIST_SECTIONS).map(s =>
      ['search-api.perf.yaml', 'case-api-capacity.perf.yaml', 'case-search-loadtest.perf.yaml']
        .flatMap(f => reviewChecklist(example(f).documents[0]))
        .filter(i => i.section === s)
        .map(i => i.text),
    );
    assert.deepEqual(
      perSection.map(t => new Set(t).size),
      [6, 6, 6, 5, 7, 6],
    );
  });

  it('a complete LatencyBudget satisfies all of §18.1, with its figures', () => {
    const list = reviewChecklist(example('search-api.perf.yaml').documents[0]);
    const latency = list.filter(i => i.section === '18.1');
    assert.deepEqual(
      latency.map(i => i.status),
      Array(6).fill('satisfied'),
    );
    assert.equal(item(list, 'p50/p95/p99 targets are defined').detail, 'p50 150 ms, p95 500 ms, p99 1.2 s');
    assert.equal(item(list, 'Timeout budget exists').detail, 'timeout 2 s; worst case with retries 1.54 s');
    assert.equal(item(list, 'Critical path is documented').detail, '9 segments, Σ 500 ms of 500 ms');
    assert.equal(
      item(list, 'No accidental synchronous cross-region call exists').detail,
      'every synchronous segment runs in ap-southeast-1',
    );
    assert.match(
      item(list, 'External dependencies have explicit timeout and retry policy').detail,
      /^4 dependencies with timeouts: auth-service 100 ms ×2, /,
    );
    assert.deepEqual(
      list.filter(i => i.section === '18.6').map(i => [i.status, i.scope]),
      Array(6).fill(['review', 'workload']),
    );
  });

  it('segments in two regions without a home region leave the cross-region item open with LB010 (§9)', () => {
    const budget = (second: string) =>
      items(
        yaml(
          'apiVersion: perfdoc/v1',
          'kind: LatencyBudget',
          'name: B',
          'target: { p95: 300ms }',
          'segments:',
          '  - { name: Edge, budget: 60ms, region: us-east-1 }',
          `  - { name: Ledger, budget: 60ms, region: ${second} }`,
        ),
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

  it('a LatencyBudget with gaps: what to add, naming the segments', () => {
    const list = items(
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LatencyBudget',
        'name: B',
        'region: eu-west-1',
        'target: { p95: 300ms }',
        'segments:',
        '  - { name: Profile, budget: 60ms, dependency: profile-svc }',
        '  - { name: Ledger, budget: 60ms, dependency: ledger, timeout: 100ms, retries: 2, region: us-east-1 }',
      ),
    );
    assert.equal(
      item(list, 'p50/p95/p99 targets are defined').detail,
      'add p50 and p99 to target (quick fix on LB003)',
    );
    assert.equal(item(list, 'Timeout budget exists').status, 'open');
    assert.match(
      item(list, 'No accidental synchronous cross-region call exists').detail,
      /^"Ledger" call another region synchronously \(LB010\)/,
    );
    assert.equal(
      item(list, 'External dependencies have explicit timeout and retry policy').detail,
      'add a timeout to "Profile" (LB005); add backoff and jitter to the retries of "Ledger" (LB006)',
    );
    assert.equal(item(list, 'User-visible latency target is defined').detail, 'p95 target 300 ms');
  });

  it('a CapacityModel: capacity, scaling and quota items from its figures', () => {
    const list = reviewChecklist(example('case-api-capacity.perf.yaml').documents[0]);
    assert.equal(
      item(list, 'Concurrency is estimated').detail,
      "300 in flight at peak, 900 at p95 latency (Little's law)",
    );
    assert.equal(
      item(list, 'Headroom is defined').detail,
      'safety factor 1.5, max utilization 70%: 3,000 rps required',
    );
    assert.equal(item(list, 'Failover capacity is modeled').detail, 'api 4,200 rps with one of 3 zones lost');
    assert.equal(item(list, 'Cooldown is configured').detail, 'api cooldown 300s');
    assert.equal(item(list, 'Pre-scaling exists for predictable spikes').status, 'satisfied');
    assert.match(
      item(list, 'Max capacity protects dependencies').detail,
      /^aurora 235 of 500 connections at max scale/,
    );
    assert.equal(item(list, 'Scaling metric matches bottleneck').status, 'review');
    assert.ok(
      !list.some(i => i.text === 'Queue drain time is tested'),
      'a LoadTestPlan shows that, with a backlog-drain test',
    );
  });

  it('a CapacityModel over its quota and short of failover capacity names them', () => {
    const list = items(
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: C',
        'traffic: { peakRps: 1000, latency: 2s }',
        'tiers: [{ name: api, unitRps: 100, units: { max: 12 }, zones: 2 }]',
        'quotas: [{ name: Lambda concurrency, limit: 1000 }]',
      ),
    );
    assert.equal(item(list, 'Service quotas are reviewed').detail, '"Lambda concurrency" exceeded at peak (CM005)');
    assert.equal(
      item(list, 'Quota increase requests are submitted where needed').detail,
      'request an increase for "Lambda concurrency" (CM005)',
    );
    assert.equal(
      item(list, 'Failover capacity is modeled').detail,
      '"api" cannot carry the peak with one zone lost (CM002)',
    );
    assert.equal(item(list, 'Headroom is defined').detail, 'add headroom.safetyFactor (CM008)');
    assert.equal(item(list, 'Burst multiplier is estimated').status, 'open');
    assert.equal(item(list, 'Cooldown is configured').status, 'open');
  });

  it('a LoadTestPlan: test types, cache states and criteria held against the referenced budget', () => {
    const full = reviewChecklist(example('case-search-loadtest.perf.yaml').documents[0]);
    for (const text of [
      'Queue drain time is tested',
      'Cache warm and cold tests are run',
      'Soak test is run',
      'Spike test is run',
      'Failure load test is run',
      'Results are compared to SLO',
    ]) {
      assert.equal(item(full, text).status, 'satisfied', text);
    }
    assert.equal(item(full, 'Soak test is run').detail, 'soak 8h at 1,000 rps');
    assert.equal(
      item(full, 'Results are compared to SLO').detail,
      'criteria held against "Search case API": p95 500 ms, p99 1.2 s',
    );
    const thin = items(
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: LoadTestPlan',
        'name: P',
        'tests: [{ type: load, rps: 10, cache: warm, criteria: { p95: 1s } }]',
      ),
    );
    assert.equal(item(thin, 'Cache warm and cold tests are run').detail, 'add a test with cache: cold (LT005)');
    assert.equal(
      item(thin, 'Soak test is run').detail,
      'add a soak test (detects leaks over hours; code action on LT001)',
    );
    assert.equal(
      item(thin, 'Results are compared to SLO').detail,
      'reference the LatencyBudget with budget: so criteria are held against its targets; give every test p95, p99 and errorRate criteria (LT002)',
    );
  });

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
      ['§18.2 Capacity', '§18.3 Scaling', '§18.4 Quotas', '§18.6 Observability'],
    );
  });
});

describe('checklist: checklistReport', () => {
  const files = [
    'search-api.perf.yaml',
    'case-api-capacity.perf.yaml',
    'case-search-loadtest.perf.yaml',
    'design-doc.md',
  ].map(example);

  it('reports per file and document, ✓ with figures and ☐ with what to add, the workload items once', () => {
    const md = checklistReport(files);
    assert.match(md, /^# Production review checklist\n/);
    assert.match(md, /\n5 documents in 4 files: \d+ of \d+ items satisfied, \d+ open, \d+ to confirm by hand\.\n/);
    assert.deepEqual(md.match(/^## .*$/gm), [
      '## case-api-capacity.perf.yaml',
      '## case-search-loadtest.perf.yaml',
      '## design-doc.md',
      '## search-api.perf.yaml',
      '## Whole workload',
    ]);
    assert.match(
      md,
      /### LatencyBudget "Search case API"\n\n\*\*§18\.1 Latency\*\*\n\n- ✓ User-visible latency target is defined: p95 target 500 ms\n/,
    );
    assert.match(md, /- ✓ Concurrency is estimated: 300 in flight at peak, 900 at p95 latency \(Little's law\)\n/);
    assert.match(md, /- ☐ Scale-out time is known: add warmup: /);
    assert.match(md, /- ☐ Production-like data exists \(by hand\): /);
    assert.equal(md.match(/Metrics exist per critical tier/g)?.length, 1);
    const [, done, total, open, byHand] = /: (\d+) of (\d+) items satisfied, (\d+) open, (\d+) to confirm/
      .exec(md)!
      .map(Number);
    assert.equal(done + open + byHand, total);
    assert.equal((md.match(/^- ✓ /gm) ?? []).length, done);
    assert.equal((md.match(/^- ☐ /gm) ?? []).length, open + byHand);
  });

  it('says so when no perfdoc document is open', () => {
    assert.match(checklistReport([analyzeFile('/ws/notes.md', '# just prose\n')]), /No perfdoc documents are open\./);
  });
});
