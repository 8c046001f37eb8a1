// One-line and few-line summaries of a document's figures, for the CLI's text output,
// the editor's code lens / status bar and the checklist report.
import { assertNever, type DocumentAnalysis } from './analyze';
import { TEST_TYPES } from './loadTestPlan';
import { breakingPointText, capacityKeyFigures } from './capacity/summary';
import { observabilityHeadline, observabilityKeyFigures } from './observabilityPlan';
import { formatMs, formatNumber, formatPercent } from './units';

export function headline(d: DocumentAnalysis): string | null {
  switch (d.kind) {
    case 'LatencyBudget': {
      const f = d.latency.figures,
        p = d.latency.model.budgetPercentile;
      if (f.targetMs === null) return `Σ ${formatMs(f.totalMs)} (no ${p} target)`;
      const share = f.shareOfTarget === null ? '' : ` · ${formatPercent(f.shareOfTarget)} of ${p}`;
      const rest = f.headroomMs! >= 0 ? `headroom ${formatMs(f.headroomMs!)}` : `over by ${formatMs(-f.headroomMs!)}`;
      return `Σ ${formatMs(f.totalMs)}${share} ${formatMs(f.targetMs)} · ${rest}`;
    }
    case 'CapacityModel': {
      const f = d.capacity.figures;
      const parts = [];
      if (f.inFlight !== null) parts.push(`${formatNumber(f.inFlight)} in flight`);
      if (f.inFlightP95 !== null) parts.push(`${formatNumber(f.inFlightP95)} at p95`);
      if (f.requiredRps !== null) parts.push(`needs ${formatNumber(f.requiredRps)} rps with headroom`);
      if (f.breakingPoint) parts.push(`breaks first: ${breakingPointText(f.breakingPoint)}`);
      return parts.join(' · ') || 'no figures yet: give traffic.peakRps and traffic.latency (or latencyFrom)';
    }
    case 'LoadTestPlan': {
      const f = d.loadTest.figures;
      return (
        `${TEST_TYPES.length - f.missingTestTypes.length} of ${TEST_TYPES.length} test types` +
        (f.missingTestTypes.length ? ` · missing ${f.missingTestTypes.join(', ')}` : '')
      );
    }
    case 'ObservabilityPlan':
      return observabilityHeadline(d.observability.figures);
    case null:
      return null;
    default:
      return assertNever(d);
  }
}

export function keyFigures(d: DocumentAnalysis): string[] {
  const out: string[] = [];
  switch (d.kind) {
    case 'LatencyBudget': {
      const f = d.latency.figures;
      out.push(
        `total ${formatMs(f.totalMs)} vs ${d.latency.model.budgetPercentile} target ${f.targetMs === null ? 'none' : formatMs(f.targetMs)}; headroom ${f.headroomMs === null ? 'n/a' : formatMs(f.headroomMs)}; buffer ${formatMs(f.bufferMs)}`,
      );
      out.push(
        `worst case with retries ${f.worstCaseMs === null ? 'unbounded (a dependency has no timeout)' : formatMs(f.worstCaseMs)} vs timeout ${f.timeoutMs === null ? 'none' : formatMs(f.timeoutMs)}`,
      );
      const p = d.latency.model.budgetPercentile;
      for (const g of f.fanout)
        out.push(
          `fan-out "${g.name}": ${g.calls} calls, ${formatPercent(g.exceedsBudgetProbability, 1)} with a call over its ${p} budget, tail probability ${formatPercent(g.tailProbability, 1)}`,
        );
      if (f.tailExposure !== null)
        out.push(
          `tail exposure ${formatPercent(f.tailExposure, 1)}: requests that meet a dependency slower than its ${p} budget (${f.dependencyCalls} dependency call${f.dependencyCalls === 1 ? '' : 's'} on the path)`,
        );
      break;
    }
    case 'CapacityModel': {
      const f = d.capacity.figures;
      out.push(
        `in flight ${f.inFlight === null ? 'n/a' : formatNumber(f.inFlight)} (at p95 ${f.inFlightP95 === null ? 'n/a' : formatNumber(f.inFlightP95)}); required ${f.requiredRps === null ? 'n/a' : formatNumber(f.requiredRps)} rps`,
      );
      out.push(...capacityKeyFigures(f));
      break;
    }
    case 'LoadTestPlan': {
      const f = d.loadTest.figures;
      out.push(
        `test types: ${f.testTypes.join(', ') || 'none'}${f.missingTestTypes.length ? `; missing ${f.missingTestTypes.join(', ')}` : ''}`,
      );
      break;
    }
    case 'ObservabilityPlan':
      out.push(...observabilityKeyFigures(d.observability.figures));
      break;
    case null:
      break;
    default:
      assertNever(d);
  }
  return out;
}
