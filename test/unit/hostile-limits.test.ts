// Hostile sizes and shapes: each is answered within a few seconds with a clear diagnostic
// (PD006 beyond the limits, PD001/PD002 within them) and never crashes the process. Inputs
// are generated here; nothing big is committed. Time bounds are loose (a shared 2-core CI
// machine); `node test/soak/limits.mjs` prints the measured times and memory.
import * as assert from 'node:assert/strict';
import { MAX_FILE_CHARS, analyzeFile } from '../../server/src/core/analyze';
import { IncrementalParser } from '../../server/src/core/incremental';
import { LIMITS } from '../../server/src/core/yamlTree';
import { MAX_SCHEMA_PROBLEMS } from '../../server/src/core/schema';
import { FileAnalysis } from '../../server/src/core/analyze';
import {
  LESSON_SEGMENTS,
  allFindings,
  assertNo,
  findingsOf,
  latencyBudget,
  lines,
  perfdoc,
  single,
} from '../fixtures/documents';

const HEAD = ['target: { p95: 500ms, p99: 1200ms, timeout: 2s }'];
const PATH = '/work/hostile.perf.yaml';

/** Analyzes twice, as the CLI does and as the server does (incremental parse), within `seconds` each. */
function analyzeTimed(text: string, seconds: number, path = PATH): FileAnalysis {
  let started = Date.now();
  const full = analyzeFile(path, text);
  assert.ok(Date.now() - started < seconds * 1000, `analysis took ${Date.now() - started} ms`);
  started = Date.now();
  const incremental = analyzeFile(path, text, {}, new IncrementalParser());
  assert.ok(Date.now() - started < seconds * 1000, `incremental analysis took ${Date.now() - started} ms`);
  assert.deepEqual(allFindings(incremental), allFindings(full), 'the server and the CLI refuse the same input');
  return full;
}

/** Nesting `n` levels deep under `segments:`, in each YAML shape. */
const nested = {
  'flow sequences': (n: number) => `segments: ${'['.repeat(n)}${']'.repeat(n)}`,
  'flow mappings': (n: number) => `segments: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
  'compact block sequences': (n: number) => `segments:\n${'- '.repeat(n)}x\nname: after`,
  'block mappings': (n: number) =>
    `segments:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\nname: after`,
};
/** Block mappings indent once per level: 4 M characters hold 2,800 levels. */
const DEEPEST: Record<keyof typeof nested, number> = {
  'flow sequences': 10_000,
  'flow mappings': 10_000,
  'compact block sequences': 10_000,
  'block mappings': 2_800,
};

describe('hostile input: size and depth limits (PD006)', function () {
  this.timeout(60_000);

  describe('nesting', () => {
    for (const [shape, make] of Object.entries(nested) as [keyof typeof nested, (n: number) => string][]) {
      it(`refuses ${DEEPEST[shape].toLocaleString('en-US')} nested ${shape} quickly, parse after parse`, () => {
        // yaml's composer recursed into this until V8 aborted the process on the second parse
        // ("FATAL ERROR: RegExpCompiler Allocation failed"); now the parse stops at the limit.
        const text = perfdoc('LatencyBudget', ...HEAD, make(DEEPEST[shape]));
        assert.ok(text.length <= MAX_FILE_CHARS);
        for (let i = 0; i < 3; i++) {
          const f = single(analyzeTimed(text, 5), 'PD006');
          assert.equal(
            f.message,
            `collections nested too deeply (more than ${LIMITS.maxDepth} levels); the document is not analyzed`,
          );
        }
      });
    }

    it(`analyzes ${LIMITS.maxDepth} levels and refuses one more`, () => {
      // The root mapping is one level: `segments:` holds the other maxDepth − 1.
      const at = (levels: number) =>
        analyzeTimed(perfdoc('LatencyBudget', ...HEAD, nested['flow sequences'](levels - 1)), 5);
      assertNo(at(LIMITS.maxDepth), 'PD006');
      assert.match(single(at(LIMITS.maxDepth + 1), 'PD006').message, /nested too deeply/);
    });

    it('refuses aliases that nest deeper than the text does', () => {
      // Each anchor nests 50 levels around the one before: 5 anchors are 250 levels.
      const chain = Array.from(
        { length: 5 },
        (_, i) => `a${i}: &a${i} ${'['.repeat(50)}${i ? `*a${i - 1}` : 'x'}${']'.repeat(50)}`,
      );
      assert.match(
        single(analyzeTimed(perfdoc('LatencyBudget', ...HEAD, ...chain), 5), 'PD006').message,
        /nested too deeply/,
      );
    });

    it('refuses an alias inside the collection it names (a cycle) without recursing', () => {
      for (const cycle of [
        'segments: &loop [*loop]',
        'segments: &loop\n  - next: *loop',
        'target: &t { p95: 500ms, again: *t }',
      ]) {
        const f = single(analyzeTimed(perfdoc('LatencyBudget', cycle), 5), 'PD006');
        assert.equal(
          f.message,
          'alias *loop refers to a collection that contains it (a cycle); the document is not analyzed'.replace(
            'loop',
            cycle.match(/&(\w+)/)![1],
          ),
        );
      }
    });
  });

  describe('size', () => {
    it('refuses a 10 MB perfdoc file in well under a second of analysis, and leaves a 10 MB plain YAML file alone', () => {
      const filler = '# filler line\n'.repeat(Math.ceil((10 * 1024 * 1024) / 14));
      assert.match(
        single(analyzeTimed(latencyBudget(LESSON_SEGMENTS) + filler, 2), 'PD006').message,
        /^file has 10\.0 M characters/,
      );
      // Someone else's YAML is not ours to refuse (spec §1: all other YAML is left alone).
      assert.deepEqual(analyzeTimed('openapi: 3.1.0\n' + filler, 2, '/work/openapi.yaml').documents, []);
      assert.deepEqual(analyzeTimed('# Notes\n' + filler, 2, '/work/notes.md').documents, []);
    });

    it(`refuses 100,000 segments (700,000 nodes) before parsing them, and analyzes 10,000`, () => {
      // Built by joining: spreading 100,000 lines into a builder's arguments overflows the stack.
      const segments = (n: number) =>
        perfdoc('LatencyBudget', ...HEAD, 'segments:') +
        Array.from({ length: n }, (_, i) => `  - name: s${i}\n    budget: 1ms\n`).join('');
      const refused = single(analyzeTimed(segments(100_000), 5), 'PD006');
      assert.equal(
        refused.message,
        `file has more than ${LIMITS.maxNodes.toLocaleString('en-US')} YAML nodes (keys, values, list items); perfdoc analyzes up to that many: split it into several documents`,
      );
      const analyzed = analyzeTimed(segments(10_000), 20);
      assertNo(analyzed, 'PD006');
      assert.equal(analyzed.documents[0].metrics.totalMs, 10_000);
    });

    it(`lists ${MAX_SCHEMA_PROBLEMS} schema problems of 30,000 and says how many more there are`, () => {
      // ajv concatenated each list item's errors onto all earlier ones: this took 90 s.
      const file = analyzeTimed(perfdoc('LatencyBudget', ...HEAD, 'segments:') + '  - x\n'.repeat(30_000), 10);
      const problems = findingsOf(file, 'PD002');
      assert.equal(problems.length, MAX_SCHEMA_PROBLEMS + 1);
      assert.ok(
        problems.some(p => p.message === `29,800 more schema problems not listed; fix the ones above first`),
        problems.map(p => p.message).join('\n'),
      );
      assert.equal(
        problems.filter(p => /^segments\[\d+\] must be a mapping, got "x"$/.test(p.message)).length,
        MAX_SCHEMA_PROBLEMS,
      );
    });

    it('finds a duplicate among 50,000 keys and merges a 20,000-key mapping in linear time', () => {
      // yaml's own unique-key check compared each key with every earlier one: 40,000 keys took 12 s.
      const keys = (n: number) => Array.from({ length: n }, (_, i) => `  k${i}: ${i}\n`).join('');
      const dup = analyzeTimed(perfdoc('LatencyBudget', 'notes:') + keys(50_000) + '  k7: again\n', 10);
      const f = single(dup, 'PD001');
      assert.equal(f.message, 'Map keys must be unique');
      assert.equal(dup.text.slice(f.start, f.start + 2), 'k7');
      assert.equal(dup.lines.positionAt(f.start).line, 4 + 50_000);
      const merged = analyzeTimed(
        perfdoc('LatencyBudget', 'base: &base') + keys(20_000) + 'copy: { <<: *base, k0: mine }\n',
        10,
      );
      const copy = merged.documents[0].root!.pairs.find(p => p.key === 'copy')!.value;
      assert.equal(copy?.type === 'map' && copy.pairs.length, 20_000);
    });

    it('analyzes a 1 MB single line (a comment, a plain scalar, a key, a quoted string)', () => {
      const mb = 1024 * 1024;
      for (const line of [
        `# ${'x'.repeat(mb)}`,
        `region: ${'x'.repeat(mb)}`,
        `${'k'.repeat(mb)}: 1`,
        `region: "${'x\\n'.repeat(mb / 3)}"`,
      ]) {
        const file = analyzeTimed(latencyBudget(LESSON_SEGMENTS, undefined, line), 5);
        assertNo(file, 'PD006');
        assert.equal(file.documents.length, 1);
      }
    });
  });

  it('keeps the 1,000,000-node alias bomb refused in milliseconds', () => {
    const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    assert.match(
      single(analyzeTimed(lines('apiVersion: perfdoc/v1', 'kind: CapacityModel', ...levels), 2), 'PD006').message,
      /alias bomb/,
    );
  });
});
