// Hovers explain the figures behind a value, with the document's own numbers substituted
// (FORMAT.md §3-§4). The expected figures are computed here from the files' text.
const assert = require('assert');
const {
  activeExtensionApi,
  blockSegments,
  cleanUpEditors,
  hoverText,
  openDoc,
  positionOf,
  rangeOf,
} = require('./helpers');

const thousands = n => n.toLocaleString('en-US');
/** The number after `key:` in the document (`30m` is read as 30). */
const numberAfter = (document, key) =>
  Number(document.getText(rangeOf(document, new RegExp(`^\\s*${key}:\\s*(\\d+)`, 'm'))));

describe('hover', () => {
  before(activeExtensionApi); // the hover provider is registered once the client has started
  afterEach(cleanUpEditors);

  it("gives a queue's workers needed (28 in queue-drain.perf.yaml) and the CM004 rule on its workers value", async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    const backlog = numberAfter(document, 'backlog');
    const ratePerWorker = numberAfter(document, 'ratePerWorker');
    const drainTimeS = numberAfter(document, 'drainTime') * 60;
    const workers = numberAfter(document, 'workers');
    const arrivalRate = numberAfter(document, 'arrivalRate');
    // FORMAT.md §10.4: ceil((backlog / drainTime_s + arrivalRate) / ratePerWorker) = 38 (28 without arrivals)
    const needed = Math.ceil((backlog / drainTimeS + arrivalRate) / ratePerWorker);
    assert.strictEqual(needed, 38);
    const text = await hoverText(document.uri, positionOf(document, /^\s*workers:\s*(\d+)/m));
    const formula = 'workers needed = ceil((backlog work / drainTime_s + arrivalRate) / ratePerWorker)';
    assert.ok(
      text.includes(formula) && text.includes(`) = ${needed}`),
      `hover lacks "${formula} … = ${needed}": ${JSON.stringify(text)}`,
    );
    // The declared workers net workers × ratePerWorker − arrivalRate: 2,000,000 / (28 × 40 − 400) = 2,777.8 s = 46.3 min.
    const drainS = backlog / (workers * ratePerWorker - arrivalRate);
    assert.ok(
      text.includes(`${thousands(drainS)} s`) || text.includes(`${(drainS / 60).toFixed(1)} min`),
      `hover lacks the drain time with ${workers} workers, ${drainS} s: ${JSON.stringify(text)}`,
    );
    assert.match(text, /CM004/, 'the hover on a squiggle explains its rule');
  });

  it("gives a segment's share of the p95 target and the running total in search-api.perf.yaml", async () => {
    const document = await openDoc('search-api.perf.yaml');
    const targetMs = numberAfter(document, 'p95');
    const segment = blockSegments(document).find(s => s.name === 'Database/search query');
    const share = Math.round((segment.budgetMs / targetMs) * 100);
    const text = await hoverText(document.uri, segment.budgetRange.start);
    const expected = `${segment.budgetMs} ms = ${share}% of the p95 target ${targetMs} ms; running total after it: ${segment.runningTotalMs} ms of ${targetMs} ms`;
    assert.ok(text.includes(expected), `hover lacks "${expected}": ${JSON.stringify(text)}`);
    // (1 + retries) × timeout + retries × backoff = 2 × 500 + 50
    assert.ok(
      text.includes('(1 + 1) × 500 ms + 1 × 50 ms = 1.05 s'),
      `hover lacks the worst case: ${JSON.stringify(text)}`,
    );
  });

  it('gives the worst case with timeouts and retries against the request timeout', async () => {
    const document = await openDoc('search-api.perf.yaml');
    const text = await hoverText(document.uri, positionOf(document, /^\s*timeout: (2s)/m));
    // 220 ms of plain segments + auth 220 + cache 50 + search 1,050 (the file's header comment)
    assert.ok(
      text.includes('worst case with timeouts and retries: 1.54 s, within the 2 s timeout'),
      JSON.stringify(text),
    );
  });

  it("gives in-flight requests by Little's law on the peak rate of case-api-capacity.perf.yaml", async () => {
    const document = await openDoc('case-api-capacity.perf.yaml');
    const peakRps = numberAfter(document, 'peakRps');
    const latencyS = numberAfter(document, 'latency') / 1000;
    const p95LatencyS = numberAfter(document, 'p95Latency') / 1000;
    const text = await hoverText(document.uri, positionOf(document, /^\s*peakRps:\s*(\d+)/m));
    for (const [label, seconds] of [
      ['now, at the average latency', latencyS],
      ['at p95 latency', p95LatencyS],
    ]) {
      const expected = `${label}: ${thousands(peakRps)} rps × ${seconds} s = ${thousands(peakRps * seconds)} in flight`;
      assert.ok(text.includes(expected), `hover lacks "${expected}": ${JSON.stringify(text)}`);
    }
  });
});
