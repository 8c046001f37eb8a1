// The YAML tree the rules read (yamlTree.ts) and YAML features in whole documents: several
// documents, flow and block style, comments, anchors/aliases/merge keys, CRLF and a BOM.
import * as assert from 'node:assert/strict';
import { PMap, PScalar, PSeq, mapGet, parseYaml, toPlain } from '../../server/src/core/yamlTree';
import {
  LESSON_SEGMENTS,
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  latencyBudget,
  lines,
  locate,
  onlyDocument,
  single,
} from '../fixtures/documents';

const slice = (text: string, n: { start: number; end: number }) => text.slice(n.start, n.end);

describe('core YAML tree', () => {
  it('keeps absolute offsets for keys, values and collections, shifted by the block base', () => {
    const text = 'target:\n  p95: 500ms  # the SLO\nsegments: [a, { b: 1 }]\n';
    const [doc] = parseYaml(text, 100);
    const root = doc.root as PMap;
    const target = mapGet(root, 'target') as PMap;
    const pair = target.pairs[0];
    assert.equal(pair.key, 'p95');
    assert.equal(text.slice(pair.keyStart - 100, pair.keyEnd - 100), 'p95');
    assert.equal(
      slice(text, { start: pair.value!.start - 100, end: pair.value!.end - 100 }),
      '500ms',
      'the comment is not part of the value',
    );
    assert.equal(target.flow, false);
    const segments = mapGet(root, 'segments') as PSeq;
    assert.equal(segments.flow, true);
    assert.equal((segments.items[1] as PMap).flow, true);
  });

  it('splits documents at --- with their own ranges and problems', () => {
    const text = 'a: 1\n---\nb: [\n---\nc: 3\n';
    const docs = parseYaml(text);
    assert.equal(docs.length, 3);
    assert.deepEqual(
      docs.map(d => d.problems.length > 0),
      [false, true, false],
    );
    assert.deepEqual(toPlain(docs[2].root), { c: 3 });
    assert.ok(docs[1].start > text.indexOf('a: 1') && docs[1].start <= text.indexOf('b: ['));
    assert.ok(docs[2].start > text.indexOf('b: [') && docs[2].start <= text.indexOf('c: 3'));
  });

  it('types scalars as YAML 1.2 does: numbers, booleans, null, strings', () => {
    const [doc] = parseYaml('n: 40\nf: 0.2\nb: true\nz: ~\ns: 40ms\nq: "40"\n');
    assert.deepEqual(toPlain(doc.root), { n: 40, f: 0.2, b: true, z: null, s: '40ms', q: '40' });
  });

  it('shares an aliased node instead of copying it', () => {
    const [doc] = parseYaml('a: &x { k: 1 }\nb: *x\n');
    const root = doc.root as PMap;
    assert.equal(mapGet(root, 'a'), mapGet(root, 'b'));
  });

  it('never throws: an unknown alias, a tab indent and garbage become problems or nulls', () => {
    for (const text of ['a: *nowhere\n', 'a:\n\t- b\n', ']]]', '{', '- - - -\n  : :']) {
      assert.doesNotThrow(() => parseYaml(text), text);
    }
    assert.ok(parseYaml('a:\n\t- b\n')[0].problems.length > 0);
  });

  it('offsets of a CRLF file stay those of the original text', () => {
    const text = 'a: 1\r\nb: 40ms\r\n';
    const b = mapGet(parseYaml(text)[0].root as PMap, 'b') as PScalar;
    assert.equal(slice(text, b), '40ms');
  });
});

describe('core YAML features in documents', () => {
  it('several documents in one file are each analyzed, with their own figures and findings', () => {
    const second = latencyBudget(['- { name: edge, budget: 600ms }']);
    const file = analyze(`${latencyBudget(LESSON_SEGMENTS)}---\n${second}...\n`);
    assert.equal(file.documents.length, 2);
    assert.deepEqual(
      file.documents.map(d => d.metrics.totalMs),
      [500, 600],
    );
    assert.deepEqual(
      file.documents.map(d => d.findings.map(f => f.code)),
      [[], ['LB001']],
    );
    assertAt(file, single(file, 'LB001'), 'segments', 'segments', 1);
  });

  it('block style and flow style give the same figures; comments change nothing', () => {
    const block = latencyBudget(
      [
        '- name: Auth/session lookup   # §5 row 3',
        '  budget: 40ms',
        '  dependency: auth-service',
        '  timeout: 100ms   # at least the budget',
        '  retries: 1',
        '  backoff: 20ms',
        '  jitter: true',
        '# a comment between items',
        '- name: Buffer',
        '  budget: 30ms',
        '  buffer: true',
      ],
      '\n  p50: 150ms\n  p95: 500ms\n  p99: 1200ms\n  timeout: 2s',
    );
    const flow = latencyBudget([LESSON_SEGMENTS[2], LESSON_SEGMENTS[7]]);
    assert.deepEqual(onlyDocument(analyze(block)).metrics, onlyDocument(analyze(flow)).metrics);
    assert.deepEqual(onlyDocument(analyze(block)).metrics, {
      totalMs: 70,
      targetMs: 500,
      headroomMs: 430,
      bufferMs: 30,
      timeoutMs: 2000,
      worstCaseMs: 250,
      fanout: [],
      tailExposure: 0.05, // one dependency at p95: 1 − 0.95 (§9)
    });
  });

  it('an anchored segment reused by an alias counts twice; a finding on it lands on the anchor, once', () => {
    const text = latencyBudget(['- &call { name: Profile call, budget: 60ms, dependency: profile-svc }', '- *call']);
    const file = analyze(text);
    assert.equal(onlyDocument(file).metrics.totalMs, 120);
    const lb005 = file.documents[0].findings.filter(f => f.code === 'LB005');
    assert.equal(lb005.length, 1, 'one place in the text, one diagnostic');
    for (const f of lb005) assertAt(file, f, 'dependency');
  });

  it('a merge key (<<: *policy) reuses a retry policy in two segments', () => {
    const text = latencyBudget([
      '- name: Auth',
      '  budget: 40ms',
      '  dependency: auth-service',
      '  <<: &policy { timeout: 100ms, retries: 1, backoff: 20ms, jitter: true }',
      '- { name: Profile, budget: 60ms, dependency: profile-svc, <<: *policy }',
      '- { name: History, budget: 80ms, dependency: history-svc, <<: *policy, timeout: 150ms }',
    ]);
    const file = analyze(text);
    assertCodes(file, []);
    const segments = onlyDocument(file).latency!.figures.perSegment;
    // (1 + 1) × 100 + 20 = 220 twice, and History's own 150 ms timeout wins over the merged one: 2 × 150 + 20 = 320.
    assert.deepEqual(
      segments.map(s => s.worstCaseMs),
      [220, 220, 320],
    );
  });

  it('a merged value that breaks a rule is reported where it is written', () => {
    const text = latencyBudget([
      '- { name: Auth, budget: 40ms, dependency: auth-service, <<: &policy { timeout: 10ms } }',
      '- { name: Profile, budget: 60ms, dependency: profile-svc, <<: *policy }',
    ]);
    const file = analyze(text);
    const lb008 = file.documents[0].findings.filter(f => f.code === 'LB008');
    assert.equal(lb008.length, 2);
    for (const f of lb008) assertAt(file, f, '10ms');
  });

  it('CRLF line endings: figures are the same and positions are on the right line and character', () => {
    const lf = latencyBudget(['- { name: Search query, budget: 120ms, dependency: os, timeout: 100ms }']);
    const crlf = lf.replace(/\n/g, '\r\n');
    const file = analyze(crlf);
    assert.deepEqual(onlyDocument(file).metrics, onlyDocument(analyze(lf)).metrics);
    const f = single(file, 'LB008');
    assert.deepEqual(file.lines.positionAt(f.start), locate(lf, '100ms'));
    assertAt(file, f, '100ms');
  });

  it('a byte order mark is not content: the document is analyzed and columns count from the text as given', () => {
    const text = '\ufeff' + latencyBudget(['- { name: edge, budget: 40 }']);
    const file = analyze(text);
    assert.equal(onlyDocument(file).kind, 'LatencyBudget');
    assertAt(file, single(file, 'PD003'), '40 }', '40');
    assertNo(file, 'PD001');
  });

  it('a BOM in a plain .yaml does not hide its apiVersion', () => {
    assert.equal(analyze('\ufeff' + latencyBudget(LESSON_SEGMENTS), '/work/budget.yaml').documents.length, 1);
  });

  it('a document in a Markdown fence keeps working with CRLF', () => {
    const md = lines(
      '# Design',
      '',
      '```yaml',
      latencyBudget(['- { name: edge, budget: 600ms }']).trimEnd(),
      '```',
      '',
    ).replace(/\n/g, '\r\n');
    const file = analyze(md, '/work/design.md');
    assertAt(file, single(file, 'LB001'), 'segments');
  });
});
