// Suppressions and extension keys (FORMAT.md §13): `# perfdoc-disable-next-line CODE -- reason`
// moves the covered findings from `findings` to `suppressed` with the reason; without a reason
// (or with a code that is no rule) PD007 and nothing is suppressed; `x-` keys pass the schema
// anywhere and change no figure.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  assertCodes,
  assertNo,
  blockPoolsModel,
  capacityModel,
  lines,
  onlyDocument,
  single,
} from '../fixtures/documents';
import type { FileAnalysis } from '../../server/src/core/analyze';

const HEADROOM = '{ safetyFactor: 1.5 }';
/** 21 api units × 20 connections = 420 into db, over its maxConnections of 400 (CM003), block style. */
const pools = (...dbLines: string[]) => blockPoolsModel(HEADROOM, ...dbLines);
const DB = ['  - name: db', '    maxConnections: 400'];
const REASON = 'RDS Proxy multiplexes these; agreed in review 2026-11-30';

const suppressed = (file: FileAnalysis) => file.documents.flatMap(d => d.suppressed);

describe('suppressions (spec §13)', () => {
  it('the analysis without a directive has the CM003 this suite suppresses', () => {
    single(analyze(pools(...DB)), 'CM003');
  });

  it('a directive above a list item suppresses the code anywhere in that item, keeping the reason', () => {
    const file = analyze(pools(`  # perfdoc-disable-next-line CM003 -- ${REASON}`, ...DB));
    assertNo(file, 'CM003');
    assertNo(file, 'PD007');
    const [s] = suppressed(file);
    assert.equal(s.code, 'CM003');
    assert.equal(s.suppressed, REASON);
    assert.equal(file.text.slice(s.start, s.end), '400');
  });

  it('the reason is required: without it PD007 at the directive and nothing is suppressed', () => {
    const text = pools('  # perfdoc-disable-next-line CM003', ...DB);
    const file = analyze(text);
    single(file, 'CM003');
    const pd007 = single(file, 'PD007');
    assert.equal(pd007.severity, 'warning');
    assert.equal(file.text.slice(pd007.start, pd007.end), '# perfdoc-disable-next-line CM003');
    assert.match(pd007.message, /without a reason suppresses nothing/);
    assert.deepEqual(suppressed(file), []);
    // "--" with nothing after it is no reason either
    single(analyze(pools('  # perfdoc-disable-next-line CM003 --   ', ...DB)), 'PD007');
  });

  it('only the codes named: a directive for CM005 leaves CM003', () => {
    const file = analyze(pools(`  # perfdoc-disable-next-line CM005 -- ${REASON}`, ...DB));
    single(file, 'CM003');
    assert.deepEqual(suppressed(file), []);
  });

  it('several codes, comma separated (spaces allowed, case-insensitive)', () => {
    const file = analyze(pools(`  # perfdoc-disable-next-line CM005, cm003 -- ${REASON}`, ...DB));
    assertNo(file, 'CM003');
    assert.equal(suppressed(file).length, 1);
  });

  it('a code that is no rule is PD007 (a typo would silently suppress nothing); the known codes still apply', () => {
    const file = analyze(pools(`  # perfdoc-disable-next-line CM003,CM0003 -- ${REASON}`, ...DB));
    assertNo(file, 'CM003');
    assert.match(single(file, 'PD007').message, /"CM0003" is not a perfdoc rule code/);
    assert.match(
      single(analyze(pools(`  # perfdoc-disable-next-line -- ${REASON}`, ...DB)), 'PD007').message,
      /names no rule code/,
    );
  });

  it('the next line only: a blank line between the directive and the item breaks the link', () => {
    const file = analyze(pools(`  # perfdoc-disable-next-line CM003 -- ${REASON}`, '', ...DB));
    single(file, 'CM003');
  });

  it('stacked directives apply to the same item', () => {
    const file = analyze(
      pools(
        '  # perfdoc-disable-next-line CM005 -- quota agreed',
        `  # perfdoc-disable-next-line CM003 -- ${REASON}`,
        ...DB,
      ),
    );
    assertNo(file, 'CM003');
  });

  it('the item only: the same directive above the api tier does not reach the db tier', () => {
    const text = capacityModel(
      '{ peakRps: 2000, latency: 150ms }',
      HEADROOM,
      'tiers:',
      `  # perfdoc-disable-next-line CM003 -- ${REASON}`,
      '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, connectionsPerUnit: 20, dependsOn: [db] }',
      '  - { name: db, maxConnections: 400 }',
    );
    single(analyze(text), 'CM003');
  });

  it('a flow item on the next line: the finding on that line is suppressed', () => {
    const text = capacityModel(
      '{ peakRps: 2000, latency: 150ms }',
      HEADROOM,
      'tiers:',
      '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, connectionsPerUnit: 20, dependsOn: [db] }',
      `  # perfdoc-disable-next-line CM003 -- ${REASON}`,
      '  - { name: db, maxConnections: 400 }',
    );
    assertNo(analyze(text), 'CM003');
  });

  it('above a key, the whole value under it: `tiers:` covers every tier', () => {
    const text = capacityModel(
      '{ peakRps: 2000, latency: 150ms }',
      HEADROOM,
      `# perfdoc-disable-next-line CM003 -- ${REASON}`,
      'tiers:',
      '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, connectionsPerUnit: 20, dependsOn: [db, db2] }',
      '  - { name: db, maxConnections: 400 }',
      '  - { name: db2, maxConnections: 300 }',
    );
    const file = analyze(text);
    assertNo(file, 'CM003');
    assert.equal(suppressed(file).length, 2);
  });

  it('a `#` line inside a block scalar is text, not a directive', () => {
    const text = pools(
      '  - name: db',
      '    description: |',
      `      # perfdoc-disable-next-line CM003 -- ${REASON}`,
      '    maxConnections: 400',
    );
    single(analyze(text), 'CM003');
  });

  it('in a Markdown design doc, inside a ```yaml fence', () => {
    const md = lines(
      '# Design',
      '',
      '```yaml',
      pools(`  # perfdoc-disable-next-line CM003 -- ${REASON}`, ...DB),
      '```',
    );
    const file = analyze(md, '/work/design.md');
    assertNo(file, 'CM003');
    assert.equal(suppressed(file)[0].suppressed, REASON);
  });

  it('a suppressed error is no longer an error of the document (the CLI exit status reads findings)', () => {
    const doc = onlyDocument(analyze(pools(`  # perfdoc-disable-next-line CM003 -- ${REASON}`, ...DB)));
    assert.ok(!doc.findings.some(f => f.severity === 'error'), doc.findings.map(f => f.code).join());
  });
});

describe('x- extension keys (spec §13)', () => {
  const base = pools(...DB);
  const extended = capacityModel(
    '{ peakRps: 2000, latency: 150ms, x-source: grafana dashboard 42 }',
    '{ safetyFactor: 1.5, x-why: launch criticality }',
    'x-ticket: PERF-12',
    'x-owners: { team: case-platform, pager: [alice, bob] }',
    'tiers:',
    '  - name: api',
    '    x-instance: c7g.large',
    '    unitRps: 300',
    '    units: { min: 4, max: 21, x-note: account limit 25 }',
    '    connectionsPerUnit: 20',
    '    dependsOn: [db]',
    ...DB,
  );

  it('are accepted at the root and in nested mappings, and change no figure and no finding', () => {
    const a = onlyDocument(analyze(base)),
      b = onlyDocument(analyze(extended));
    assertCodes(
      analyze(extended),
      a.findings.map(f => f.code),
    );
    assert.deepEqual(b.metrics, a.metrics);
  });

  it('in every kind: a LatencyBudget segment and target, a LoadTestPlan test', () => {
    const budget = lines(
      'apiVersion: perfdoc/v1',
      'kind: LatencyBudget',
      'name: T',
      'x-a: 1',
      'target: { p95: 500ms, p99: 1200ms, timeout: 2s, x-b: 2 }',
      'segments:',
      '  - { name: app, budget: 400ms, x-c: 3 }',
    );
    assertNo(analyze(budget), 'PD002');
    const plan = lines(
      'apiVersion: perfdoc/v1',
      'kind: LoadTestPlan',
      'name: T',
      'x-a: 1',
      'tests:',
      '  - { name: smoke, type: smoke, rps: 1, duration: 1m, x-b: 2 }',
    );
    assertNo(analyze(plan), 'PD002');
  });

  it('every schema object that allows no other keys allows x- keys (schemas/*.schema.json)', () => {
    const dir = path.resolve(__dirname, '../../../schemas');
    const closed: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.additionalProperties === false && (o.patternProperties as Record<string, unknown>)?.['^x-'] !== true)
        closed.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    const files = fs.readdirSync(dir).filter(f => f.endsWith('.schema.json'));
    assert.ok(files.length >= 5);
    for (const f of files) walk(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
    assert.deepEqual(closed, []);
  });

  it('another unknown key is still PD002', () => {
    assert.match(single(analyze(pools(...DB, '    y-note: proxy')), 'PD002').message, /y-note/);
  });
});
