// Quick fixes for the diagnostics the client sends back, and the source action that writes
// the §18 production review checklist into a document. The checklist is a comment block at
// the end of the document, not a `checklist:` key: the schemas allow no extra keys
// (additionalProperties: false), and a comment changes no figure and no finding. Applying
// the action again replaces the block, so it doubles as "refresh the checklist".
//
// A sent diagnostic is bound to the finding of the current analysis with the same code and
// range; one that matches nothing is stale and gets no fix. The facts a fix needs come from
// the diagnostic's `data` as the server published it, else from that finding, else from the
// document's figures (a client may drop `data`). Every edit goes through yamlEdits, which
// keeps the indentation and block/flow style of the place it writes to.
//
// Suggested values, chosen so that the fix does not cause another rule to fire:
// - LB002: a Buffer segment of the missing room, taken from the largest plain segment. A
//   buffer segment counts in the critical path, so only moving budget into it (total
//   unchanged) creates room for variance; adding budget on top would just shrink headroom.
// - LB003: p95 ≈ 3 × p50 and p99 ≈ 2.4 × p95, the ratios of the spec's example target
//   (150 / 500 / 1200 ms); the percentile the segments are budgeted against also leaves the
//   5% of §5.1 rule 5 above the critical path. Kept within p50 ≤ p95 ≤ p99 ≤ timeout (LB009).
// - LB004: timeout = max(worst case with retries, 2 × the slowest percentile target, or
//   2 × the critical path without one), so LB007 does not fire and no p99 request is cut off.
// - LT001: rps from the referenced capacity model's peak (a placeholder 100 rps peak
//   without one), a duration per test type, and criteria equal to the referenced budget's
//   targets (spec defaults 500 ms / 1200 ms / 0.1% without one), so neither LT002, LT003
//   nor LT004 fires on the new test; a soak at least as long as perfdoc.soakMinDuration (LT007).
// Each fix reads the settings the document was analysed with (FileAnalysis.settings), not
// the defaults: under perfdoc.minBufferPercent 10 the LB003 fix must leave 10% room.
// Values are rounded up to two significant digits (1,234 ms → 1,300 ms) and written as the
// spec writes them: whole seconds in s (`2s`), anything else in ms (`1200ms`).
import type { DocumentAnalysis, FileAnalysis } from '../core/analyze';
import type { AnalysisSettings, Diagnostic, Finding } from '../core/types';
import { PERCENTILES, Percentile, Segment } from '../core/latencyBudget';
import { TEST_TYPES, TestType } from '../core/loadTestPlan';
import { capacityFacts } from '../core/loadTestCapacity';
import { mapPair } from '../core/yamlTree';
import { formatMs, formatNumber, round } from '../core/units';
import { CodeActionItem, FileEdit, TextEdit } from './types';
import { Placement, YamlPair, appendItem, insertPairs, upsertCommentBlock } from './yamlEdits';
import { checklistComment } from '../core/checklist';
import { suppressionFix } from './suppressFix';
import { OBSERVABILITY_FIXERS } from './codeActions/observability';
import { scenarioActions } from './codeActions/scenarios';
import { checklistFixes } from './codeActions/checklist';
import { updateDesignFigure } from './codeActions/designDrift';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Edits in another file: a referenced document (LT010). */
  otherFiles?: FileEdit[];
  preferred?: boolean;
}

/** The current text of a workspace file (open or on disk): a fix that edits a referenced document reads it. */
export interface SourceTexts {
  textOf(path: string): string | undefined;
}

/** A sent diagnostic bound to the finding it reports in the current analysis. */
export interface Bound {
  /** The analysed file's path and text. */
  path: string;
  text: string;
  /** Other files' texts, when the caller can read them (the server); without, fixes stay in this file. */
  sources?: SourceTexts;
  /** The settings the document was analysed with: a fix must not make their rules fire. */
  settings: AnalysisSettings;
  doc: DocumentAnalysis;
  finding: Finding;
  facts: Record<string, unknown>;
}

export type Fixer = (b: Bound) => Fix[];

export function codeActions(
  file: FileAnalysis,
  start: number,
  _end: number,
  diagnostics: Diagnostic[],
  sources?: SourceTexts,
): CodeActionItem[] {
  const actions: CodeActionItem[] = [];
  for (const diagnostic of diagnostics) {
    const fixer = FIXERS[diagnostic.code];
    const bound = fixer && bind(file, diagnostic, sources);
    if (!bound) continue;
    for (const fix of fixer(bound)) {
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        edits: fix.edits,
        ...(fix.otherFiles ? { otherFiles: fix.otherFiles } : {}),
        ...(fix.preferred ? { isPreferred: true } : {}),
      });
    }
  }
  // After the fixes: suppressing is the choice when the finding is accepted, not the first offer.
  for (const diagnostic of diagnostics) {
    const suppress = suppressionFix(file, diagnostic);
    if (suppress) actions.push(suppress);
  }
  const doc = file.documents.find(d => d.kind && d.root && d.start <= start && start <= d.end);
  // Quick fixes of the sent diagnostics come alone: the scenarios are offered on a clean line.
  if (doc && !diagnostics.length) actions.push(...scenarioActions(file.text, doc, start));
  if (doc) {
    actions.push(...checklistFixes(file, doc, start, (finding, d) => fixesOfFinding(file, d, finding, sources)));
    actions.push({
      title: 'Add production review checklist',
      kind: 'source.addChecklist',
      edits: [upsertCommentBlock(file.text, doc.root!, doc.end, checklistComment(doc))],
    });
  }
  return actions;
}

/** The quick fixes of a finding of the current analysis (an open checklist item reuses them). */
function fixesOfFinding(
  file: FileAnalysis,
  doc: DocumentAnalysis,
  finding: Finding,
  sources: SourceTexts | undefined,
): Fix[] {
  const fixer = FIXERS[finding.code];
  return fixer ? fixer(bound(file, doc, finding, sources)) : [];
}

/** A finding with what its fixer reads: the file, the settings it was analysed with, its facts. */
function bound(
  file: FileAnalysis,
  doc: DocumentAnalysis,
  finding: Finding,
  sources: SourceTexts | undefined,
  diagnosticFacts?: Diagnostic['data'],
): Bound {
  const facts = { ...finding.data, ...diagnosticFacts };
  return { path: file.path, text: file.text, sources, settings: file.settings, doc, finding, facts };
}

function bind(file: FileAnalysis, diagnostic: Diagnostic, sources: SourceTexts | undefined): Bound | undefined {
  const start = file.lines.offsetAt(diagnostic.range.start),
    end = file.lines.offsetAt(diagnostic.range.end);
  for (const doc of file.documents) {
    // Several findings of one code may share a range (OB002: one per missing alarm): the message tells them apart.
    const same = doc.findings.filter(f => f.code === diagnostic.code && f.start === start && f.end === end);
    const finding = same.find(f => f.message === diagnostic.message) ?? same[0];
    if (finding) return bound(file, doc, finding, sources, diagnostic.data);
  }
  return undefined;
}

const numberFact = (b: Bound, key: string): number | undefined => {
  const v = b.facts[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/** Rounds up to two significant digits, at least to 5 ms: 1,234 → 1,300; 47 → 50. */
function niceCeilMs(ms: number): number {
  const step = Math.max(5, 10 ** (Math.floor(Math.log10(Math.max(ms, 1))) - 1));
  return Math.ceil(round(ms / step, 6)) * step;
}

function durationText(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${round(ms, 3)}ms`;
}

const replace = (node: { start: number; end: number }, newText: string): TextEdit => ({
  start: node.start,
  end: node.end,
  newText,
});

// --- LatencyBudget ---

const TARGET_ORDER = ['p50', 'p95', 'p99', 'timeout', 'errorRate'] as const;

/** New target keys go after the target keys that precede them and before those that follow. */
function targetPlacement(key: (typeof TARGET_ORDER)[number]): Placement {
  const i = TARGET_ORDER.indexOf(key);
  return { after: TARGET_ORDER.slice(0, i).reverse(), before: TARGET_ORDER.slice(i + 1) };
}

/** Adds keys to `target`, or the whole `target` mapping when the document has none. */
function addToTarget(b: Bound, pairs: YamlPair[], first: (typeof TARGET_ORDER)[number]): TextEdit[] {
  const { model } = b.doc.latency!;
  if (model.targetNode) return [insertPairs(b.text, model.targetNode, pairs, targetPlacement(first))];
  if (mapPair(model.root, 'target')) return []; // a target that is not a mapping: the schema error comes first
  return [
    insertPairs(b.text, model.root, [['target', pairs]], {
      after: ['region', 'name'],
      before: ['budgetPercentile', 'segments'],
    }),
  ];
}

const addBuffer: Fixer = b => {
  const latency = b.doc.latency;
  if (!latency?.model.segmentsNode) return [];
  const { model, figures } = latency;
  const neededMs =
    numberFact(b, 'bufferMs') ??
    (figures.targetMs === null
      ? undefined
      : Math.ceil((figures.targetMs * b.settings.minBufferPercent) / 100 - (figures.headroomMs! + figures.bufferMs)));
  if (!neededMs || neededMs <= 0) return [];
  const plain = (s: Segment) => !s.async && !s.buffer && !s.parallel && s.budget !== undefined;
  const donor = model.segments
    .filter(s => plain(s) && s.budget!.value > neededMs)
    .sort((x, y) => y.budget!.value - x.budget!.value)[0];
  if (!donor) return [];
  const donorBudget = donor.budget!;
  const existing = model.segments.find(s => s.buffer && !s.parallel && s.budget);
  const bufferEdit = existing
    ? replace(existing.budget!.node, durationText(existing.budget!.value + neededMs))
    : appendItem(b.text, model.segmentsNode!, [
        ['name', 'Buffer'],
        ['budget', durationText(neededMs)],
        ['buffer', 'true'],
      ]);
  const taken = `taken from "${donor.name}" (${formatMs(donorBudget.value)} → ${formatMs(donorBudget.value - neededMs)})`;
  return [
    {
      title: existing
        ? `Grow the "${existing.name}" buffer by ${formatMs(neededMs)}, ${taken}`
        : `Add a ${formatMs(neededMs)} Buffer segment, ${taken}`,
      edits: [replace(donorBudget.node, durationText(donorBudget.value - neededMs)), bufferEdit],
    },
  ];
};

/** Targets to add for the missing `p95`/`p99`, with the rule of thumb in the header comment. */
function suggestPercentiles(b: Bound, missing: Percentile[]): Partial<Record<Percentile, number>> {
  const { model, figures } = b.doc.latency!;
  const t = model.target;
  const room = 1 - b.settings.minBufferPercent / 100;
  const out: Partial<Record<Percentile, number>> = {};
  const value = (p: Percentile) => out[p] ?? t[p]?.value;
  const fits = (p: Percentile) => (model.budgetPercentile === p ? figures.totalMs / room : 0);
  const limit = (p: Percentile, v: number) => {
    const above = [...PERCENTILES.slice(PERCENTILES.indexOf(p) + 1).map(value), t.timeout?.value].filter(
      (x): x is number => x !== undefined,
    );
    const below = PERCENTILES.slice(0, PERCENTILES.indexOf(p))
      .map(value)
      .filter((x): x is number => x !== undefined);
    return Math.min(Math.max(v, ...below), ...above);
  };
  if (missing.includes('p95')) {
    const p50 = t.p50?.value;
    const guess = Math.max(p50 === undefined ? 0 : 3 * p50, fits('p95'));
    out.p95 = limit('p95', guess > 0 ? niceCeilMs(guess) : 500);
  }
  if (missing.includes('p99')) {
    const p95 = value('p95');
    const guess = Math.max(p95 === undefined ? 0 : 2.4 * p95, fits('p99'));
    out.p99 = limit('p99', guess > 0 ? niceCeilMs(guess) : 1200);
  }
  return out;
}

const addPercentiles: Fixer = b => {
  const latency = b.doc.latency;
  if (!latency) return [];
  const target = latency.model.targetNode;
  const missing = (['p95', 'p99'] as const).filter(p => !target || !mapPair(target, p));
  if (!missing.length) return [];
  const values = suggestPercentiles(b, missing);
  const pairs: YamlPair[] = missing.map(p => [p, durationText(values[p]!)]);
  const edits = addToTarget(b, pairs, missing[0]);
  return edits.length ? [{ title: `Add ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} to target`, edits }] : [];
};

const addRequestTimeout: Fixer = b => {
  const latency = b.doc.latency;
  if (!latency || (latency.model.targetNode && mapPair(latency.model.targetNode, 'timeout'))) return [];
  const { model, figures } = latency;
  // Twice the slowest target, or twice the critical path when there is no percentile target.
  const slowest =
    [...PERCENTILES]
      .reverse()
      .map(p => model.target[p]?.value)
      .find(v => v !== undefined) ?? figures.totalMs;
  const base = Math.max(figures.worstCaseMs ?? 0, 2 * slowest);
  const timeout = durationText(base > 0 ? niceCeilMs(base) : 2000);
  const why = [
    figures.worstCaseMs !== null && `worst case ${formatMs(figures.worstCaseMs)}`,
    slowest > 0 && `2 × ${formatMs(slowest)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const edits = addToTarget(b, [['timeout', timeout]], 'timeout');
  return edits.length ? [{ title: `Add timeout: ${timeout} to target${why ? ` (≥ ${why})` : ''}`, edits }] : [];
};

const addDependencyTimeout: Fixer = b => {
  const latency = b.doc.latency;
  const segment = latency?.model.segments
    .flatMap(s => [s, ...(s.parallel ?? [])])
    .find(s => s.dependency !== undefined && mapPair(s.node, 'dependency')?.keyStart === b.finding.start);
  if (!segment || mapPair(segment.node, 'timeout')) return [];
  const timeoutMs = numberFact(b, 'timeoutMs') ?? (segment.budget ? 2 * segment.budget.value : undefined);
  if (timeoutMs === undefined) return [];
  const timeout = durationText(timeoutMs);
  return [
    {
      title: `Add timeout: ${timeout} to "${segment.name}"${segment.budget ? ` (2 × its ${formatMs(segment.budget.value)} budget)` : ''}`,
      edits: [insertPairs(b.text, segment.node, [['timeout', timeout]], { after: ['dependency', 'budget'] })],
      preferred: true,
    },
  ];
};

// --- common and CapacityModel ---

/** PD003: append `ms` to a bare duration, or quote a number YAML split at its grouping comma (§8). */
const fixQuantity: Fixer = b => {
  const quoted = b.facts.text;
  if (b.facts.fix === 'quote' && typeof quoted === 'string')
    return [{ title: `Quote it: ${quoted}`, edits: [replace(b.finding, quoted)], preferred: true }];
  return appendUnit(b);
};

const appendUnit: Fixer = b => {
  const unit = b.facts.unit;
  if (b.facts.fix !== 'append-unit' || typeof unit !== 'string') return [];
  const value = b.text.slice(b.finding.start, b.finding.end);
  return [
    {
      title: `Append "${unit}": ${value}${unit}`,
      edits: [{ start: b.finding.end, end: b.finding.end, newText: unit }],
      preferred: true,
    },
  ];
};

const setWorkers: Fixer = b => {
  const figure = b.doc.capacity?.figures.queues.find(q => q.queue.workers?.node.start === b.finding.start);
  const needed = numberFact(b, 'workersNeeded') ?? figure?.workersNeeded ?? undefined;
  if (!figure || needed === undefined) return [];
  const q = figure.queue;
  const drain =
    q.backlog && q.drainTime
      ? ` to drain ${formatNumber(q.backlog.value, 0)} messages in ${formatMs(q.drainTime.value)}`
      : '';
  return [
    { title: `Set workers to ${needed}${drain}`, edits: [replace(q.workers!.node, String(needed))], preferred: true },
  ];
};

// --- LoadTestPlan ---

/** Per test type (§13.1): share of the peak it runs at, how long, and what makes it that type. */
const SKELETONS: Record<TestType, { peakShare: number; duration: string; extra?: YamlPair[] }> = {
  smoke: { peakShare: 0.01, duration: '5m' },
  baseline: { peakShare: 0.5, duration: '30m' },
  load: { peakShare: 1, duration: '30m' },
  stress: { peakShare: 2, duration: '40m', extra: [['rampUp', '30m']] },
  spike: { peakShare: 1, duration: '10m', extra: [['rampUp', '10s']] },
  soak: { peakShare: 0.5, duration: '4h' },
  // A failover test must inject a failure (LT007, §13.4): one AZ removed is the common case.
  failover: { peakShare: 1, duration: '30m', extra: [['inject', '[zone-lost]']] },
  'backlog-drain': { peakShare: 1, duration: '30m' },
};
const PLACEHOLDER_PEAK_RPS = 100;

/** A soak runs 4 h, or as long as `perfdoc.soakMinDuration` asks (LT007), in whole hours. */
function soakDuration(settings: AnalysisSettings): string {
  const hour = 3_600_000;
  return `${Math.max(4, Math.ceil(settings.soakMinDurationMs / hour))}h`;
}

const addSkeletonTests: Fixer = b => {
  const plan = b.doc.loadTest;
  if (!plan?.model.testsNode) return [];
  const sent = Array.isArray(b.facts.missing) ? b.facts.missing : plan.figures.missingTestTypes;
  const missing = TEST_TYPES.filter(t => sent.includes(t) && plan.figures.missingTestTypes.includes(t));
  const peak = plan.references.capacity?.model.peakRps ?? PLACEHOLDER_PEAK_RPS;
  // A stress test must pass the model's breaking point (LT007): 20% beyond it, at least 2× peak.
  const breakingRps = plan.references.capacity && capacityFacts(plan.references.capacity).breakingPoint?.rps;
  const target = plan.references.budget?.model.target;
  const criteria: YamlPair[] = [
    ['p95', durationText(target?.p95?.value ?? 500)],
    ['p99', durationText(target?.p99?.value ?? 1200)],
    ['errorRate', `${round((target?.errorRate?.value ?? 0.001) * 100, 4)}%`],
  ];
  return missing.map(type => {
    const s = type === 'soak' ? { ...SKELETONS.soak, duration: soakDuration(b.settings) } : SKELETONS[type];
    const rps = Math.max(
      1,
      Math.round(peak * s.peakShare),
      type === 'stress' ? Math.ceil((breakingRps ?? 0) * 1.2) : 0,
    );
    const test: YamlPair[] = [
      ['type', type],
      ['rps', String(rps)],
      ['duration', s.duration],
      ...(s.extra ?? []),
      ['cache', 'warm'],
      ['criteria', criteria],
    ];
    return {
      title: `Add a skeleton ${type} test (${formatNumber(rps, 0)} rps for ${s.duration})`,
      edits: [appendItem(b.text, plan.model.testsNode!, test)],
    };
  });
};

const FIXERS: Partial<Record<string, Fixer>> = {
  LB002: addBuffer,
  LB003: addPercentiles,
  LB004: addRequestTimeout,
  LB005: addDependencyTimeout,
  PD003: fixQuantity,
  CM004: setWorkers,
  LT001: addSkeletonTests,
  LT010: updateDesignFigure,
  ...OBSERVABILITY_FIXERS,
};
