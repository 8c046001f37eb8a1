// The common rules of spec §6 and the limits: PD001 syntax errors, PD002 schema violations,
// PD005 documents that are not perfdoc's, PD006 input beyond the analysis limits.
import * as assert from 'node:assert/strict';
import { MAX_FILE_CHARS } from '../../server/src/core/analyze';
import { LIMITS } from '../../server/src/core/yamlTree';
import {
  LESSON_SEGMENTS,
  analyze,
  assertAt,
  assertCodes,
  assertNo,
  expectFinding,
  findingsOf,
  latencyBudget,
  lines,
  locate,
  onlyDocument,
  perfdoc,
  single,
} from '../fixtures/documents';

describe('core common rules (spec §6)', () => {
  describe('PD001 YAML syntax error', () => {
    const healthy = latencyBudget(LESSON_SEGMENTS);
    const broken = latencyBudget(['- { name: edge, budget: 40ms', '- { name: app, budget: 80ms }']);

    it('reports the error in the second document at its position while the first is still analyzed', () => {
      const text = `${healthy}---\n${broken}`;
      const file = analyze(text);
      assert.equal(file.documents.length, 2);
      const [first, second] = file.documents;
      assert.deepEqual(first.findings, []);
      assert.equal(first.metrics.totalMs, 500);
      const f = single(file, 'PD001');
      assert.equal(f.severity, 'error');
      assert.ok(second.findings.includes(f));
      // The unclosed flow map is noticed where the next item starts.
      assert.deepEqual(file.lines.positionAt(f.start), locate(text, '- { name: app'));
      assert.ok(
        f.message.length > 0 && !/at line \d+, column/.test(f.message),
        'the position is in the range, not the message',
      );
    });

    it('a file that does not parse at all still yields its PD001 (not silence)', () => {
      const file = analyze('apiVersion: perfdoc/v1\nkind: LatencyBudget\nsegments: [\n');
      assert.ok(findingsOf(file, 'PD001').length >= 1);
    });

    it('a duplicate key is a syntax error on the second key', () => {
      const text = perfdoc(
        'LatencyBudget',
        'target: { p95: 500ms, p95: 400ms }',
        'segments: [{ name: a, budget: 1ms }]',
      );
      const file = analyze(text);
      const f = single(file, 'PD001');
      assert.equal(f.message, 'Map keys must be unique');
      assert.deepEqual(file.lines.positionAt(f.start), locate(text, 'p95', 1));
    });
  });

  describe('PD002 schema violation', () => {
    it('an unknown key, with a did-you-mean, on the key', () => {
      const file = analyze(
        latencyBudget(['- { name: edge, budget: 40ms, timout: 100ms }'], undefined, 'budgetPercentil: p95'),
      );
      const [top, segment] = findingsOf(file, 'PD002');
      assert.equal(top.severity, 'error');
      assert.equal(top.message, 'unknown key "budgetPercentil" in document: did you mean "budgetPercentile"?');
      assertAt(file, top, 'budgetPercentil');
      assert.equal(segment.message, 'unknown key "timout" in segments[0]: did you mean "timeout"?');
      assertAt(file, segment, 'timout');
      assert.deepEqual(segment.data, { path: 'segments[0]' });
    });

    it('an unknown key with no close match lists the allowed keys', () => {
      const file = analyze(latencyBudget(['- { name: edge, budget: 40ms, costCenter: cc-7 }']));
      assert.match(
        single(file, 'PD002').message,
        /^unknown key "costCenter" in segments\[0\] \(expected one of: name, description, notes, owner, budget, dependency, timeout, .*\)$/,
      );
    });

    it('a wrong type on the value, with the path and what was expected', () => {
      const file = analyze(latencyBudget(['- { name: edge, budget: 40ms, jitter: often }']));
      const f = single(file, 'PD002');
      assert.equal(f.message, 'segments[0].jitter must be true or false, got "often"');
      assertAt(file, f, 'often');
    });

    it('a missing required key, on the mapping that lacks it', () => {
      const file = analyze(latencyBudget(['- { name: edge }']));
      const f = single(file, 'PD002');
      assert.equal(f.message, 'segments[0] is missing required key "budget"');
      assertAt(file, f, 'name: edge', 'name');
      const noSegments = analyze(perfdoc('LatencyBudget', 'target: { p95: 500ms }'));
      assert.equal(single(noSegments, 'PD002').message, 'document is missing required key "segments"');
    });

    it('a value outside an enum names the allowed values', () => {
      const file = analyze(latencyBudget(LESSON_SEGMENTS, undefined, 'budgetPercentile: p90'));
      const f = single(file, 'PD002');
      assert.equal(f.message, 'budgetPercentile must be one of: p50, p95, p99');
      assertAt(file, f, 'p90');
    });

    it('a unit mistake is PD003 only, never also PD002 on the same value', () => {
      const file = analyze(latencyBudget(['- { name: edge, budget: 40 }']));
      assertCodes(file, ['PD003']);
    });
  });

  describe('PD005 not a perfdoc document', () => {
    it('a *.perf.yaml document without apiVersion: perfdoc/v1 is a warning on its first key', () => {
      const text = lines('kind: LatencyBudget', 'name: x');
      const file = analyze(text);
      expectFinding(file, 'PD005', {
        severity: 'warning',
        message: 'not a perfdoc document: missing apiVersion: perfdoc/v1',
        at: 'k',
        covers: 'k',
      });
      assert.equal(onlyDocument(file).kind, null);
    });

    it('a wrong apiVersion is named; on the apiVersion value', () => {
      const file = analyze(lines('apiVersion: perfdoc/v2', 'kind: LatencyBudget'));
      const f = single(file, 'PD005');
      assert.equal(
        f.message,
        'not a perfdoc document: unexpected apiVersion "perfdoc/v2", expected apiVersion: perfdoc/v1',
      );
      assertAt(file, f, 'perfdoc/v2');
    });

    it('an unknown kind is named, on the kind value; a missing kind too', () => {
      const file = analyze(lines('apiVersion: perfdoc/v1', 'kind: LatencyBugdet', 'name: x'));
      const f = single(file, 'PD005');
      assert.equal(
        f.message,
        'unknown kind "LatencyBugdet": expected LatencyBudget, CapacityModel, LoadTestPlan or ObservabilityPlan',
      );
      assertAt(file, f, 'LatencyBugdet');
      assert.equal(
        single(analyze(lines('apiVersion: perfdoc/v1', 'name: x')), 'PD005').message,
        'missing kind: expected LatencyBudget, CapacityModel, LoadTestPlan or ObservabilityPlan',
      );
    });

    it('a *.perf.yaml document that is not a mapping is PD005', () => {
      assert.match(
        single(analyze('- a\n- b\n'), 'PD005').message,
        /must be a mapping with apiVersion: perfdoc\/v1 and kind/,
      );
    });

    it('a plain .yaml without apiVersion is left alone: zero documents', () => {
      const k8s = lines('apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'spec: { maxReplicas: 10 }');
      assert.equal(analyze(k8s, '/work/hpa.yaml').documents.length, 0);
      assert.equal(analyze(lines('kind: LatencyBudget'), '/work/x.yml').documents.length, 0);
    });

    it('a plain .yaml holding a perfdoc document is analyzed; its other documents are left alone', () => {
      const file = analyze(
        `${lines('apiVersion: v1', 'kind: ConfigMap')}---\n${latencyBudget(LESSON_SEGMENTS)}`,
        '/work/mixed.yaml',
      );
      assert.equal(onlyDocument(file).kind, 'LatencyBudget');
      assertNo(file, 'PD005');
    });

    it('empty documents and comment-only files give nothing', () => {
      assert.equal(analyze('# nothing yet\n').documents.length, 0);
      assert.equal(analyze('').documents.length, 0);
      assert.equal(analyze(`---\n${latencyBudget(LESSON_SEGMENTS)}---\n`).documents.length, 1);
    });
  });

  describe('PD006 input beyond the analysis limits', () => {
    it('refuses a file over 4 M characters with a message, without parsing it', () => {
      const text = latencyBudget(LESSON_SEGMENTS) + '#'.repeat(MAX_FILE_CHARS);
      const file = analyze(text);
      const f = single(file, 'PD006');
      assert.equal(f.severity, 'error');
      assert.match(
        f.message,
        /^file has 4\.0 M characters; perfdoc analyzes files up to 4 M: split it into several documents$/,
      );
      assert.deepEqual(file.lines.positionAt(f.start), { line: 0, character: 0 });
    });

    it('refuses an alias bomb (a billion laughs) instead of expanding it', () => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++)
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(', ')}]`,
        );
      const file = analyze(lines('apiVersion: perfdoc/v1', 'kind: LatencyBudget', ...levels));
      const f = single(file, 'PD006');
      assert.equal(
        f.message,
        `aliases expand this document to more than ${LIMITS.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb?); it is not analyzed`,
      );
      assert.equal(onlyDocument(file).root, null);
    });

    it(`refuses nesting deeper than ${LIMITS.maxDepth} levels`, () => {
      const depth = LIMITS.maxDepth + 10;
      const file = analyze(
        lines('apiVersion: perfdoc/v1', 'kind: LatencyBudget', `segments: ${'['.repeat(depth)}${']'.repeat(depth)}`),
      );
      const message = single(file, 'PD006').message;
      assert.ok(
        message.includes(`nested deeper than ${LIMITS.maxDepth} levels`) || message.includes('nested too deeply'),
        message,
      );
    });

    it('analyzes aliases that stay within the limits', () => {
      const file = analyze(latencyBudget(['- &edge { name: edge, budget: 40ms }', '- *edge']));
      assertNo(file, 'PD006');
      assert.equal(onlyDocument(file).metrics.totalMs, 80);
    });
  });
});
