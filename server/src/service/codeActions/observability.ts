// Quick fixes of an ObservabilityPlan. OB002 writes the missing alarm with the threshold the
// core computed from the capacity model (connections at connectionsWarnPercent of
// maxConnections, a queue's oldestMessageAge at its drainTime, a quota at quotaWarnPercent
// of its limit); OB001 adds the golden signals a tier lacks; OB004 adds the trace fields,
// flags and dashboard views that are missing. The alarm names its runbook where the spec's
// example keeps them (docs/runbooks/<metric>.md): the path is the team's to write (the
// fix's title says so); without one the new alarm would be OB003 at once.
import type { ObservabilityAnalysis } from '../../core/observabilityPlan';
import { mapGet, type PMap, type PSeq } from '../../core/yamlTree';
import type { TextEdit } from '../types';
import type { Bound, Fixer } from '../codeActions';
import { appendItem, insertPairs, type YamlPair } from '../yamlEdits';

/** A name as a YAML plain scalar when it can be one, else double-quoted (quota names have spaces, parentheses…). */
export function yamlScalar(s: string): string {
  const plain = /^[A-Za-z_][\w .()/-]*$/.test(s) && !/\s$/.test(s) && !RESERVED.test(s);
  return plain ? s : JSON.stringify(s);
}
/** Plain scalars YAML reads as something other than a string. */
const RESERVED = /^(true|false|yes|no|on|off|null|~)$/i;

/** Adds names to a list of strings in its own style, or writes `key: [..]` into `parent`. */
export function addToList(text: string, parent: PMap, key: string, names: readonly string[]): TextEdit | undefined {
  const list = mapGet(parent, key);
  const items = names.map(yamlScalar);
  if (!list) return insertPairs(text, parent, [[key, `[${items.join(', ')}]`]]);
  if (list.type !== 'seq') return undefined; // the schema reports it first
  return appendScalars(text, list, items);
}

function appendScalars(text: string, seq: PSeq, items: string[]): TextEdit {
  if (seq.flow || !seq.items.length) {
    const last = seq.items[seq.items.length - 1];
    if (!last) {
      const inside = seq.start + 1;
      return { start: inside, end: inside, newText: items.join(', ') };
    }
    return { start: last.end, end: last.end, newText: items.map(i => `, ${i}`).join('') };
  }
  const last = seq.items[seq.items.length - 1];
  const lineStart = text.lastIndexOf('\n', seq.start - 1) + 1;
  const indent = ' '.repeat(seq.start - lineStart);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: last.end, end: last.end, newText: items.map(i => `${eol}${indent}- ${i}`).join('') };
}

/** `db.connections` → docs/runbooks/db-connections.md, as the spec's example names it. */
export function runbookPath(metric: string): string {
  const slug = metric
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `docs/runbooks/${slug || 'alarm'}.md`;
}

const plan = (b: Bound): ObservabilityAnalysis | undefined => b.doc.observability;

const addAlarm: Fixer = b => {
  const a = plan(b);
  const metric = b.facts.metric;
  const required = a?.figures.requiredAlarms.find(r => r.metric === metric && !r.alarm);
  if (!a || !required) return [];
  const runbook = runbookPath(required.metric);
  const alarm: YamlPair[] = [
    ['metric', yamlScalar(required.metric)],
    ...(required.aboveText === null ? [] : ([['above', required.aboveText]] as YamlPair[])),
    ['runbook', runbook],
  ];
  const { model } = a;
  const edit = model.alarmsNode
    ? appendItem(b.text, model.alarmsNode, alarm)
    : mapGet(model.root, 'alarms')
      ? undefined
      : insertPairs(b.text, model.root, [['alarms', `[{ ${alarm.map(([k, v]) => `${k}: ${v}`).join(', ')} }]`]], {
          before: ['costMetrics'],
          after: ['dashboards', 'logs', 'traces', 'signals'],
        });
  if (!edit) return [];
  return [
    {
      title: `Add alarm ${required.metric}${required.aboveText === null ? '' : ` above ${required.aboveText}`} (${required.basis}); write its runbook at ${runbook}`,
      edits: [edit],
      preferred: true,
    },
  ];
};

const addGoldenSignals: Fixer = b => {
  const a = plan(b);
  const tier = a?.figures.tiers.find(t => t.tier === b.facts.tier && t.missing.length);
  if (!a || !tier) return [];
  const { model } = a;
  let edit: TextEdit | undefined;
  if (model.signalsNode) edit = addToList(b.text, model.signalsNode, tier.tier, tier.missing);
  else if (!mapGet(model.root, 'signals'))
    edit = insertPairs(b.text, model.root, [['signals', [[yamlScalar(tier.tier), `[${tier.missing.join(', ')}]`]]]], {
      after: ['budget', 'capacity', 'name'],
    });
  return edit ? [{ title: `Add ${tier.missing.join(', ')} to the signals of "${tier.tier}"`, edits: [edit] }] : [];
};

/** OB004 on traces, logs or dashboards (the finding's `section`): writes what the message asks for. */
const completeTracing: Fixer = b => {
  const a = plan(b);
  if (!a) return [];
  const { model, figures } = a;
  switch (b.finding.data?.section) {
    case 'traces': {
      const flags: YamlPair[] = (['correlationId', 'propagated'] as const)
        .filter(k => !model.traces[k])
        .map(k => [k, 'true']);
      const missing = figures.missingTraceFields;
      const edits: TextEdit[] = [];
      if (model.tracesNode) {
        const traces = model.tracesNode;
        // A flag written as false is set to true; one not written is added.
        const written = flags.map(([k]) => mapGet(traces, k)).filter(n => n?.type === 'scalar');
        for (const n of written) edits.push({ start: n!.start, end: n!.end, newText: 'true' });
        const added = flags.filter(([k]) => !mapGet(traces, k));
        if (added.length) edits.push(insertPairs(b.text, traces, added, { before: ['fields'] }));
        const fields = missing.length ? addToList(b.text, model.tracesNode, 'fields', missing) : undefined;
        if (fields) edits.push(fields);
      } else if (!mapGet(model.root, 'traces')) {
        edits.push(
          insertPairs(b.text, model.root, [['traces', [...flags, ['fields', `[${missing.join(', ')}]`]]]], {
            after: ['signals', 'budget', 'capacity', 'name'],
          }),
        );
      }
      const added = [...flags.map(([k]) => `${k}: true`), ...(missing.length ? [`fields ${missing.join(', ')}`] : [])];
      return edits.length ? [{ title: `Add to traces: ${added.join(', ')}`, edits }] : [];
    }
    case 'logs': {
      const written = model.logsNode && mapGet(model.logsNode, 'correlationId');
      const edit =
        written?.type === 'scalar'
          ? { start: written.start, end: written.end, newText: 'true' }
          : model.logsNode
            ? insertPairs(b.text, model.logsNode, [['correlationId', 'true']])
            : mapGet(model.root, 'logs')
              ? undefined
              : insertPairs(b.text, model.root, [['logs', [['correlationId', 'true']]]], {
                  after: ['traces', 'signals'],
                });
      return edit ? [{ title: 'Set correlationId: true in logs', edits: [edit] }] : [];
    }
    case 'dashboards': {
      const views = figures.missingDashboards;
      const edit = views.length ? addToList(b.text, model.root, 'dashboards', views) : undefined;
      return edit ? [{ title: `Add the dashboard views ${views.join(', ')}`, edits: [edit] }] : [];
    }
  }
  return [];
};

export const OBSERVABILITY_FIXERS: Record<string, Fixer> = {
  OB001: addGoldenSignals,
  OB002: addAlarm,
  OB004: completeTracing,
};
