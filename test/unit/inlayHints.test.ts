import * as assert from 'node:assert/strict';
import { FileAnalysis, ReferenceHost, analyzeFile } from '../../server/src/core/analyze';
import { inlayHints } from '../../server/src/service/inlayHints';
import { LITTLE_CAPACITY, ORDERS_QUEUE, SEARCH_BUDGET, longBudgetAnalysis } from './figureFixtures';

/** Hints as `line:character label` (zero-based, as LSP), for the whole file or the given lines. */
function rendered(file: FileAnalysis, fromLine = 0, toLine = file.lines.lineCount - 1): string[] {
  return inlayHints(file, file.lines.lineStart(fromLine), file.lines.lineEnd(toLine)).map(h => {
    const p = file.lines.positionAt(h.offset);
    return `${p.line}:${p.character} ${h.label}`;
  });
}

describe('inlay hints', () => {
  it('put the critical-path sum after `segments:` and the running total after each budget (§5)', () => {
    const file = analyzeFile('/w/search.perf.yaml', SEARCH_BUDGET);
    assert.deepEqual(rendered(file), [
      '7:13 worst case 1.51 s', // after `  timeout: 2s`
      '8:9 Σ 500 ms · 100% of p95', // after `segments:`
      '10:16 Σ 40 ms',
      '12:16 Σ 70 ms',
      '14:16 Σ 110 ms',
      '21:16 Σ 190 ms',
      '23:16 Σ 210 ms',
      '25:17 Σ 430 ms', // after `    budget: 220ms` of Database/search query
      '32:16 Σ 470 ms',
      '34:16 Σ 500 ms',
    ]);
  });

  it('return only the hints inside the requested range', () => {
    const file = analyzeFile('/w/search.perf.yaml', SEARCH_BUDGET);
    assert.deepEqual(rendered(file, 24, 31), ['25:17 Σ 430 ms']);
    assert.deepEqual(rendered(file, 0, 6), []);
  });

  it('give a parallel group its slowest call and the running total, and skip async segments', () => {
    const text = SEARCH_BUDGET.replace(
      '  - name: Buffer',
      [
        '  - name: Audit',
        '    budget: 5ms',
        '    async: true',
        '  - name: Enrichment',
        '    parallel:',
        '      - { name: profile, budget: 60ms }',
        '      - { name: history, budget: 80ms }',
        '  - name: Buffer',
      ].join('\n'),
    );
    const labels = rendered(analyzeFile('/w/p.perf.yaml', text)).map(h => h.split(' ').slice(1).join(' '));
    assert.deepEqual(labels.slice(-3), ['Σ 470 ms', 'max 80 ms · Σ 550 ms', 'Σ 580 ms']);
  });

  it("show in-flight work by Little's law (§4.3: 500 rps × 200 ms = 100) and the tier, db and quota figures", () => {
    const file = analyzeFile('/w/api.perf.yaml', LITTLE_CAPACITY());
    assert.deepEqual(rendered(file), [
      '4:14 → 100 in flight', // `  peakRps: 500`
      '6:19 → 300 at p95', // `  p95Latency: 600ms`
      '8:19 → 750 rps required', // `  safetyFactor: 1.5`
      '13:28 needs 11', // after `max: 12` inside `{ min: 2, max: 12 }`
      '17:12 → 500 rps', // after `  - name: db`: api's 500 rps × 1 call (§10.1)
      '18:23 120 at max scale', // `    maxConnections: 100`
      '21:14 peak 100 in flight · 300 at p95', // `    limit: 250`
    ]);
  });

  it('derive the peak from averageRps × burstMultiplier, and show the latency borrowed with latencyFrom', () => {
    const budget = analyzeFile('/w/search.perf.yaml', SEARCH_BUDGET);
    const host: ReferenceHost = { documentsOf: () => budget.documents };
    const text = LITTLE_CAPACITY('latencyFrom: ./search.perf.yaml')
      .replace('  peakRps: 500\n', '  averageRps: 100\n  burstMultiplier: 5\n')
      .replace('  p95Latency: 600ms\n', '');
    assert.deepEqual(rendered(analyzeFile('/w/api.perf.yaml', text, { references: host })).slice(0, 2), [
      '5:20 → peak 500 rps · 75 in flight', // after `  burstMultiplier: 5`: 100 × 5 rps × the budget's 150 ms p50 (§9)
      '6:33 → 150 ms · p95 500 ms', // after `  latencyFrom: ./search.perf.yaml`: p50 target, p95 path
    ]);
  });

  it('show the workers a queue needs (§20 ex. 2: 28) after its workers', () => {
    assert.deepEqual(rendered(analyzeFile('/w/orders.perf.yaml', ORDERS_QUEUE)), ['9:15 needs 28']);
  });

  it("explain the workers with v1.1's formula, arrivals included (§10.4), not v1's backlog / drain time", () => {
    const [hint] = inlayHints(analyzeFile('/w/orders.perf.yaml', ORDERS_QUEUE), 0, ORDERS_QUEUE.length);
    assert.equal(
      hint.tooltip,
      'workers needed = ceil((backlog work / drainTime_s + arrivalRate) / ratePerWorker) (§8.4, §10.4)',
    );
  });

  it('land inside the fence of a Markdown design doc', () => {
    const md = `# Orders\n\nDrain after the outage (§20):\n\n\`\`\`yaml\n${ORDERS_QUEUE}\`\`\`\n`;
    assert.deepEqual(rendered(analyzeFile('/w/design.md', md)), ['14:15 needs 28']);
  });

  describe('on a 10,000-segment budget', () => {
    before(function () {
      this.timeout(120_000);
      longBudgetAnalysis();
    });

    // Latency is measured by `npm run bench`, not asserted here: timed unit tests flake.
    it("answer a 100-line window with that window's hints only", () => {
      const file = longBudgetAnalysis();
      const windows = [5, 9_000, 18_000, file.lines.lineCount - 101].map(l => [
        file.lines.lineStart(l),
        file.lines.lineEnd(l + 100),
      ]);
      const mid = inlayHints(file, windows[1][0], windows[1][1]);
      assert.ok(mid.length >= 40 && mid.length <= 50, `${mid.length} hints in 100 lines`);
      assert.ok(mid.every(h => h.offset >= windows[1][0] && h.offset <= windows[1][1]));
      for (const [start, end] of windows)
        assert.ok(inlayHints(file, start, end).every(h => h.offset >= start && h.offset <= end));
    });
  });
});
