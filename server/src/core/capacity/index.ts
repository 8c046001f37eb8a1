// CapacityModel analysis (spec §4, §10; lesson §4.3, §6-§10): read the model once, compute
// its figures, run its rules. The pieces live in this folder by topic.
import { AnalysisSettings } from '../types';
import { PMap } from '../yamlTree';
import { Reader } from '../reader';
import { BorrowedLatency, CapacityModel, readCapacityModel } from './model';
import { CapacityFigures, capacityFigures } from './figures';
import { CAPACITY_RULES } from './rules';

export * from './model';
export * from './demand';
export * from './connections';
export * from './queues';
export * from './quotas';
export * from './constraints';
export * from './figures';
export { CAPACITY_RULES, QUOTA_UNIT, unitsRange } from './rules';
export { RESOURCE_DIMENSIONS, metricResource } from './scaling';

export interface CapacityAnalysis {
  model: CapacityModel;
  figures: CapacityFigures;
}

export function analyzeCapacityModel(
  root: PMap,
  r: Reader,
  settings: AnalysisSettings,
  borrowed?: BorrowedLatency,
): CapacityAnalysis {
  const model = readCapacityModel(root, r, settings, borrowed);
  const figures = capacityFigures(model);
  const report = r.report.bind(r);
  for (const rule of CAPACITY_RULES) rule({ model, figures, settings, report });
  return { model, figures };
}
