// LT010's quick fix "update the model to the measured value" (spec §11, §5.1 rule 6): the
// edit lands in the referenced document (another file, or this one), on the value of the
// figure the run drifted from. Figures by hand:
// - k6-summary-export.json measures p95 540.6 ms; the model's p95Latency is 450 ms:
//   (540.6 − 450) / 450 = +20.1% > 20% → LT010 on the model, fixed to 540.6ms.
// - the JTL below has 20 samples: 18 × 100 ms, 650 ms, 700 ms. Nearest rank: p95 = rank
//   ceil(0.95 × 20) = 19 → 650 ms, p99 = rank 20 → 700 ms. Against the §5.3 budget (p95
//   500 ms, p99 1200 ms): p95 +30%, p99 −41.7%, both LT010.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileAnalysis, fileDiagnostics } from '../../server/src/core/analyze';
import type { Diagnostic } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/core/lineIndex';
import { codeActions } from '../../server/src/service/codeActions';
import { suppressionFix } from '../../server/src/service/suppressFix';
import type { CodeActionItem, FileEdit } from '../../server/src/service/types';
import {
  LESSON_SEGMENTS,
  MemoryHost,
  analyze,
  capacityModel,
  latencyBudget,
  lines,
  perfdoc,
} from '../fixtures/documents';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/results');
const K6_EXPORT = fs.readFileSync(path.join(FIXTURES, 'k6-summary-export.json'), 'utf8');

const MODEL = capacityModel('{ peakRps: 2000, latency: 150ms, p95Latency: 450ms }', null);
const BUDGET = latencyBudget(LESSON_SEGMENTS);
const JTL = lines(
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success',
  ...[...Array<number>(18).fill(100), 650, 700].map(
    (ms, i) => `${1796155476000 + i * 100},${ms},search,200,OK,users 1-1,text,true`,
  ),
);

const planText = (criteria: string, results: string) =>
  perfdoc(
    'LoadTestPlan',
    'budget: ./search.perf.yaml',
    'capacity: ./model.perf.yaml',
    'tests:',
    `  - { type: load, criteria: ${criteria}, results: ${results} }`,
  );

function setUp(criteria: string, results: string, files: Record<string, string>) {
  const all = { '/work/search.perf.yaml': BUDGET, '/work/model.perf.yaml': MODEL, ...files };
  const file = analyze(planText(criteria, results), '/work/plan.perf.yaml', { references: new MemoryHost(all) });
  return { file, files: all };
}

const lt010 = (file: FileAnalysis, pattern: RegExp): Diagnostic => {
  const found = fileDiagnostics(file).filter(d => d.code === 'LT010' && pattern.test(d.message));
  assert.equal(found.length, 1, JSON.stringify(fileDiagnostics(file).map(d => d.message)));
  return found[0];
};

/** The quick fixes of `d` but the suppression every finding offers (service/suppressFix.ts). */
function fixesOf(file: FileAnalysis, d: Diagnostic, files?: Record<string, string>): CodeActionItem[] {
  const sources = files && { textOf: (p: string) => files[p] };
  const suppress = suppressionFix(file, d)?.title;
  assert.ok(suppress, 'LT010 can be suppressed');
  return codeActions(file, file.lines.offsetAt(d.range.start), file.lines.offsetAt(d.range.end), [d], sources).filter(
    a => a.kind === 'quickfix' && a.title !== suppress,
  );
}

function applyOther(text: string, e: FileEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(e.range.start)) + e.newText + text.slice(lines.offsetAt(e.range.end));
}

describe("LT010 quick fix: update the design to the run's measured figure", () => {
  it("rewrites the capacity model's p95Latency in its own file (450ms → 540.6ms), and LT010 goes", () => {
    const { file, files } = setUp('{ p95: 600ms, p99: 1200ms, errorRate: 0.1% }', './run.json', {
      '/work/run.json': K6_EXPORT,
    });
    const d = lt010(file, /capacity model's p95Latency/);
    const [action, ...more] = fixesOf(file, d, files);
    assert.equal(more.length, 0);
    assert.equal(action.title, 'Update the capacity model "Test" to the measured p95Latency: 540.6ms (was 450 ms)');
    assert.equal(action.isPreferred, true);
    assert.deepEqual(action.edits, [], 'nothing changes in the plan');
    // Line 3 of the model: `traffic: { peakRps: 2000, latency: 150ms, p95Latency: 450ms }`, 450ms at 54-59.
    assert.deepEqual(action.otherFiles, [
      {
        path: '/work/model.perf.yaml',
        range: { start: { line: 3, character: 54 }, end: { line: 3, character: 59 } },
        newText: '540.6ms',
      },
    ]);
    const model = applyOther(MODEL, action.otherFiles![0]);
    assert.equal(model.split('\n')[3], 'traffic: { peakRps: 2000, latency: 150ms, p95Latency: 540.6ms }');
    const after = setUp('{ p95: 600ms, p99: 1200ms, errorRate: 0.1% }', './run.json', {
      '/work/run.json': K6_EXPORT,
      '/work/model.perf.yaml': model,
    }).file;
    assert.deepEqual(
      fileDiagnostics(after).filter(x => x.code === 'LT010'),
      [],
      'measured and modelled p95 now agree',
    );
  });

  it('a slower run than the SLO: the budget target p95 is offered (not preferred); a faster p99 is not, it would make LT004 fire', () => {
    const criteria = '{ p95: 600ms, p99: 1200ms, errorRate: 0.1% }';
    const { file, files } = setUp(criteria, './run.jtl', { '/work/run.jtl': JTL });
    const p95 = lt010(file, /budget's p95 target/);
    assert.match(p95.message, /^measured p95 650 ms differs from the budget's p95 target of 500 ms \(\+30%;/);
    const [action, ...more] = fixesOf(file, p95, files);
    assert.equal(more.length, 0);
    assert.equal(action.title, 'Revisit the SLO: set the budget "Test" target p95 to the measured 650ms (was 500 ms)');
    assert.equal(action.isPreferred, undefined, 'an SLO is a decision, not the one-click fix');
    // Line 3 of the budget: `target: { p50: 150ms, p95: 500ms, …`: 500ms at 27-32.
    assert.deepEqual(action.otherFiles, [
      {
        path: '/work/search.perf.yaml',
        range: { start: { line: 3, character: 27 }, end: { line: 3, character: 32 } },
        newText: '650ms',
      },
    ]);
    const budget = applyOther(BUDGET, action.otherFiles![0]);
    const after = setUp(criteria, './run.jtl', { '/work/run.jtl': JTL, '/work/search.perf.yaml': budget }).file;
    const codes = fileDiagnostics(after).map(x => x.code);
    assert.equal(codes.filter(c => c === 'LT004').length, 0);
    assert.deepEqual(
      fileDiagnostics(after)
        .filter(x => x.code === 'LT010')
        .map(x => x.message.slice(0, 60)),
      [
        "measured p99 700 ms differs from the budget's p99 target of ",
        "measured p95 650 ms differs from the capacity model's p95Lat",
      ],
      "the budget's p95 drift is gone; its p99 and the model's stay",
    );
    // p99 700 ms below the plan's p99 criterion of 1200 ms: that target would be tighter than the criterion (LT004).
    const p99 = lt010(file, /budget's p99 target/);
    assert.deepEqual(fixesOf(file, p99, files), []);
  });

  it('the same file: a budget in the plan file is edited in place', () => {
    const text = [
      BUDGET,
      '---',
      perfdoc(
        'LoadTestPlan',
        'budget: ./both.perf.yaml',
        'tests:',
        '  - { type: load, criteria: { p95: 600ms, p99: 1200ms, errorRate: 0.1% }, results: ./run.jtl }',
      ),
    ].join('\n');
    const host = new MemoryHost({ '/work/both.perf.yaml': text, '/work/run.jtl': JTL });
    const file = analyze(text, '/work/both.perf.yaml', { references: host });
    const [action] = fixesOf(file, lt010(file, /budget's p95 target/));
    const at = text.indexOf('p95: 500ms') + 'p95: '.length;
    assert.deepEqual(action.edits, [{ start: at, end: at + 5, newText: '650ms' }]);
    assert.equal(action.otherFiles, undefined);
  });

  it('no fix when the referenced text cannot be read or no longer holds the value compared against', () => {
    const { file, files } = setUp('{ p95: 600ms, p99: 1200ms, errorRate: 0.1% }', './run.json', {
      '/work/run.json': K6_EXPORT,
    });
    const d = lt010(file, /capacity model's p95Latency/);
    assert.deepEqual(fixesOf(file, d), [], 'without the texts of other files');
    const changed = { ...files, '/work/model.perf.yaml': MODEL.replace('450ms', '470ms') };
    assert.deepEqual(fixesOf(file, d, changed), [], 'the model changed since the analysis');
  });
});
