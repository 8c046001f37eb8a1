// LT010's quick fix (spec §11): "update the model to the measured value" (§5.1 rule 6:
// revisit the budget after real telemetry). The finding names the design figure the run
// drifted from (`data.update`); the fix rewrites that figure in the document that holds it,
// which is usually another file: the plan's `budget:` or `capacity:` reference.
// - The CapacityModel's `traffic.p95Latency` is an estimate the in-flight figures rest on
//   (inFlightP95, quota CM005): it takes the measured p95, and that fix is the preferred one.
// - The LatencyBudget's `target.p95`/`target.p99` is the user-visible objective (§5.3), a
//   decision rather than an estimate: the fix is offered, not preferred, and only when the new
//   target leaves the budget and the plan consistent (targets ascending, LB009; the critical
//   path fitting with its buffer room when that percentile is the budgetPercentile, LB001 and
//   LB002; no criterion of the plan looser than it, LT004). A faster run than the SLO is no
//   reason to promise less room; a slower one is a reason to talk about the SLO.
// The value is written as measured, to 0.1 ms. A figure whose text no longer reads as the
// value the finding compared against (the file changed since) gets no fix.
import type { DocReference } from '../../core/analyze';
import type { LatencyAnalysis } from '../../core/latencyBudget';
import type { ResultVerdict } from '../../core/results/judge';
import { LineIndex } from '../../core/lineIndex';
import { formatMs, parseDuration, round } from '../../core/units';
import { PScalar, mapGet } from '../../core/yamlTree';
import type { Bound, Fix, Fixer } from '../codeActions';

type DesignUpdate = NonNullable<ResultVerdict['update']>;

function isDesignUpdate(v: unknown): v is DesignUpdate {
  const u = v as DesignUpdate | undefined;
  return (
    typeof u === 'object' &&
    u !== null &&
    (u.document === 'budget' || u.document === 'capacity') &&
    ['p95', 'p99', 'p95Latency'].includes(u.field) &&
    typeof u.valueMs === 'number' &&
    Number.isFinite(u.valueMs) &&
    u.valueMs > 0
  );
}

/** Whether the budget stays consistent with `field` set to `ms` (see the header). */
function budgetAccepts(b: Bound, budget: LatencyAnalysis, field: 'p95' | 'p99', ms: number): boolean {
  const t = budget.model.target;
  const below = field === 'p95' ? [t.p50] : [t.p50, t.p95];
  const above = field === 'p95' ? [t.p99, t.timeout] : [t.timeout];
  if (below.some(q => q && q.value > ms) || above.some(q => q && q.value < ms)) return false;
  if (budget.model.budgetPercentile === field) {
    const { totalMs, bufferMs } = budget.figures;
    if (totalMs > ms || ms - totalMs + bufferMs < (ms * b.settings.minBufferPercent) / 100) return false;
  }
  return !b.doc.loadTest!.model.tests.some(test => (test.criteria[field]?.value ?? 0) > ms);
}

/** The node holding the drifted figure in the referenced document, and how the fix is named. */
function designNode(b: Bound, u: DesignUpdate): { node: PScalar; title: string; preferred: boolean } | undefined {
  const { references } = b.doc.loadTest!;
  const written = `${round(u.valueMs, 1)}ms`;
  if (u.document === 'capacity' && u.field === 'p95Latency') {
    const model = references.capacity?.model;
    const node = model?.trafficNode && mapGet(model.trafficNode, 'p95Latency');
    if (node?.type !== 'scalar' || model?.p95LatencyMs === undefined) return undefined;
    return {
      node,
      title: `Update the capacity model "${model.name}" to the measured p95Latency: ${written} (was ${formatMs(model.p95LatencyMs)})`,
      preferred: true,
    };
  }
  if (u.document === 'budget' && (u.field === 'p95' || u.field === 'p99')) {
    const budget = references.budget;
    const target = budget?.model.target[u.field];
    if (!budget || !target || target.node.type !== 'scalar' || !budgetAccepts(b, budget, u.field, u.valueMs))
      return undefined;
    return {
      node: target.node,
      title: `Revisit the SLO: set the budget "${budget.model.name}" target ${u.field} to the measured ${written} (was ${formatMs(target.value)})`,
      preferred: false,
    };
  }
  return undefined;
}

/** The value as written in `text` at `node`, as ms (quotes allowed), or undefined. */
function writtenMs(text: string, node: PScalar): number | undefined {
  if (node.end > text.length) return undefined;
  const parsed = parseDuration(
    text
      .slice(node.start, node.end)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2'),
  );
  return parsed.ok ? parsed.value : undefined;
}

export const updateDesignFigure: Fixer = b => {
  const u = b.finding.data?.update;
  if (!b.doc.loadTest || !isDesignUpdate(u)) return [];
  const ref: DocReference | undefined = b.doc.references.find(r => r.key === u.document && r.resolved && r.path);
  const target = ref && designNode(b, u);
  if (!ref?.path || !target) return [];
  const sameFile = ref.path === b.path;
  const text = sameFile ? b.text : b.sources?.textOf(ref.path);
  const was = text === undefined ? undefined : writtenMs(text, target.node);
  const limit = b.finding.data?.limit;
  if (text === undefined || was === undefined || was !== limit) return [];
  const newText = `${round(u.valueMs, 1)}ms`;
  const fix: Fix = sameFile
    ? { title: target.title, edits: [{ start: target.node.start, end: target.node.end, newText }] }
    : {
        title: target.title,
        edits: [],
        otherFiles: [{ path: ref.path, range: new LineIndex(text).range(target.node.start, target.node.end), newText }],
      };
  return [target.preferred ? { ...fix, preferred: true } : fix];
};
