// The formulas perfdoc computes, as the text hovers and inlay-hint tooltips show them: one
// catalogue beside ruleCatalog.ts, so a formula that changes (v1.1's workers with arrivals,
// FORMAT.md §10.4) changes once for every place that explains it. The figures themselves are
// computed in latencyBudget.ts and capacity/*; this file only names them. Each text is the
// symbolic form; callers append " = " and the worked numbers.

export interface FormulaText {
  /** The symbolic formula, e.g. "(1 + retries) × timeout + retries × backoff". */
  text: string;
  /** Where the lesson reasons about it, e.g. "§5.1 rule 3". */
  lesson: string;
}

export const FORMULAS = {
  runningTotal: { text: 'running total of the critical path after this segment', lesson: '§5' },
  parallelGroupCost: { text: 'a parallel group costs its slowest call', lesson: '§4.5' },
  worstCase: { text: '(1 + retries) × timeout + retries × backoff', lesson: '§5.1 rule 3' },
  pathWorstCase: { text: 'timeouts × retries summed over the critical path', lesson: '§5.1 rule 3' },
  inFlight: { text: 'in flight = peakRps × latency', lesson: "§4.3 (Little's law)" },
  requiredRps: { text: 'required capacity = peak × safety factor', lesson: '§6' },
  unitsNeeded: { text: 'units needed = ceil(rps × safetyFactor / (unitRps × maxUtilization))', lesson: '§6.2' },
  backlogWork: { text: 'backlog work = backlog × (1 + poisonRatio × (maxReceiveCount − 1))', lesson: '§10.4' },
  workersNeeded: {
    text: 'workers needed = ceil((backlog work / drainTime_s + arrivalRate) / ratePerWorker)',
    lesson: '§8.4, §10.4',
  },
  drainTime: {
    text: 'drain time = backlog work / (workers × ratePerWorker − arrivalRate)',
    lesson: '§10.4',
  },
} as const satisfies Record<string, FormulaText>;

export type FormulaName = keyof typeof FORMULAS;

/** "ceil(…) (§6.2)": the formula with its lesson section, for a tooltip. */
export function formulaWithSection(name: FormulaName): string {
  const f = FORMULAS[name];
  return `${f.text} (${f.lesson})`;
}
