// Inlay hints: the computed figure right after the value it comes from (the running total
// after a segment's budget, in-flight requests after the peak rate, the workers a queue
// needs after its workers). Only what lies in the requested range is visited: lists are
// entered by binary search, so a window of a 10,000-segment budget costs a window's work.
// Figures come from the analysis; the hover explains them.
import { assertNever, type DocumentAnalysis, type FileAnalysis } from '../core/analyze';
import { FORMULAS, formulaWithSection } from '../core/formulas';
import { formatMs, formatNumber, formatPercent } from '../core/units';
import { PMap, PNode, PPair, mapGet, mapPair } from '../core/yamlTree';
import type { LatencyAnalysis } from '../core/latencyBudget';
import type { CapacityAnalysis } from '../core/capacityModel';
import { TEST_TYPES, type LoadTestAnalysis } from '../core/loadTestPlan';
import { elementsIn } from './nodeAt';
import { observabilityHints } from './inlayHints/observability';
import { InlayHintItem } from './types';

export type Emit = (offset: number | undefined, label: string, tooltip?: string) => void;

export function inlayHints(file: FileAnalysis, start: number, end: number): InlayHintItem[] {
  const hints: InlayHintItem[] = [];
  const emit: Emit = (offset, label, tooltip) => {
    if (offset !== undefined && start <= offset && offset <= end)
      hints.push({ offset, label, ...(tooltip ? { tooltip } : {}) });
  };
  for (const d of elementsIn(file.documents, start, end, x => x)) {
    switch (d.kind) {
      case 'LatencyBudget':
        latencyHints(file.text, d.latency, start, end, emit);
        break;
      case 'CapacityModel':
        capacityHints(d, d.capacity, start, end, emit);
        break;
      case 'LoadTestPlan':
        loadTestHints(file.text, d.loadTest, emit);
        break;
      case 'ObservabilityPlan':
        observabilityHints(file.text, d.observability, emit);
        break;
      case null:
        break;
      default:
        assertNever(d);
    }
  }
  return hints.sort((a, b) => a.offset - b.offset);
}

/** Just after the colon of `key:` (where a block list or mapping value starts on the next line). */
export function afterColon(text: string, pair: PPair | undefined): number | undefined {
  if (!pair) return undefined;
  const colon = text.indexOf(':', pair.keyEnd);
  const eol = text.indexOf('\n', pair.keyEnd);
  return colon >= 0 && (eol < 0 || colon < eol) ? colon + 1 : pair.keyEnd;
}

/** The end of a scalar value: hints go right after the number they explain. */
function afterValue(node: PNode | null | undefined): number | undefined {
  return node?.type === 'scalar' ? node.end : undefined;
}

function latencyHints(text: string, { model, figures }: LatencyAnalysis, start: number, end: number, emit: Emit): void {
  const p = model.budgetPercentile;
  const share = figures.shareOfTarget === null ? '' : ` · ${formatPercent(figures.shareOfTarget)} of ${p}`;
  const exposure =
    figures.tailExposure === null
      ? ''
      : `; ${formatPercent(figures.tailExposure, 1)} of requests meet a dependency slower than its ${p} budget (§4.5)`;
  emit(
    afterColon(text, mapPair(model.root, 'segments')),
    `Σ ${formatMs(figures.totalMs)}${share}`,
    `critical path against the ${p} target (§5)${exposure}`,
  );
  if (figures.worstCaseMs !== null) {
    emit(
      afterValue(model.target.timeout?.node),
      `worst case ${formatMs(figures.worstCaseMs)}`,
      formulaWithSection('pathWorstCase'),
    );
  }
  for (const f of elementsIn(figures.perSegment, start, end, x => x.segment.node)) {
    const s = f.segment;
    if (s.async) continue;
    if (s.parallel) {
      emit(
        afterColon(text, mapPair(s.node, 'parallel')),
        `max ${formatMs(f.costMs)} · Σ ${formatMs(f.runningTotalMs)}`,
        `${FORMULAS.parallelGroupCost.text}; ${FORMULAS.runningTotal.text} (§4.5, §5)`,
      );
    } else {
      emit(afterValue(s.budget?.node), `Σ ${formatMs(f.runningTotalMs)}`, formulaWithSection('runningTotal'));
    }
  }
}

function capacityHints(
  d: DocumentAnalysis,
  { model, figures }: CapacityAnalysis,
  start: number,
  end: number,
  emit: Emit,
): void {
  const traffic = model.trafficNode;
  const inFlight = figures.inFlight === null ? '' : `${formatNumber(figures.inFlight)} in flight`;
  const littles = "Little's law: peak rate × latency (§4.3)";
  if (traffic && mapGet(traffic, 'peakRps')) {
    if (inFlight) emit(afterValue(model.peakRpsNode), `→ ${inFlight}`, littles);
  } else if (model.peakRps !== undefined) {
    emit(
      afterValue(traffic && mapGet(traffic, 'burstMultiplier')),
      `→ peak ${formatNumber(model.peakRps)} rps${inFlight ? ` · ${inFlight}` : ''}`,
      `averageRps × burstMultiplier; ${littles}`,
    );
  }
  if (figures.inFlightP95 !== null)
    emit(
      afterValue(traffic && mapGet(traffic, 'p95Latency')),
      `→ ${formatNumber(figures.inFlightP95)} at p95`,
      littles,
    );
  if (model.latencySource === 'latencyFrom' && model.latencyMs !== undefined) {
    const p95 = model.p95LatencyMs === undefined ? '' : ` · p95 ${formatMs(model.p95LatencyMs)}`;
    emit(
      afterValue(d.references.find(r => r.key === 'latencyFrom')?.node),
      `→ ${formatMs(model.latencyMs)}${p95}`,
      'latency borrowed from the budget: its p50 target (or critical path) as the average, its p95 path (or p95 target) as p95',
    );
  }
  if (figures.requiredRps !== null)
    emit(
      afterValue(model.safetyFactor?.node),
      `→ ${formatNumber(figures.requiredRps)} rps required`,
      formulaWithSection('requiredRps'),
    );
  for (const f of elementsIn(figures.tiers, start, end, x => x.tier.node)) {
    // An entry tier serves the peak, already on the traffic line; the others follow §10.1.
    if (f.rps !== null && f.demandRule !== 'entry')
      emit(
        afterValue(mapGet(f.tier.node, 'name')),
        `→ ${formatNumber(f.rps)} rps`,
        f.demandRule === 'callers'
          ? "the sum of its callers' demand (§10.1)"
          : `peak × ${f.demandRule === 'share' ? 'share' : 'its share of reads or writes'} (§10.1)`,
      );
    for (const e of f.calls)
      if (e.inFlight !== null)
        emit(
          afterValue(e.edge.latency?.node),
          `${formatNumber(e.inFlight)} in flight${e.pool === null ? '' : ` / pool ${formatNumber(e.pool, 0)}`}`,
          "Little's law on the call: rps × latency, against the caller's pool (§4.3, §10.1, CM009)",
        );
    if (f.unitsNeeded !== null)
      emit(afterValue(unitsMaxNode(f.tier.node)), `needs ${f.unitsNeeded}`, formulaWithSection('unitsNeeded'));
    if (f.connections !== null)
      emit(
        afterValue(f.tier.maxConnections?.node),
        `${formatNumber(f.connections)} at max scale`,
        'connections opened into this tier at max scale (§10.1)',
      );
  }
  for (const f of elementsIn(figures.queues, start, end, x => x.queue.node)) {
    if (f.workersNeeded === null) continue;
    const q = f.queue;
    if (q.workers) emit(q.workers.node.end, `needs ${f.workersNeeded}`, formulaWithSection('workersNeeded'));
    else emit(q.drainTime?.node.end, `needs ${f.workersNeeded} workers`, formulaWithSection('workersNeeded'));
  }
  for (const f of elementsIn(figures.quotas, start, end, x => x.quota.node)) {
    if (f.usage === null) continue;
    const rate = f.quota.measures === 'rps';
    const p95 = f.usageP95 === null ? '' : ` · ${formatNumber(f.usageP95)} ${rate ? 'with headroom' : 'at p95'}`;
    emit(
      f.quota.limit?.node.end,
      `peak ${formatNumber(f.usage)} ${rate ? 'rps' : 'in flight'}${p95}`,
      'usage against the limit (§7, §4.3)',
    );
  }
}

/** `units: 21` or the `max` of `units: { min, max }`: where the scale limit is written. */
function unitsMaxNode(tier: PMap): PNode | null | undefined {
  const units = mapGet(tier, 'units');
  return units?.type === 'map' ? mapGet(units, 'max') : units;
}

function loadTestHints(text: string, { model, figures }: LoadTestAnalysis, emit: Emit): void {
  emit(
    afterColon(text, mapPair(model.root, 'tests')),
    `${TEST_TYPES.length - figures.missingTestTypes.length} of ${TEST_TYPES.length} test types`,
    'smoke, baseline, load, stress, spike, soak, failover, backlog-drain (§13.1)',
  );
}
