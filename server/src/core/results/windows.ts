// `criteria.window` (spec §11): the criteria hold over every window of that length of the
// run, as §5.3 states "5xx <= 0.1% over 10 minutes", not only over the run's aggregate (a
// good first half can hide a bad second one). Only raw samples can be cut into windows
// (JMeter JTL); summaries (k6, Artillery's aggregate, Locust's stats) are whole-run figures.
// Windows are consecutive, of the window's length, from the first sample's start, a sample
// counted in the window its request started in. When the run is not a whole number of
// windows, the last window is the final `window` of the run (it overlaps the one before), so
// every window is full length and every sample is judged. A run shorter than one window is
// judged as one window: it cannot show that the criteria hold over a whole window.
import { formatMs } from '../units';
import { sampleFigures } from './jmeter';
import { MeasuredFigures, RawSample } from './types';

export interface RunWindow {
  /** "window 2 of 3, 10 min–20 min into the run". */
  label: string;
  /** Offsets from the first sample's start, ms. */
  fromMs: number;
  toMs: number;
  figures: MeasuredFigures;
}

export interface RunWindows {
  windows: RunWindow[];
  /** The span of request starts is shorter than one window. */
  shorterThanWindow: boolean;
  /** More windows than MAX_WINDOWS: none is judged (a window far shorter than the run is a typo or a probe). */
  tooMany: boolean;
}

/** A 30-minute run has 1,800 one-second windows; beyond this many, windows are not computed. */
export const MAX_WINDOWS = 10_000;

/** The index of the first of `sorted` (by start) starting at or after `t`. */
function firstAtOrAfter(sorted: readonly RawSample[], t: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function runWindows(samples: readonly RawSample[], windowMs: number): RunWindows {
  const none = { windows: [], shorterThanWindow: false, tooMany: false };
  if (!samples.length || !(windowMs > 0)) return none;
  const sorted = [...samples].sort((a, b) => a.start - b.start);
  const t0 = sorted[0].start;
  const span = sorted[sorted.length - 1].start - t0;
  const full = Math.floor(span / windowMs);
  if (full + 1 > MAX_WINDOWS) return { ...none, tooMany: true };
  const spans: [number, number][] = [];
  for (let i = 0; i < full; i++) spans.push([i * windowMs, (i + 1) * windowMs]);
  // The rest of the run: its final window (the whole run when shorter than one). The last
  // window takes every sample from its start on, so one starting at its very end counts too.
  if (!full) spans.push([0, span]);
  else if (span > full * windowMs) spans.push([span - windowMs, span]);
  const windows = spans.flatMap(([fromMs, toMs], i): RunWindow[] => {
    const last = i === spans.length - 1;
    const inside = sorted.slice(
      firstAtOrAfter(sorted, t0 + fromMs),
      last ? sorted.length : firstAtOrAfter(sorted, t0 + toMs),
    );
    if (!inside.length) return []; // no request started: nothing to hold to the criteria
    const label = `window ${i + 1} of ${spans.length}, ${formatMs(fromMs)}–${formatMs(toMs)} into the run`;
    return [{ label, fromMs, toMs, figures: sampleFigures(inside, `samples of ${label}`) }];
  });
  return { windows, shorterThanWindow: span < windowMs, tooMany: false };
}
