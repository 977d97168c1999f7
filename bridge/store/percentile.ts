// Nearest-rank percentiles for latency summaries (the same definition as the benchmarks use).

/** The p-th percentile (0–100) of already sorted values, by nearest rank; undefined when empty. */
export function percentileOfSorted(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
