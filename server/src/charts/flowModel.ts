// The demand-flow diagram and the constraint ranking of a CapacityModel, read from the core's
// figures (§10.1-10.6): every rps, in-flight, pool, connection count, drain time and multiple
// shown is a figure of `capacityFigures`, never recomputed here. An element's status is the
// worst finding on its YAML, and a limit the traffic reaches below peak (a constraint whose
// multiple is under 1) is an error wherever it is drawn, so a scenario's breaches are red too.
import type {
  CapacityAnalysis,
  CapacityFigures,
  CapacityModel,
  ScenarioResult,
  Tier,
  TierFigure,
} from '../core/capacityModel';
import { isCache, whatIfs } from '../core/capacityModel';
import type { AnalysisSettings, Finding } from '../core/types';
import type { PNode } from '../core/yamlTree';
import { mapGet } from '../core/yamlTree';
import { keyRange } from '../core/reader';
import type { Status } from './model';
import { worstStatus } from './model';
import { CapacityView, CapacityViews, Constraint, FlowEdge, FlowNode, Gauge, breaks } from './flow';

type Span = { start: number; end: number };

/** Where a view's elements are in the document, and the findings on them. */
export interface ViewAnchors {
  line(at: Span): number;
  /** The worst finding with one of `codes` on one of `spans`. */
  status(codes: readonly string[], ...spans: (Span | undefined)[]): Status;
  /** The same lines with a scenario's findings. */
  with(findings: Finding[]): ViewAnchors;
  /** The settings the document was analysed with (the rules' thresholds). */
  readonly settings: AnalysisSettings;
}

export const TRAFFIC_ID = 'traffic';
export const tierId = (name: string) => `tier:${name}`;
export const queueId = (name: string) => `queue:${name}`;

const TIER_CODES = ['CM001', 'CM002', 'CM003', 'CM006', 'CM010', 'CM011', 'PD002'];

/**
 * The views of one analysed CapacityModel: as designed, each declared scenario, and the three
 * §21 what-ifs (evaluated by the core's `whatIfs`, shown even when undeclared; they report
 * nothing, §10.8). A scenario's elements take the findings its own rules give on them.
 */
export function capacityViews(a: CapacityAnalysis, at: ViewAnchors): CapacityViews {
  const view = (r: ScenarioResult) =>
    capacityView(r.name, r.scenario ? at.line(r.scenario.nameNode) : null, r.model, r.figures, at.with(r.findings));
  return {
    base: capacityView('as designed', null, a.model, a.figures, at),
    scenarios: a.scenarios.map(view),
    // Without a peak there is no traffic to remove a zone from or slow down.
    whatIfs: a.model.peakRps === undefined ? [] : whatIfs(a.model, a.figures, at.settings).map(view),
  };
}

export function capacityView(
  title: string,
  line: number | null,
  m: CapacityModel,
  f: CapacityFigures,
  at: ViewAnchors,
): CapacityView {
  const constraints: Constraint[] = f.constraints.map(c => ({
    name: c.name,
    kind: c.kind,
    multiple: c.multiple,
    rps: c.rps,
    line: at.line(c.node),
  }));
  // A limit reached below peak is broken in this view, findings or not (a what-if has none).
  const broken = new Set(f.constraints.filter(breaks).map(c => c.node));
  const brokenStatus = (node: PNode | undefined): Status => (node && broken.has(node) ? 'error' : 'ok');
  const figureOf = new Map(f.tiers.map(t => [t.tier.name, t]));
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];

  nodes.push({
    id: TRAFFIC_ID,
    name: 'traffic',
    kind: 'traffic',
    line: at.line(keyRange(m.root, 'traffic')),
    rps: m.peakRps ?? null,
    inFlight: f.inFlight,
    units: null,
    bottleneck: null,
    backlog: null,
    arrivalRate: null,
    workers: null,
    ratePerWorker: null,
    gauges: [],
    status: 'ok',
  });

  for (const tf of f.tiers) {
    const t = tf.tier;
    nodes.push(tierNode(m, tf, at, brokenStatus(t.node), f));
    // Traffic enters the tiers whose rate is a share of the peak rather than their callers' demand.
    if (tf.demandRule === 'entry' || tf.demandRule === 'share' || tf.demandRule === 'requests')
      edges.push({
        from: TRAFFIC_ID,
        to: tierId(t.name),
        kind: 'traffic',
        rps: tf.rps,
        inFlight: null,
        pool: null,
        line: at.line(mapGet(t.node, 'share') ?? mapGet(t.node, 'requests') ?? t.node),
        status: 'ok',
      });
    edges.push(...callEdges(t, tf, figureOf, at, brokenStatus));
    if (isCache(t)) {
      const callee = figureOf.get(t.missesTo!);
      const node = mapGet(t.node, 'missesTo') ?? t.node;
      edges.push({
        from: tierId(t.name),
        to: tierId(t.missesTo!),
        kind: 'miss',
        rps: t.missCyclic
          ? null
          : (callee?.demandSources.find(s => s.via === 'miss' && s.name === t.name)?.rps ?? null),
        inFlight: null,
        pool: null,
        line: at.line(node),
        status: at.status(['PD002'], node),
      });
    }
  }

  for (const qf of f.queues) {
    const q = qf.queue;
    nodes.push({
      id: queueId(q.name),
      name: q.name,
      kind: 'queue',
      line: at.line(q.node),
      rps: null,
      inFlight: null,
      units: null,
      bottleneck: null,
      backlog: q.backlog?.value ?? null,
      arrivalRate: qf.arrivalRate,
      workers: qf.workers,
      ratePerWorker: q.ratePerWorker?.value ?? null,
      gauges: [
        {
          measure: 'drain',
          value: qf.drainTimeS,
          limit: q.drainTime ? q.drainTime.value / 1000 : null,
          status: at.status(['CM004'], q.node),
          missing: qf.backlogWork === null ? 'poison without maxReceiveCount' : 'never drains',
        },
      ],
      status: at.status(['CM004', 'PD002'], q.node),
    });
    const sources = (callee: string) =>
      figureOf.get(callee)?.demandSources.filter(s => s.via === 'queue' && s.name === q.name) ?? [];
    const seen = new Map<string, number>();
    for (const e of q.calls) {
      const k = seen.get(e.callee) ?? 0;
      seen.set(e.callee, k + 1);
      edges.push({
        from: queueId(q.name),
        to: tierId(e.callee),
        kind: 'call',
        rps: e.cyclic ? null : (sources(e.callee)[k]?.rps ?? null),
        inFlight: null,
        pool: null,
        line: at.line(e.node),
        status: at.status(['CM003', 'PD002'], e.node),
      });
    }
    if (q.consumer !== undefined) {
      const node = mapGet(q.node, 'consumer') ?? q.node;
      edges.push({
        from: queueId(q.name),
        to: tierId(q.consumer),
        kind: 'consumer',
        rps: null,
        inFlight: null,
        pool: null,
        line: at.line(node),
        status: at.status(['CM004', 'PD002'], node),
      });
    }
  }
  return { title, line, peakRps: m.peakRps ?? null, flow: { nodes, edges }, constraints };
}

function tierNode(m: CapacityModel, tf: TierFigure, at: ViewAnchors, broken: Status, f: CapacityFigures): FlowNode {
  const t = tf.tier;
  const compute = t.unitRps !== undefined;
  const gauges: Gauge[] = [];
  if (compute)
    gauges.push({
      measure: 'utilization',
      value: tf.utilizationAtPeak,
      limit: m.maxUtilization,
      status: worstStatus([at.status(['CM001', 'CM006'], t.node), broken]),
      missing: t.maxUnits === undefined ? 'no max units' : undefined,
    });
  if (compute && t.zones)
    gauges.push({
      measure: 'failover',
      value: tf.failoverUtilization,
      limit: null,
      status: at.status(['CM002'], t.node),
      missing: 'one zone lost: no capacity left',
    });
  if (isCache(t)) gauges.push({ measure: 'hits', value: t.hitRatio!.value, limit: null, status: 'ok' });
  if (t.maxConnections) {
    // Unbounded callers are reported on their own edges into this tier (CM003).
    const callerEdges = tf.unboundedCallers.flatMap(
      name =>
        f.tiers
          .find(x => x.tier.name === name)
          ?.tier.calls.filter(e => e.callee === t.name)
          .map(e => e.node) ?? [],
    );
    gauges.push({
      measure: 'connections',
      value: tf.connections,
      limit: t.maxConnections.value,
      status: at.status(['CM003'], t.node, ...callerEdges),
      missing: tf.unboundedCallers.length ? `unbounded: ${tf.unboundedCallers.join(', ')}` : 'no pools declared',
    });
  }
  return {
    id: tierId(t.name),
    name: t.name,
    kind: compute ? 'compute' : isCache(t) ? 'cache' : t.maxConnections ? 'data' : 'tier',
    line: at.line(t.node),
    rps: tf.rps,
    inFlight: tf.inFlight,
    units: compute || t.maxUnits !== undefined ? { min: t.minUnits ?? null, max: t.maxUnits ?? null } : null,
    bottleneck: tf.bottleneck,
    backlog: null,
    arrivalRate: null,
    workers: null,
    ratePerWorker: null,
    gauges,
    status: worstStatus([at.status(TIER_CODES, t.node), broken, ...gauges.map(g => g.status)]),
  };
}

/** A tier's `dependsOn` edges: rps from the callee's demand sources, in-flight and pool from the edge figures. */
function callEdges(
  t: Tier,
  tf: TierFigure,
  figureOf: Map<string, TierFigure>,
  at: ViewAnchors,
  brokenStatus: (node: PNode | undefined) => Status,
): FlowEdge[] {
  const seen = new Map<string, number>();
  return t.calls.map(e => {
    // A tier listing the same callee twice has two sources in it: the k-th edge takes the k-th.
    const k = seen.get(e.callee) ?? 0;
    seen.set(e.callee, k + 1);
    const figure = tf.calls.find(c => c.edge === e);
    const source = figureOf.get(e.callee)?.demandSources.filter(s => s.via === 'call' && s.name === t.name)[k];
    return {
      from: tierId(t.name),
      to: tierId(e.callee),
      kind: 'call',
      rps: e.cyclic ? null : (figure?.rps ?? source?.rps ?? null),
      inFlight: figure?.inFlight ?? null,
      pool: figure?.pool ?? null,
      line: at.line(e.node),
      status: worstStatus([at.status(['CM009', 'CM003', 'PD002'], e.node), brokenStatus(e.node)]),
    };
  });
}
