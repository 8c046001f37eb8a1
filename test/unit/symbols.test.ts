import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../../server/src/core/analyze';
import { documentSymbols } from '../../server/src/service/symbols';
import { SymbolItem } from '../../server/src/service/types';

const REPO = path.resolve(__dirname, '..', '..', '..');

const budget = [
  'apiVersion: perfdoc/v1',
  'kind: LatencyBudget',
  'name: Search',
  'target:',
  '  p95: 500ms',
  '  timeout: 2s',
  'segments:',
  '  - { name: edge, budget: 40ms }',
  '  - name: fan-out',
  '    parallel:',
  '      - { name: profile, budget: 60ms }',
  '      - { name: history, budget: 80ms }',
  '  - { name: audit, budget: 5ms, async: true }',
  '---',
  'apiVersion: perfdoc/v1',
  'kind: CapacityModel',
  'name: Case API',
  'traffic: { peakRps: 2000, latency: 150ms }',
  'tiers:',
  '  - name: api',
  '    unitRps: 300',
  '    units: { min: 4, max: 20 }',
  '  - name: db',
  '    maxConnections: 500',
  'quotas:',
  '  - { name: Lambda concurrency, limit: 1000 }',
  'queues:',
  '  - { name: orders, backlog: 2000000, workers: 28 }',
  '---',
  'apiVersion: perfdoc/v1',
  'kind: LoadTestPlan',
  'name: Case search',
  'tests:',
  '  - type: load',
  '    rps: 2000',
  '  - { type: failover, name: One AZ removed }',
  '',
].join('\n');

/** `name (detail)` of a symbol and its children, for comparing outlines at a glance. */
function outline(s: SymbolItem): unknown {
  const label = s.detail ? `${s.kind} ${s.name} (${s.detail})` : `${s.kind} ${s.name}`;
  return s.children.length ? { [label]: s.children.map(outline) } : label;
}

/** Every symbol lies inside its parent and selects a part of itself (what LSP clients require). */
function assertNested(s: SymbolItem, parent?: SymbolItem): void {
  assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, `${s.name}: selection outside its range`);
  if (parent) assert.ok(parent.start <= s.start && s.end <= parent.end, `${s.name} outside ${parent.name}`);
  for (const c of s.children) assertNested(c, s);
}

describe('document symbols', () => {
  it('outlines each document with its parts, budgets and groups', () => {
    const text = budget;
    const symbols = documentSymbols(analyzeFile('/w/all.perf.yaml', text));
    assert.deepEqual(symbols.map(outline), [
      {
        'document LatencyBudget: Search (Σ 120 ms · 24% of p95 500 ms · headroom 380 ms)': [
          'target target (p95 500ms · timeout 2s)',
          {
            'section segments (3 entries)': [
              'segment edge (40ms)',
              { 'group fan-out (parallel, 2 calls)': ['segment profile (60ms)', 'segment history (80ms)'] },
              'segment audit (5ms · async)',
            ],
          },
        ],
      },
      {
        'document CapacityModel: Case API (300 in flight · needs 2,000 rps with headroom · breaks first: api tier at 3× peak, 6,000 rps)':
          [
            'section traffic (peakRps 2000 · latency 150ms)',
            {
              'section tiers (2 entries)': [
                'tier api (unitRps 300 · units min: 4, max: 20)',
                'tier db (maxConnections 500)',
              ],
            },
            { 'section quotas (1 entry)': ['quota Lambda concurrency (limit 1000)'] },
            { 'section queues (1 entry)': ['queue orders (backlog 2000000 · workers 28)'] },
          ],
      },
      {
        'document LoadTestPlan: Case search (2 of 8 test types · missing smoke, baseline, stress, spike, soak, backlog-drain)':
          [{ 'section tests (2 entries)': ['test load (rps 2000)', 'test One AZ removed (type failover)'] }],
      },
    ]);
    for (const s of symbols) assertNested(s);
  });

  it('ranges come from the tree: an item spans its mapping and selects its name', () => {
    const [lb] = documentSymbols(analyzeFile('/w/all.perf.yaml', budget));
    const edge = lb.children[1].children[0];
    assert.equal(budget.slice(edge.selectionStart, edge.selectionEnd), 'edge');
    assert.equal(budget.slice(edge.start, edge.end).trimEnd(), '{ name: edge, budget: 40ms }');
    const group = lb.children[1].children[1];
    assert.equal(
      budget.slice(group.start, group.end).trim(),
      'name: fan-out\n    parallel:\n      - { name: profile, budget: 60ms }\n      - { name: history, budget: 80ms }',
    );
    assert.equal(budget.slice(lb.selectionStart, lb.selectionEnd), 'name: Search');
  });

  it('outlines the fenced documents of a Markdown design doc inside their fences', () => {
    const file = path.join(REPO, 'examples', 'design-doc.md');
    const text = fs.readFileSync(file, 'utf8');
    const analysis = analyzeFile(file, text);
    const symbols = documentSymbols(analysis);
    assert.equal(symbols.length, analysis.documents.length);
    assert.ok(symbols.length >= 2);
    for (const s of symbols) {
      assertNested(s);
      const before = text.slice(0, s.start);
      assert.ok(/```(yaml|perfdoc)[^\n]*\n[^`]*$/.test(before), `${s.name} starts inside a fence`);
    }
  });

  it('still outlines a document with mistakes, without the parts that are not there', () => {
    const [doc] = documentSymbols(analyzeFile('/w/bad.perf.yaml', 'apiVersion: perfdoc/v1\nkind: Nope\nsegments: 3\n'));
    assert.equal(doc.name, 'YAML document: (unnamed)');
    assert.deepEqual(
      doc.children.map(c => c.name),
      ['segments'],
    );
  });

  it('outlines every segment of a 10,000-segment budget', function () {
    this.timeout(120_000);
    const segs = Array.from({ length: 10_000 }, (_, i) => `  - name: s${i}\n    budget: 1ms`);
    const analysis = analyzeFile(
      '/w/big.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: Big\ntarget: { p95: 20s }\nsegments:\n' +
        segs.join('\n') +
        '\n',
    );
    const [doc] = documentSymbols(analysis);
    assert.equal(doc.children[1].children.length, 10_000);
  });
});
