// `criteria.window` (spec §11; lesson §5.3 "5xx <= 0.1% over 10 minutes"): the criteria hold
// in every window of that length, judged per window from raw samples (JMeter JTL), and only
// over the whole run from a summary. Figures by hand:
// - 25 requests started one a second (0…24 s), 10 s windows: span 24 s = 2 full windows
//   [0, 10) and [10, 20) of 10 samples each, and the final window [14, 24] of 11 (14…24 s).
// - RUN: 41 requests started one a second (0…40 s), 100 ms each but for two of 900 ms at
//   35 s and 38 s. Whole run: p95 = nearest rank ceil(0.95 × 41) = 39 of 41 → 100 ms (the two
//   slow ones are ranks 40, 41). 20 s windows: [0, 20) with 20 samples, [20, 40] with 21:
//   its p95 = rank ceil(0.95 × 21) = 20 of 21 → 900 ms. p99 = the largest in both → 900 ms.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseResults } from '../../server/src/core/results/parse';
import { JudgedTest, judgeResults } from '../../server/src/core/results/judge';
import { runWindows } from '../../server/src/core/results/windows';
import type { MeasuredResults } from '../../server/src/core/results/types';
import { MemoryHost, analyze, findingsOf, lines, perfdoc } from '../fixtures/documents';

const T0 = 1796155476000;
const jtl = (elapsed: (second: number) => number, seconds: number) =>
  lines(
    'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success',
    ...Array.from({ length: seconds }, (_, s) => `${T0 + s * 1000},${elapsed(s)},search,200,OK,users 1-1,text,true`),
  );
const RUN = jtl(s => (s === 35 || s === 38 ? 900 : 100), 41);

function parsed(text: string): MeasuredResults {
  const r = parseResults(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.results;
}

const at = { start: 0, end: 1 };
const judged = (windowMs?: number): JudgedTest => ({
  criteria: { p95: { value: 500, node: at }, p99: { value: 1200, node: at } },
  requestNames: [],
  windowMs,
});
const messages = (test: JudgedTest, results: MeasuredResults) =>
  judgeResults(test, results, {}, './run.jtl')
    .filter(v => v.code === 'LT009')
    .map(v => [v.status, v.criterion, v.message]);

describe('criteria.window: the criteria hold in every window of the run', () => {
  it('cuts raw samples into full windows from the first start; the last one is the final window of the run', () => {
    const cut = runWindows(parsed(jtl(() => 100, 25)).samples!, 10_000);
    assert.equal(cut.shorterThanWindow, false);
    assert.deepEqual(
      cut.windows.map(w => [w.label, w.fromMs, w.toMs, w.figures.p95?.source]),
      [
        [
          'window 1 of 3, 0 ms–10 s into the run',
          0,
          10_000,
          'nearest rank 10 of 10 elapsed values (samples of window 1 of 3, 0 ms–10 s into the run)',
        ],
        [
          'window 2 of 3, 10 s–20 s into the run',
          10_000,
          20_000,
          'nearest rank 10 of 10 elapsed values (samples of window 2 of 3, 10 s–20 s into the run)',
        ],
        [
          'window 3 of 3, 14 s–24 s into the run',
          14_000,
          24_000,
          'nearest rank 11 of 11 elapsed values (samples of window 3 of 3, 14 s–24 s into the run)',
        ],
      ],
    );
  });

  it('a window whose p95 breaks the criterion is LT009 although the whole run meets it', () => {
    const results = parsed(RUN);
    assert.equal(results.overall.p95?.value, 100, 'whole run: rank 39 of 41');
    assert.deepEqual(messages(judged(20_000), results), [
      [
        'fail',
        'p95',
        'measured p95 900 ms in one 20 s window breaks the criterion p95 ≤ 500 ms, which holds over every window (nearest rank 20 of 21 elapsed values (samples of window 2 of 2, 20 s–40 s into the run) in ./run.jtl); the whole run measures 100 ms',
      ],
      [
        'pass',
        'p99',
        'measured p99 900 ms meets p99 ≤ 1.2 s (nearest rank 41 of 41 elapsed values (all samples) in ./run.jtl); in every 20 s window too (worst: 900 ms, window 2 of 2, 20 s–40 s into the run)',
      ],
    ]);
    assert.deepEqual(
      messages(judged(), results).map(([status]) => status),
      ['pass', 'pass'],
      'without a window, the whole run passes',
    );
  });

  it('in a plan: the window LT009 sits on the criterion, with the window figure as measured', () => {
    const plan = perfdoc(
      'LoadTestPlan',
      'tests:',
      '  - { type: load, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1%, window: 20s }, results: ./run.jtl }',
    );
    const file = analyze(plan, '/work/plan.perf.yaml', { references: new MemoryHost({ '/work/run.jtl': RUN }) });
    const [f, ...more] = findingsOf(file, 'LT009');
    assert.equal(more.length, 0);
    assert.equal(file.text.slice(f.start, f.end), '500ms');
    assert.equal(f.data?.measured, 900);
    assert.deepEqual(findingsOf(file, 'PD002'), [], 'window is a known criteria key');
  });

  it('a summary is judged over the whole run, and says so; a run shorter than the window cannot show it', () => {
    const k6 = parsed(
      fs.readFileSync(path.join(__dirname, '../../../test/fixtures/results/k6-handle-summary.json'), 'utf8'),
    );
    // The fixture's run: 30 min (state.testRunDurationMs 1,800,000), p95 462.7 ms.
    const [p95] = messages(judged(300_000), k6);
    assert.equal(
      p95[2],
      'measured p95 462.7 ms meets p95 ≤ 500 ms (metrics.http_req_duration.values["p(95)"] in ./run.jtl); over the whole run only: k6 handleSummary data JSON has no per-window figures',
    );
    const [short] = messages(judged(3_600_000), k6);
    assert.match(
      String(short[2]),
      /; over the whole run only: k6 handleSummary data JSON has no per-window figures; the run \(30 min\) is shorter than the 1 h window: it cannot show the criteria hold over a whole window$/,
    );
    // RUN lasts 40.1 s (last start 40 s + 100 ms): one window, the whole run, whose p95 meets 500 ms.
    const [jmeter] = messages(judged(300_000), parsed(RUN));
    assert.match(
      String(jmeter[2]),
      /^measured p95 100 ms meets .*; the run \(40\.1 s\) is shorter than the 5 min window/,
    );
  });

  it('a window far too short for the run is not cut into more than 10,000 windows', () => {
    const cut = runWindows(parsed(RUN).samples!, 1);
    assert.deepEqual([cut.tooMany, cut.windows.length], [true, 0]);
    const [p95] = messages(judged(1), parsed(RUN));
    assert.match(String(p95[2]), /; not judged per 1 ms window: more than 10,000 windows$/);
  });
});
