// Percentiles of raw samples (JMeter JTL) by nearest rank: the smallest sample with at
// least p% of the samples at or below it, rank = ceil(p/100 × n). No interpolation, so the
// figure is always a latency some request really had.

/** The 1-based nearest rank of the p-th percentile among n samples (n ≥ 1). */
export function nearestRank(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
}

/** The nearest-rank p-th percentile of ascending `sorted`, or undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  return sorted.length ? sorted[nearestRank(sorted.length, p) - 1] : undefined;
}
