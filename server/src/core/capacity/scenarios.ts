// Scenarios (spec §10.8; lesson §13.4, §21): the same model with one AZ removed, a cache cold,
// a dependency slower or more traffic, evaluated again. A scenario transforms the typed model
// (never the text) and reruns the figures and the rules, so it costs one figures pass.
import type { AnalysisSettings, Severity } from '../types';
import type { PNode } from '../yamlTree';
import { Segment, segmentWorstCaseMs } from '../latencyBudget';
import type { CapacityModel, Edge, LatencyChange, Scenario, Tier } from './model';
import { isCache } from './model';
import { ceilSafe } from './demand';
import { CapacityFigures, capacityFigures } from './figures';
import type { Constraint } from './constraints';
import { CAPACITY_RULES } from './rules';

/** What a scenario changes (a declared `scenarios[]` entry, or one of the §21 what-ifs). */
export type ScenarioChanges = Pick<Scenario, 'zoneLost' | 'hitRatio' | 'latency' | 'traffic'>;

export interface ScenarioFinding {
  code: string;
  severity: Severity;
  /** The rule's message, without the `[name]` prefix. */
  message: string;
  /** Where the rule put it on the model (a tier, an edge, a queue): where a diagram marks it. */
  start: number;
  end: number;
  /** Not said by the model as designed: the scenario reports it on its name (§10.8). */
  beyondDesign: boolean;
}

export interface ScenarioResult {
  name: string;
  /** The declared scenario (undefined for an undeclared §21 what-if). */
  scenario?: Scenario;
  /** The model with the changes applied. */
  model: CapacityModel;
  figures: CapacityFigures;
  /** Rule findings in the scenario that the base model does not already report. */
  findings: ScenarioFinding[];
  /** Limits reached below the scenario's peak (multiple < 1): what breaks in it. */
  breaks: Constraint[];
  /** Milliseconds the critical path gained (latency scenarios), else 0. */
  addedLatencyMs: number;
}

const scale = <T extends { value: number }>(q: T | undefined, f: number): T | undefined =>
  q && { ...q, value: q.value * f };

/** Each tier with zones ≥ 2 keeps `maxUnits − ceil(maxUnits / zones)` units in `zones − 1` zones; `zones: 1` keeps none. */
function loseZone(t: Tier): Tier {
  if (!t.zones || t.maxUnits === undefined) return t;
  const zones = t.zones.value;
  const kept = zones >= 2 ? t.maxUnits - ceilSafe(t.maxUnits / zones) : 0;
  return {
    ...t,
    maxUnits: kept,
    minUnits: t.minUnits === undefined ? undefined : Math.min(t.minUnits, kept),
    zones: zones >= 2 ? { ...t.zones, value: zones - 1 } : t.zones,
  };
}

/**
 * A budget's critical path with the segments of the given dependencies slowed by their
 * factors, each capped at its worst case (timeout × tries + backoff) when it has a timeout.
 */
export function slowedTotalMs(segments: readonly Segment[], factors: ReadonlyMap<string, number>): number {
  const cost = (s: Segment): number => {
    if (s.parallel) return Math.max(0, ...s.parallel.filter(c => !c.async).map(cost));
    const budget = s.budget?.value ?? 0;
    const f = s.dependency === undefined ? undefined : factors.get(s.dependency);
    if (f === undefined) return budget;
    const worst = s.timeout ? segmentWorstCaseMs(s) : null;
    return worst === null ? budget * f : Math.min(budget * f, Math.max(worst, budget));
  };
  return segments.filter(s => !s.async).reduce((sum, s) => sum + cost(s), 0);
}

/** The model with a scenario's changes applied (§10.8); `base` gives the entry tiers for latency. */
export function applyScenario(m: CapacityModel, base: CapacityFigures, s: ScenarioChanges): CapacityModel {
  const everything = s.latency.find(l => l.target === null)?.factor;
  const named = new Map(s.latency.filter(l => l.target !== null).map(l => [l.target!, l.factor]));
  const hits = new Map(s.hitRatio.map(h => [h.cache, h.value]));
  const slowEdge = (e: Edge): Edge => {
    const f = everything ?? named.get(e.callee);
    return f === undefined || !e.latency ? e : { ...e, latency: scale(e.latency, f) };
  };
  // Critical-path time added by named slowdowns: the budget's increase, plus each slowed call of an entry tier.
  let added = 0;
  if (named.size) {
    const budget = m.borrowed?.budget;
    if (budget) added += slowedTotalMs(budget.segments, named) - slowedTotalMs(budget.segments, new Map());
    for (const f of base.tiers) {
      if (f.demandRule !== 'entry') continue;
      for (const e of f.tier.calls) {
        const factor = named.get(e.callee);
        if (factor !== undefined && e.latency && !e.cyclic) added += e.callsPerRequest * e.latency.value * (factor - 1);
      }
    }
  }
  const latency = (ms: number | undefined) =>
    ms === undefined ? undefined : everything !== undefined ? ms * everything : ms + added;
  const tiers = m.tiers.map(t0 => {
    let t = s.zoneLost ? loseZone(t0) : t0;
    const hit = hits.get(t.name);
    if (hit !== undefined && isCache(t)) t = { ...t, hitRatio: { ...t.hitRatio!, value: hit } };
    const calls = t.calls.map(slowEdge);
    return {
      ...t,
      calls,
      latency: everything === undefined ? t.latency : scale(t.latency, everything),
    };
  });
  return {
    ...m,
    peakRps: m.peakRps === undefined || s.traffic === undefined ? m.peakRps : m.peakRps * s.traffic,
    latencyMs: latency(m.latencyMs),
    p95LatencyMs: latency(m.p95LatencyMs),
    tiers,
    queues: m.queues.map(q => ({ ...q, calls: q.calls.map(slowEdge) })),
  };
}

/** `[code, message]` keys of findings, to leave out what the base model already says. */
export const findingKey = (code: string, message: string): string => `${code}\u0000${message}`;

export function evaluateScenario(
  m: CapacityModel,
  base: CapacityFigures,
  name: string,
  changes: ScenarioChanges,
  settings: AnalysisSettings,
  baseFindings: ReadonlySet<string>,
  scenario?: Scenario,
): ScenarioResult {
  const model = applyScenario(m, base, changes);
  const figures = capacityFigures(model);
  const findings: ScenarioFinding[] = [];
  const report = (code: string, severity: Severity, message: string, at: { start: number; end: number }) =>
    findings.push({
      code,
      severity,
      message,
      start: at.start,
      end: at.end,
      beyondDesign: !baseFindings.has(findingKey(code, message)),
    });
  for (const rule of CAPACITY_RULES) rule({ model, figures, settings, report });
  return {
    name,
    scenario,
    model,
    figures,
    findings,
    breaks: figures.constraints.filter(c => c.multiple < 1),
    addedLatencyMs: (model.latencyMs ?? 0) - (m.latencyMs ?? 0),
  };
}

/** The three what-ifs of §21 (questions 11-13), named as the preview and the report show them. */
export const WHAT_IFS: readonly { name: string; changes: (m: CapacityModel) => ScenarioChanges }[] = [
  { name: 'One AZ removed', changes: () => ({ zoneLost: true, hitRatio: [], latency: [] }) },
  {
    name: 'Cache hit rate 0',
    changes: m => ({
      zoneLost: false,
      hitRatio: m.tiers.filter(isCache).map(t => ({ cache: t.name, value: 0, node: t.node as PNode })),
      latency: [],
    }),
  },
  {
    name: 'Latency 10×',
    changes: m => ({
      zoneLost: false,
      hitRatio: [],
      latency: [{ target: null, factor: 10, node: m.root } satisfies LatencyChange],
    }),
  },
];

/**
 * The §21 what-ifs for any model, declared or not (§10.8: shown in the preview and the report
 * as information, with no diagnostics): one AZ removed, cache hit rate 0, latency 10×.
 */
export function whatIfs(m: CapacityModel, base: CapacityFigures, settings: AnalysisSettings): ScenarioResult[] {
  return WHAT_IFS.map(w => evaluateScenario(m, base, w.name, w.changes(m), settings, new Set()));
}
