// Queue drain (spec §4, §10.4; lesson §8.4, §15.3, §20 exercise 2): the workers a backlog
// needs while messages keep arriving and poison messages are received again and again.
import type { Queue, Tier } from './model';
import { ceilSafe } from './demand';

/** `backlog × (1 + poisonRatio × (maxReceiveCount − 1))`: a poison message is received maxReceiveCount times. */
export function backlogWork(backlog: number, poisonRatio = 0, maxReceiveCount = 1): number {
  return backlog * (1 + poisonRatio * (maxReceiveCount - 1));
}

/**
 * Workers to drain `work` within `drainTimeMs` while `arrivalRate` keeps arriving (§8.4, §10.4):
 * `ceil((work / drainTime_s + arrivalRate) / ratePerWorker)`. §20 ex. 2: 2,000,000 / 1,800 / 40 → 28; with 400/s arriving → 38.
 */
export function workersNeeded(
  work: number,
  drainTimeMs: number,
  ratePerWorker: number,
  arrivalRate = 0,
): number | null {
  if (drainTimeMs <= 0 || ratePerWorker <= 0) return null;
  return ceilSafe((work / (drainTimeMs / 1000) + arrivalRate) / ratePerWorker);
}

/** Seconds `workers` take to drain `work` net of arrivals: `work / (workers × ratePerWorker − arrivalRate)`; null if it never drains. */
export function drainTimeS(work: number, workers: number, ratePerWorker: number, arrivalRate = 0): number | null {
  const net = workers * ratePerWorker - arrivalRate;
  return net > 0 ? work / net : null;
}

/** The workers a queue runs: declared, else its consumer tier's max units (§10.4). */
export function effectiveWorkers(q: Queue, consumer: Tier | undefined): number | null {
  return q.workers?.value ?? consumer?.maxUnits ?? null;
}

/** Poison messages with no maxReceiveCount return forever: the queue never drains (§10.4, §15.3). */
export const poisonForever = (q: Queue): boolean => (q.poisonRatio?.value ?? 0) > 0 && !q.maxReceiveCount;

/** The zero that leaves a queue with a backlog undrainable by any number of workers (CM004), or null. */
export function undrainableBy(q: Queue): 'ratePerWorker' | 'drainTime' | null {
  if (!q.backlog?.value && !q.arrivalRate?.value) return null;
  if (q.ratePerWorker?.value === 0) return 'ratePerWorker';
  if (q.backlog?.value && q.drainTime?.value === 0) return 'drainTime';
  return null;
}

/** Why a queue has no workersNeeded figure: the fields it lacks, or what makes any number of workers too few. */
export function workersNeededGap(q: Queue): string {
  if (poisonForever(q))
    return 'poison messages (poisonRatio) without maxReceiveCount return forever: the backlog never drains';
  const missing = (['backlog', 'drainTime', 'ratePerWorker'] as const).filter(k => !q[k]);
  if (missing.length) return `give ${missing.join(', ')}`;
  switch (undrainableBy(q)) {
    case 'ratePerWorker':
      return 'ratePerWorker is 0/s: workers that process nothing never drain the backlog';
    case 'drainTime':
      return 'drainTime is 0: no number of workers drains a backlog in no time';
    default:
      return 'the backlog is 0: there is nothing to drain';
  }
}

export interface QueueFigure {
  queue: Queue;
  /** Declared workers, else the consumer tier's max units. */
  workers: number | null;
  arrivalRate: number;
  /** Messages to process, poison re-deliveries included. */
  backlogWork: number | null;
  workersNeeded: number | null;
  /** Drain time with `workers`, net of arrivals. */
  drainTimeS: number | null;
  /** Drain time with `workersNeeded` workers. */
  neededDrainTimeS: number | null;
}

export function queueFigure(q: Queue, consumer: Tier | undefined): QueueFigure {
  const workers = effectiveWorkers(q, consumer);
  const arrivals = q.arrivalRate?.value ?? 0;
  const work =
    q.backlog && !poisonForever(q)
      ? backlogWork(q.backlog.value, q.poisonRatio?.value, q.maxReceiveCount?.value)
      : null;
  const rate = q.ratePerWorker?.value;
  const needed =
    work !== null && q.drainTime && rate !== undefined ? workersNeeded(work, q.drainTime.value, rate, arrivals) : null;
  return {
    queue: q,
    workers,
    arrivalRate: arrivals,
    backlogWork: work,
    workersNeeded: needed,
    drainTimeS:
      work !== null && workers !== null && rate !== undefined ? drainTimeS(work, workers, rate, arrivals) : null,
    neededDrainTimeS: work !== null && needed !== null ? drainTimeS(work, needed, rate!, arrivals) : null,
  };
}
