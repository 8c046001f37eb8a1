// Results import (spec §11): each format parsed from a real file. Artillery 2.0.21, Locust
// 2.12.1 and JMeter 2.13 files were written by those tools against test/realtools/server.mjs
// (50 ms, 1% errors); k6 has no package on this machine, so its three files are built from
// k6's own source (grafana/k6 internal/js/summary.go and summary-wrapper.js for the
// handleSummary data and the legacy --summary-export, internal/lib/summary/machine_readable.go
// and the grafana/k6-summary schema 1.0.0 for the machine-readable summary). Expected figures
// are read off the files by hand (the arithmetic is written out).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_RESULTS_CHARS, parseResults } from '../../server/src/core/results/parse';
import { MeasuredFigures, MeasuredResults } from '../../server/src/core/results/types';
import { nearestRank, percentile } from '../../server/src/core/results/percentiles';
import { locustRoundingMs } from '../../server/src/core/results/locust';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/results');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function parsed(text: string): MeasuredResults {
  const r = parseResults(text);
  if (!r.ok) assert.fail(r.error);
  return r.results;
}

/** The figures as plain numbers (null where the format lacks one). */
const values = (f: MeasuredFigures) =>
  Object.fromEntries(Object.entries(f).map(([k, m]) => [k, m === null ? null : Number(m.value.toFixed(6))]));
const close = (n: number) => Number(n.toFixed(6));

describe('results import: formats detected by content (spec §11)', () => {
  it('k6 handleSummary data: metrics[name].values, sub-metrics by name, state.testRunDurationMs', () => {
    const r = parsed(read('k6-handle-summary.json'));
    assert.equal(r.format, 'k6-handle-summary');
    assert.deepEqual(values(r.overall), {
      rps: 1999,
      errorRate: 0.0007,
      p50: 150.4,
      p95: 462.7,
      p99: 1104.9,
      durationS: 1800, // 1,800,000 ms
    });
    assert.equal(r.overall.p95!.source, 'metrics.http_req_duration.values["p(95)"]');
    // {expected_response:true} is a sub-metric too, but not by request name.
    assert.deepEqual(
      r.requests.map(q => [q.name, q.figures.p95?.value, q.figures.p99?.value]),
      [
        ['search', 488.1, 1180.4],
        ['update', 360.3, 790.6],
      ],
    );
    assert.deepEqual(
      r.thresholds.map(t => `${t.metric} ${t.expression} ${t.failed}`),
      [
        'http_req_duration p(95)<500 false',
        'http_req_duration p(99)<1200 false',
        'http_req_duration{name:search} p(95)<500 false',
        'http_req_duration{name:update} p(95)<500 false',
        'http_req_failed rate<0.001 false',
      ],
    );
  });

  it('k6 --summary-export (legacy): rate metrics use value, a threshold true means FAILED, no p(99) by default', () => {
    const r = parsed(read('k6-summary-export.json'));
    assert.equal(r.format, 'k6-summary-export');
    assert.deepEqual(values(r.overall), {
      rps: 1200,
      errorRate: close(280 / 36000), // passes = true samples of http_req_failed = failed requests
      p50: 171.3,
      p95: 540.6,
      p99: null,
      durationS: 30, // no state in this format: 36,000 requests / 1,200 per second
    });
    assert.equal(r.overall.errorRate!.source, 'metrics.http_req_failed.value');
    assert.deepEqual(
      r.thresholds.map(t => [t.expression, t.failed]),
      [
        ['p(95)<500', true],
        ['p(99)<1200', false],
        ['rate<0.001', true],
      ],
    );
  });

  it('k6 machine-readable summary 1.0.0: a metrics list, config.duration, rate as matches/total, no p(99)', () => {
    const r = parsed(read('k6-machine-summary.json'));
    assert.equal(r.format, 'k6-machine-summary');
    assert.deepEqual(values(r.overall), {
      rps: 2000, // 1,200,000 requests / 600 s
      errorRate: 0.0005,
      p50: 172.5,
      p95: 497.2,
      p99: null,
      durationS: 600,
    });
    assert.deepEqual(r.thresholds, [], 'schema 1.0.0 has no per-threshold results');
    assert.deepEqual(
      r.requests.map(q => [q.name, q.figures.p95?.value]),
      [['search', 512.9]],
    );
  });

  it('Artillery --output JSON (2.0.21, real run): http.* counters, summaries, metrics-by-endpoint', () => {
    const r = parsed(read('artillery-2.0.21.json'));
    assert.equal(r.format, 'artillery');
    const seconds = (1796155502147 - 1796155497656) / 1000; // lastCounterAt − firstCounterAt = 4.491 s
    assert.deepEqual(values(r.overall), {
      rps: close(160 / seconds), // http.requests 160
      errorRate: close(2 / 160), // http.codes.500: 2 of 160 requests
      p50: 83.9,
      p95: 175.9,
      p99: 278.7,
      durationS: close(seconds),
    });
    assert.deepEqual(
      r.requests.map(q => [q.name, values(q.figures).errorRate, q.figures.p95?.value]),
      [['/search (search)', close(2 / 160), 175.9]],
    );
  });

  it('Locust _stats.csv (2.12.1, real run): the Aggregated row; rounding to two significant digits stated', () => {
    const r = parsed(read('locust-2.12.1_stats.csv'));
    assert.equal(r.format, 'locust-stats');
    assert.deepEqual(values(r.overall), {
      rps: close(91.21740529866425),
      errorRate: close(2 / 270),
      p50: 63,
      p95: 95,
      p99: 270,
      durationS: close(270 / 91.21740529866425), // no duration column: count / rate
    });
    assert.equal(r.overall.p95!.source, 'line 4, column "95%"');
    assert.deepEqual(
      r.requests.map(q => [q.name, q.figures.p95?.value]),
      [
        ['search', 86],
        ['view', 95],
      ],
    );
    assert.equal(r.roundsToTwoDigitsFrom, 100);
    assert.match(r.notes.join(' '), /two significant digits/);
  });

  it('JMeter JTL CSV (2.13, real run): raw samples, nearest-rank percentiles, the method stated', () => {
    const r = parsed(read('jmeter-2.13.jtl'));
    assert.equal(r.format, 'jmeter-jtl');
    // 117 samples, 1 with success=false; first start 1796155476043, last end 1796155477896 (1.853 s).
    // Sorted elapsed values: rank ceil(0.5 × 117) = 59 is 61 ms, rank 112 is 136 ms, rank 116 is 295 ms.
    assert.deepEqual(values(r.overall), {
      rps: close(117 / 1.853),
      errorRate: close(1 / 117),
      p50: 61,
      p95: 136,
      p99: 295,
      durationS: 1.853,
    });
    assert.equal(r.overall.p95!.source, 'nearest rank 112 of 117 elapsed values (all samples)');
    assert.deepEqual(
      r.requests.map(q => q.name),
      ['search'],
    );
    assert.match(r.notes.join(' '), /nearest rank/);
  });

  it('JMeter JTL without field names: the default column order', () => {
    const rows = read('jmeter-2.13.jtl').split('\n').slice(1).join('\n');
    assert.equal(parsed(rows).overall.p95!.value, 136);
  });
});

describe('results import: percentile definitions', () => {
  it('nearest rank: ceil(p/100 × n), at least 1, at most n', () => {
    assert.equal(nearestRank(117, 95), 112); // 111.15 → 112
    assert.equal(nearestRank(100, 95), 95);
    assert.equal(nearestRank(1, 99), 1);
    assert.equal(nearestRank(10, 0), 1);
    assert.equal(percentile([10, 20, 30, 40], 50), 20);
    assert.equal(percentile([], 50), undefined);
  });

  it("Locust's rounding: ±0.5 ms below 100 ms, ±5 ms for 100-999 ms, ±50 ms for 1,000-9,999 ms", () => {
    assert.equal(locustRoundingMs(63), 0.5);
    assert.equal(locustRoundingMs(270), 5);
    assert.equal(locustRoundingMs(1200), 50);
  });
});

describe('results import: hostile input is a reason, never a crash or a hang', () => {
  const rejects = (text: string, reason: RegExp) => {
    const r = parseResults(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, reason);
  };
  it('truncated JSON', () => rejects(read('k6-handle-summary.json').slice(0, 500), /not valid JSON.*truncated/));
  it('truncated CSV: a Locust file cut before its Aggregated row, a JTL cut inside a row', () => {
    rejects(read('locust-2.12.1_stats.csv').split('\n').slice(0, 3).join('\n'), /Aggregated/);
    rejects(read('jmeter-2.13.jtl').slice(0, 200) + ',"open quote', /quoted field is not closed/);
  });
  it('garbage, empty, other JSON, JMeter XML', () => {
    rejects('', /empty/);
    rejects('\u0000\u0001garbage', /unrecognised/);
    rejects('{"hello": "world"}', /unrecognised results JSON/);
    rejects('[1, 2, 3]', /not an object/);
    rejects('<?xml version="1.0"?><testResults/>', /XML/);
  });
  it('huge: beyond the size limit before anything is parsed', () =>
    rejects('x'.repeat(MAX_RESULTS_CHARS + 1), /up to 4 M/));
  it('deep nesting and wrong types do not throw', () => {
    rejects('['.repeat(100_000), /not valid JSON|not an object/);
    const odd = parsed(
      '{"metrics": {"http_reqs": {"count": "many", "rate": null}, "http_req_duration": {"p(95)": "fast"}}}',
    );
    assert.deepEqual(values(odd.overall), {
      rps: null,
      errorRate: null,
      p50: null,
      p95: null,
      p99: null,
      durationS: null,
    });
    const artillery = parseResults('{"aggregate": {"counters": {"http.requests": 1e400}, "summaries": []}}');
    assert.ok(artillery.ok);
  });
});
