// Degenerate models and extreme quantities: a zero where a formula divides, YAML's .nan and
// .inf, 1e999, numbers whose products overflow. Each gets a clear diagnostic at the value,
// and no figure, message, hover, inlay hint or lens ever says NaN or Infinity.
import * as assert from 'node:assert/strict';
import { FileAnalysis, fileDiagnostics } from '../../server/src/core/analyze';
import { headline, keyFigures } from '../../server/src/core/summary';
import { hoverAt } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { codeLenses } from '../../server/src/service/codeLens';
import { analyze, assertAt, capacityModel, findingsOf, latencyBudget, single } from '../fixtures/documents';
import { assertFiniteFigures, assertSaysNoNaN } from '../fixtures/hostile/invariants';

/** Everything a person reads about the figures: messages, summaries, hovers everywhere, hints, lenses. */
function assertNothingSaysNaN(file: FileAnalysis): void {
  const said: [string, string][] = [];
  for (const d of fileDiagnostics(file)) said.push([`${d.code} message`, d.message]);
  for (const d of file.documents) {
    assertFiniteFigures(d.metrics, 'metrics');
    said.push(['headline', headline(d) ?? ''], ...keyFigures(d).map((k): [string, string] => ['key figure', k]));
  }
  for (let offset = 0; offset <= file.text.length; offset++)
    said.push([`hover at ${offset}`, hoverAt(file, offset)?.markdown ?? '']);
  for (const h of inlayHints(file, 0, file.text.length)) said.push(['inlay hint', `${h.label} ${h.tooltip ?? ''}`]);
  for (const l of codeLenses(file)) said.push(['code lens', l.title]);
  for (const [where, text] of said) assertSaysNoNaN(where, text);
}

const queue = (fields: string) =>
  capacityModel(
    '{ peakRps: 100, latency: 10ms }',
    '{ safetyFactor: 1.5 }',
    'queues:',
    `  - { name: orders, ${fields} }`,
  );
const tier = (fields: string) =>
  capacityModel('{ peakRps: 2000, latency: 150ms }', '{ safetyFactor: 1.5 }', 'tiers:', `  - { name: api, ${fields} }`);

describe('hostile input: degenerate models and extreme quantities', () => {
  describe('a zero where a formula divides', () => {
    it('ratePerWorker 0: CM004 says the workers never drain the queue', () => {
      const file = analyze(queue('backlog: 2000000, ratePerWorker: 0/s, drainTime: 30m, workers: 20'));
      const f = single(file, 'CM004');
      assert.equal(
        f.message,
        'queue "orders" has ratePerWorker 0: workers that process nothing never drain its 2,000,000 messages (§8.4)',
      );
      assertAt(file, f, '0/s');
      assertNothingSaysNaN(file);
      assert.deepEqual(
        keyFigures(file.documents[0]).filter(k => k.startsWith('queue')),
        [
          'queue orders: workers needed n/a (ratePerWorker is 0/s: workers that process nothing never drain the backlog) (has 20); drains in n/a',
        ],
      );
    });

    it('drainTime 0: CM004 says no number of workers can drain in no time', () => {
      const file = analyze(queue('backlog: 2000000, ratePerWorker: 40/s, drainTime: 0s, workers: 20'));
      assertAt(file, single(file, 'CM004'), '0s');
      assert.match(single(file, 'CM004').message, /must drain 2,000,000 messages in no time/);
      assertNothingSaysNaN(file);
    });

    it('workers 0: CM004 says they never drain it (it said "0 take 0 ms")', () => {
      const file = analyze(queue('backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 0'));
      assert.match(single(file, 'CM004').message, /needs 28 workers .*; 0 never drain it/);
      assertNothingSaysNaN(file);
    });

    it('an empty backlog needs no workers and gets no CM004', () => {
      const file = analyze(queue('backlog: 0, ratePerWorker: 0/s, drainTime: 0s, workers: 0'));
      assert.deepEqual(findingsOf(file, 'CM004'), []);
      assertNothingSaysNaN(file);
    });

    for (const [what, fields, code] of [
      ['units 0', 'unitRps: 300, units: 0, zones: 3', 'CM001'],
      ['units { max: 0 }', 'unitRps: 300, units: { min: 0, max: 0 }, zones: 3', 'CM001'],
      ['unitRps 0', 'unitRps: 0, units: 4, zones: 3', 'CM001'],
      ['zones 0', 'unitRps: 300, units: 20, zones: 0', 'CM002'],
    ] as const) {
      it(`${what}: ${code}, and every figure stays finite`, () => {
        const file = analyze(tier(fields));
        assert.ok(
          findingsOf(file, code).length >= 1,
          fileDiagnostics(file)
            .map(d => d.message)
            .join('\n'),
        );
        assertNothingSaysNaN(file);
      });
    }

    it('peak, latency, safety factor and maxUtilization of 0 leave figures finite', () => {
      assertNothingSaysNaN(
        analyze(
          capacityModel(
            '{ peakRps: 0, latency: 0ms, p95Latency: 0ms }',
            '{ safetyFactor: 0, maxUtilization: 0% }',
            'tiers:',
            '  - { name: api, unitRps: 300, units: 4, zones: 3 }',
            'quotas:',
            '  - { name: lambda, limit: 0 }',
          ),
        ),
      );
    });

    it('a 0 ms target: PD002 on each zero target, no share of it anywhere', () => {
      const file = analyze(
        latencyBudget(
          ['- { name: edge, budget: 0ms }', '- { name: db, budget: 0ms }'],
          '{ p50: 0ms, p95: 0ms, p99: 0ms, timeout: 0ms }',
        ),
      );
      const zero = findingsOf(file, 'PD002');
      assert.deepEqual(
        zero.map(f => f.message),
        ['p50', 'p95', 'p99', 'timeout'].map(k => `target.${k} must be above 0 ms: no request completes in no time`),
      );
      assertNothingSaysNaN(file);
      assertNothingSaysNaN(
        analyze(latencyBudget(['- { name: edge, budget: 40ms }'], '{ p95: 0ms, p99: 0ms, timeout: 0s }')),
      );
    });
  });

  describe('extreme quantities', () => {
    it('YAML .nan and .inf are PD003 "must be a finite number", with no "append ms" fix', () => {
      const file = analyze(latencyBudget(['- { name: edge, budget: .nan }'], '{ p95: .inf, p99: -.inf, timeout: 2s }'));
      const pd003 = findingsOf(file, 'PD003');
      assert.equal(pd003.length, 3);
      for (const f of pd003) {
        assert.match(f.message, /: a duration must be a finite number with a unit, e.g. 40ms$/);
        assert.equal(f.data, undefined);
      }
      assertNothingSaysNaN(file);
    });

    it('a count of .inf is a PD002 that names it as written', () => {
      const file = analyze(tier('unitRps: 300, units: .inf, zones: .nan'));
      assert.deepEqual(
        findingsOf(file, 'PD002').map(f => f.message),
        ['tiers[0].units must be a whole number, got .inf', 'tiers[0].zones must be a whole number, got .nan'],
      );
    });

    it('1e999 (Infinity once parsed) is PD003 for a quantity', () => {
      const file = analyze(capacityModel('{ peakRps: 1e999, latency: 1e999ms }', '{ safetyFactor: 1.5 }'));
      assert.deepEqual(
        findingsOf(file, 'PD003').map(f => f.message),
        ['peakRps: a rate must be a finite number', 'latency: a duration must be a finite number'],
      );
      assertNothingSaysNaN(file);
    });

    it('huge values whose sums and products would overflow are PD006 at the value', () => {
      const file = analyze(
        latencyBudget(
          [
            '- { name: a, budget: 1e308ms }',
            '- { name: b, budget: 1e308ms, dependency: db, timeout: 1e308ms, retries: 9007199254740993 }',
          ],
          '{ p95: 1e16ms, p99: 1e308ms, timeout: 1e308s }',
        ),
      );
      const limits = findingsOf(file, 'PD006');
      assert.ok(limits.length >= 5, limits.map(f => f.message).join('\n'));
      assertAt(file, limits[0], '1e16ms');
      assert.equal(limits[0].message, "p95: 1e16ms is beyond perfdoc's analysis limits (at most 1e15 ms)");
      assert.ok(
        limits.some(f => f.message === "retries: 9007199254740992 is beyond perfdoc's analysis limits (at most 1e15)"),
      );
      assertNothingSaysNaN(file);
    });

    it('tiny non-zero values that would divide to Infinity are PD006', () => {
      const file = analyze(
        capacityModel(
          '{ peakRps: 1e15, latency: 1ms }',
          '{ safetyFactor: 1e15, maxUtilization: 1e-300 }',
          'tiers:',
          '  - { name: api, unitRps: 1e-300, units: 4, zones: 3 }',
          'queues:',
          '  - { name: q, backlog: 1000, ratePerWorker: 1e-300/s, drainTime: 1e-300ms, workers: 2 }',
        ),
      );
      assert.deepEqual(
        findingsOf(file, 'PD006').map(f => f.message.replace(/:.*?(is|\(0)/, ': … $1')),
        [
          "maxUtilization: … is too small for perfdoc's figures (0, or at least 1e-9)",
          "unitRps: … is too small for perfdoc's figures (0, or at least 1e-9/s)",
          "ratePerWorker: … is too small for perfdoc's figures (0, or at least 1e-9/s)",
          "drainTime: … is too small for perfdoc's figures (0, or at least 1e-9 ms)",
        ],
      );
      assertNothingSaysNaN(file);
    });

    it('the largest values allowed still give finite figures', () => {
      assertNothingSaysNaN(
        analyze(
          capacityModel(
            '{ peakRps: 1e15, latency: 1e15ms, p95Latency: 1e15ms }',
            '{ safetyFactor: 1e15, maxUtilization: 1e-9 }',
            'tiers:',
            '  - { name: api, unitRps: 1e-9, units: 1000000000000000, zones: 1000000000000000, connectionsPerUnit: 1000000000000000, dependsOn: [db] }',
            '  - { name: db, maxConnections: 1 }',
            'queues:',
            '  - { name: q, backlog: 1000000000000000, ratePerWorker: 1e-9/s, drainTime: 1e-9ms, workers: 1000000000000000, connectionsPerWorker: 1000000000000000, dependsOn: [db] }',
            'quotas:',
            '  - { name: z, limit: 1000000000000000 }',
          ),
        ),
      );
    });
  });
});
