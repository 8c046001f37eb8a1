// CapacityModel analysis (spec §4, §10; lesson §4.3, §6-§10): read the model once, compute
// its figures, run its rules. The pieces live in this folder by topic.
import { AnalysisSettings } from '../types';
import { PMap } from '../yamlTree';
import { Reader } from '../reader';
import { BorrowedLatency, CapacityModel, readCapacityModel } from './model';
import { CapacityFigures, capacityFigures, capacityMetrics } from './figures';
import { CAPACITY_RULES, Report } from './rules';
import { ScenarioResult, evaluateScenario, findingKey } from './scenarios';
import type { Metrics } from '../types';

export * from './model';
export * from './demand';
export * from './connections';
export * from './queues';
export * from './quotas';
export * from './constraints';
export * from './figures';
export { CAPACITY_RULES, QUOTA_UNIT, unitsRange } from './rules';
export * from './scenarios';
export { breakingPointText, constraintLabel } from './summary';
export { RESOURCE_DIMENSIONS, metricResource } from './scaling';

export interface CapacityAnalysis {
  model: CapacityModel;
  figures: CapacityFigures;
  /** The declared scenarios (§10.8), each evaluated on the transformed model. */
  scenarios: ScenarioResult[];
}

export function analyzeCapacityModel(
  root: PMap,
  r: Reader,
  settings: AnalysisSettings,
  borrowed?: BorrowedLatency,
): CapacityAnalysis {
  const model = readCapacityModel(root, r, settings, borrowed);
  const figures = capacityFigures(model);
  const said = new Set<string>();
  const report: Report = (code, severity, message, at, data) => {
    said.add(findingKey(code, message));
    r.report(code, severity, message, at, data);
  };
  for (const rule of CAPACITY_RULES) rule({ model, figures, settings, report });
  // A scenario reports, on its name, what it breaks beyond what the base model already reports.
  const scenarios = model.scenarios.map(s => {
    const result = evaluateScenario(model, figures, s.name, s, settings, said, s);
    for (const f of result.findings)
      if (f.beyondDesign) r.report(f.code, f.severity, `[${s.name}] ${f.message}`, s.nameNode);
    return result;
  });
  return { model, figures, scenarios };
}

/** The document's JSON figures: the base model's, and `scenarios.<name>` with the same keys (§10.8). */
export function capacityDocumentMetrics(a: CapacityAnalysis): Metrics {
  const metrics = capacityMetrics(a.figures);
  if (a.scenarios.length)
    metrics.scenarios = Object.fromEntries(a.scenarios.map(s => [s.name, capacityMetrics(s.figures)]));
  return metrics;
}
