// Editor features of an ObservabilityPlan: hovers word the core's figures (the alarm
// thresholds computed from the model: 80% of 500 connections = 400, the queue's 30 min
// drainTime, 80% of the 1,000 quota = 800), inlay hints translate a percentage threshold,
// and completion offers what no schema can list: the model's tier names, the §14.1 signals
// and §14.2 metrics, the §14.3 trace fields, the alarm metrics of the model.
import * as assert from 'node:assert/strict';
import { FileAnalysis, analyzeFile } from '../../server/src/core/analyze';
import { completions } from '../../server/src/service/completion';
import { hoverAt } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { MemoryHost, SPEC_CAPACITY_MODEL, lines } from '../fixtures/documents';

const MODEL = SPEC_CAPACITY_MODEL;
const CURSOR = '¦';
const analyze = (text: string): FileAnalysis =>
  analyzeFile('/ws/obs.perf.yaml', text, { references: new MemoryHost({ '/ws/model.perf.yaml': MODEL }) });

const PLAN = lines(
  'apiVersion: perfdoc/v1',
  'kind: ObservabilityPlan',
  'name: Case API',
  'capacity: ./model.perf.yaml',
  'signals:',
  '  api: [latency, traffic, errors, saturation]',
  '  db: [cpu, connections]',
  'traces: { correlationId: true, propagated: true, fields: [tenant, az] }',
  'logs: { correlationId: true }',
  'dashboards: [user, service, dependency, infrastructure]',
  'alarms:',
  '  - { metric: db.connections, above: 80%, runbook: docs/runbooks/db.md }',
);

function hover(file: FileAnalysis, needle: string): string {
  const h = hoverAt(file, file.text.indexOf(needle) + 1);
  assert.ok(h, `no hover at ${needle}`);
  return h.markdown;
}
function includesAll(md: string, fragments: string[]) {
  for (const f of fragments) assert.ok(md.includes(f), `missing ${JSON.stringify(f)} in:\n${md}`);
}

describe('ObservabilityPlan in the editor', () => {
  const file = analyze(PLAN);

  describe('hover', () => {
    it('on alarms: which of the required alarms exist, with the thresholds computed from the model', () =>
      includesAll(hover(file, 'alarms:'), [
        '1 of 3 alarms the capacity model needs',
        'Lambda concurrency: missing; suggested above 800 (80% of the limit 1,000)',
        'db.connections: written; suggested above 400 (80% of maxConnections 500)',
        'orders.oldestMessageAge: missing; suggested above 30m (its drainTime 30 min)',
      ]));

    it('on an alarm: the resource it covers and its threshold in the resource unit', () =>
      includesAll(hover(file, 'metric: db.connections'), [
        '**Alarm db.connections**',
        'covers the connections into "db" of the capacity model',
        'fires above 400 of 500',
      ]));

    it("on a tier's signals: what it lacks, with the model's figures for the tier", () =>
      includesAll(hover(file, 'db: [cpu'), [
        'lacks the golden signals latency, traffic, errors, saturation (OB001)',
        '§14.2 metrics of ECS/EKS, RDS/Aurora, ElastiCache, NAT Gateway',
        '428 of 500 connections at max scale', // api 20 units × 20 + orders 28 workers × 1
      ]));

    it('on traces: the §14.3 fields in the lesson words', () =>
      includesAll(hover(file, 'traces:'), [
        'tenant (tenant/request classification): yes',
        'retryCount (retry count): missing',
        'queryClass (database query class, not raw sensitive query text): missing',
      ]));

    it('on the OB002 squiggle: the rule and the lesson reasoning', () =>
      includesAll(hover(file, 'alarms:'), ['**OB002 · Constrained resource without an alarm** (§7.1, §18.4, §18.6)']));
  });

  it('inlay hints: the required alarms after alarms:, and 80% as 400 of 500', () => {
    const hints = inlayHints(file, 0, file.text.length).map(h => `${file.lines.positionAt(h.offset).line} ${h.label}`);
    assert.deepEqual(hints, ['10 1 of 3 required alarms', '11 = 400 of 500']);
  });

  describe('completion', () => {
    const complete = (text: string) => {
      const offset = text.indexOf(CURSOR);
      return completions(analyze(text.replace(CURSOR, '')), offset);
    };

    it('under signals: the tiers of the model not yet listed, with the four golden signals', () => {
      const items = complete(PLAN.replace('  db: [cpu, connections]\n', '  ¦\n'));
      assert.deepEqual(
        items.map(i => [i.label, i.insertText]),
        [['db', 'db: [latency, traffic, errors, saturation]']],
      );
    });

    it("in a tier's flow list: the golden signals first, then the §14.2 metrics, without those written", () => {
      const items = complete(PLAN.replace('  db: [cpu, connections]', '  db: [cpu, sat¦]'));
      const labels = items.map(i => i.label);
      assert.deepEqual(labels.slice(0, 4), ['latency', 'traffic', 'errors', 'saturation']);
      assert.ok(labels.includes('replicaLag') && labels.includes('oldestMessageAge'));
      assert.ok(!labels.includes('cpu'), 'cpu is written already');
      const sat = items.find(i => i.label === 'saturation')!;
      assert.equal(sat.replaceEnd! - sat.replaceStart!, 3, 'replaces the typed "sat"');
    });

    it('in a block list of trace fields: the §14.3 fields', () => {
      const text = PLAN.replace(
        'traces: { correlationId: true, propagated: true, fields: [tenant, az] }',
        'traces:\n  fields:\n    - ¦',
      );
      assert.deepEqual(
        complete(text).map(i => i.label),
        ['tenant', 'retryCount', 'timeoutReason', 'cacheHit', 'queryClass', 'queueAge', 'az'],
      );
    });

    it("an alarm's metric: the model's constrained resources first, each with its suggested threshold", () => {
      const items = complete(PLAN + '  - metric: ¦\n');
      assert.deepEqual(
        items.slice(0, 3).map(i => i.label),
        ['Lambda concurrency', 'db.connections', 'orders.oldestMessageAge'],
      );
      assert.match(items[0].documentation!, /needs an alarm \(OB002\); suggested above 800: 80% of the limit 1,000/);
      assert.ok(items.some(i => i.label === 'api.latency'));
    });
  });
});
