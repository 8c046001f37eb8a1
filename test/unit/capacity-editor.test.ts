// Editor features of the CapacityModel v1.1 (FORMAT.md §10.8): the hover on a scenario lists
// what breaks in it with figures, a quick fix adds the three §21 scenarios to a model with
// none, and completion knows tier, cache, queue and dependency names where the schema cannot.
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/service/hover';
import { codeActions } from '../../server/src/service/codeActions';
import { completions } from '../../server/src/service/completion';
import { TextEdit } from '../../server/src/service/types';
import { offsetOf } from './figureFixtures';

const MODEL = [
  'apiVersion: perfdoc/v1',
  'kind: CapacityModel',
  'name: Case API',
  'traffic: { peakRps: 2000, latency: 150ms }',
  'headroom: { safetyFactor: 1.5, maxUtilization: 70% }',
  'tiers:',
  '  - { name: api, unitRps: 300, units: { min: 15, max: 21 }, zones: 3, dependsOn: [cache] }',
  '  - { name: cache, hitRatio: 90%, missesTo: db }',
  '  - { name: db, unitRps: 500, units: 2 }',
  'queues:',
  '  - { name: events, workers: 4, ratePerWorker: 10/s }',
  'quotas:',
  '  - { name: Lambda concurrency, limit: 1000 }',
  '',
].join('\n');

const applyEdits = (text: string, edits: TextEdit[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

describe('editor: CapacityModel scenarios and names (§10.8)', () => {
  it('the hover on a scenario says what it changes and what breaks, with figures', () => {
    const text = `${MODEL}scenarios:\n  - name: One AZ removed\n    zoneLost: true\n  - name: Cache cold\n    hitRatio: { cache: 0% }\n`;
    const file = analyzeFile('/w/m.perf.yaml', text);
    const az = hoverAt(file, offsetOf(text, 'One AZ removed'))!.markdown;
    // 21 over 3 zones keep 14: 14 × 300 / 2,000 = 2.1× still; unitsNeeded 15 > 14 (CM001).
    assert.match(az, /^\*\*Scenario One AZ removed\*\* · §10\.8/m);
    assert.ok(az.includes('one zone lost: api 21 → 14 units'), az);
    assert.ok(az.includes('CM001 (error): tier "api" needs 15 units'), az);
    const cold = hoverAt(file, offsetOf(text, 'Cache cold'))!.markdown;
    // db: 2,000 misses on 2 × 500 = 1,000 rps: reached at 0.5× (base: 200 misses, 5×).
    assert.ok(cold.includes("breaks: db tier at 0.5× the scenario's peak (1,000 rps)"), cold);
  });

  it('a quick fix on a top-level key adds the §21 scenarios to a model with none; the result analyzes them', () => {
    const file = analyzeFile('/w/m.perf.yaml', MODEL);
    const offset = offsetOf(MODEL, 'tiers:');
    const action = codeActions(file, offset, offset, []).find(a => a.title.startsWith('Add the §21 what-if scenarios'));
    assert.ok(action);
    const fixed = applyEdits(MODEL, action.edits);
    assert.ok(
      fixed.endsWith(
        [
          'scenarios:',
          '  - { name: One AZ removed, zoneLost: true }',
          '  - { name: Cache hit rate 0, hitRatio: { cache: 0% } }',
          '  - { name: Downstream 10x slower, latency: 10x }',
          '',
        ].join('\n'),
      ),
      fixed,
    );
    const after = analyzeFile('/w/m.perf.yaml', fixed).documents[0];
    assert.deepEqual(Object.keys(after.metrics.scenarios as object), [
      'One AZ removed',
      'Cache hit rate 0',
      'Downstream 10x slower',
    ]);
    assert.ok(!after.findings.some(f => f.code === 'PD002' || f.code === 'PD001'));
    // Not offered again, nor inside a value.
    assert.equal(
      codeActions(analyzeFile('/w/m.perf.yaml', fixed), offset, offset, []).filter(a =>
        a.title.startsWith('Add the §21'),
      ).length,
      0,
    );
    const inValue = offsetOf(MODEL, 'unitRps: 300');
    assert.equal(codeActions(file, inValue, inValue, []).filter(a => a.title.startsWith('Add the §21')).length, 0);
  });

  const complete = (text: string) => {
    const offset = text.indexOf('¦');
    return completions(analyzeFile('/w/m.perf.yaml', text.replace('¦', '')), offset);
  };

  it('completes tiers and queues in appliesTo, block and flow', () => {
    const flow = complete(MODEL.replace('limit: 1000 }', 'limit: 1000, appliesTo: [api, ¦] }'));
    assert.deepEqual(
      flow.map(i => i.label),
      ['cache', 'db', 'events'],
    );
    const block = complete(`${MODEL}  - name: Threads\n    limit: 10\n    appliesTo:\n      - ¦\n`);
    assert.deepEqual(
      block.map(i => i.label),
      ['api', 'cache', 'db', 'events'],
    );
  });

  it('completes cache tiers in a scenario hitRatio and tiers in its latency', () => {
    const hit = complete(`${MODEL}scenarios:\n  - name: s\n    hitRatio:\n      ¦\n`);
    assert.deepEqual(
      hit.map(i => [i.label, i.insertText]),
      [['cache', 'cache: 0%']],
    );
    const latency = complete(`${MODEL}scenarios:\n  - name: s\n    latency:\n      ¦\n`);
    assert.deepEqual(
      latency.map(i => i.label),
      ['api', 'cache', 'db'],
    );
    assert.equal(latency[0].insertText, 'api: 10x');
  });

  it('completes the tier a missesTo names', () => {
    const items = complete(
      MODEL.replace("'  - { name: cache, hitRatio: 90%, missesTo: db }'", '').replace(
        'missesTo: db }',
        'missesTo: ¦ }',
      ),
    );
    assert.deepEqual(
      items.map(i => i.label),
      ['api', 'cache', 'db'],
    );
  });
});
