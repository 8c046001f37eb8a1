import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../../server/src/core/analyze';
import { SourceHost, definitionAt } from '../../server/src/service/definition';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** A workspace of texts by absolute path, resolving references the way the server's workspace does. */
function hostOf(files: Record<string, string>): SourceHost {
  return {
    documentsOf: p => (p in files ? analyzeFile(p, files[p]).documents : { error: `${p} does not exist` }),
    textOf: p => files[p],
  };
}

const budgets = [
  'apiVersion: perfdoc/v1',
  'kind: LatencyBudget',
  'name: Search',
  'target: { p95: 500ms }',
  'segments: [{ name: a, budget: 40ms }]',
  '---',
  'apiVersion: perfdoc/v1',
  'kind: LatencyBudget',
  'name: Timeline',
  'target: { p95: 300ms }',
  'segments: [{ name: b, budget: 40ms }]',
  '',
].join('\n');

describe('go to definition', () => {
  it('goes from budget: and capacity: of the example plan to the kind: line of each referenced document', () => {
    const dir = path.join(REPO, 'examples');
    const files = Object.fromEntries(
      ['case-search-loadtest.perf.yaml', 'search-api.perf.yaml', 'case-api-capacity.perf.yaml'].map(f => [
        path.join(dir, f),
        fs.readFileSync(path.join(dir, f), 'utf8'),
      ]),
    );
    const host = hostOf(files);
    const planPath = path.join(dir, 'case-search-loadtest.perf.yaml');
    const plan = analyzeFile(planPath, files[planPath], { references: host });
    for (const [needle, target] of [
      ['./search-api.perf.yaml', 'search-api.perf.yaml'],
      ['./case-api-capacity.perf.yaml', 'case-api-capacity.perf.yaml'],
    ]) {
      const at = files[planPath].indexOf(needle, files[planPath].indexOf('\nbudget:'));
      const hit = definitionAt(plan, at + 3, host);
      assert.ok(hit, needle);
      assert.equal(hit.path, path.join(dir, target));
      const line = files[hit.path].split('\n')[hit.range.start.line];
      assert.match(line, /^kind: (LatencyBudget|CapacityModel)$/);
      assert.equal(hit.range.start.character, 0);
    }
  });

  it('picks a document by its #name, among several in the target file', () => {
    const host = hostOf({ '/w/budgets.perf.yaml': budgets });
    const text =
      'apiVersion: perfdoc/v1\nkind: CapacityModel\nname: API\ntraffic:\n  peakRps: 100\n  latencyFrom: ./budgets.perf.yaml#Timeline\n';
    const model = analyzeFile('/w/model.perf.yaml', text, { references: host });
    const hit = definitionAt(model, text.indexOf('#Timeline'), host);
    assert.deepEqual(hit, {
      path: '/w/budgets.perf.yaml',
      range: { start: { line: 7, character: 0 }, end: { line: 7, character: 19 } },
    });
  });

  it('lands at the start of an existing file whose document does not match, and nowhere for a missing file', () => {
    const host = hostOf({ '/w/budgets.perf.yaml': budgets });
    const text =
      'apiVersion: perfdoc/v1\nkind: LoadTestPlan\nname: P\nbudget: ./budgets.perf.yaml#Nope\ncapacity: ./missing.perf.yaml\ntests: [{ type: load }]\n';
    const plan = analyzeFile('/w/plan.perf.yaml', text, { references: host });
    assert.deepEqual(definitionAt(plan, text.indexOf('#Nope'), host), {
      path: '/w/budgets.perf.yaml',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    assert.equal(definitionAt(plan, text.indexOf('missing'), host), null);
  });

  it('answers nothing off a reference value', () => {
    const host = hostOf({ '/w/budgets.perf.yaml': budgets });
    const text =
      'apiVersion: perfdoc/v1\nkind: LoadTestPlan\nname: P\nbudget: ./budgets.perf.yaml\ntests: [{ type: load }]\n';
    const plan = analyzeFile('/w/plan.perf.yaml', text, { references: host });
    assert.equal(definitionAt(plan, text.indexOf('name'), host), null);
    assert.equal(definitionAt(plan, text.indexOf('budget:'), host), null, 'on the key');
    assert.equal(definitionAt(plan, text.indexOf('./budgets') + 4, host)?.range.start.line, 1);
  });
});
