// Axis arithmetic for the small charts: a "nice" maximum and evenly spaced ticks.

/** The smallest 1/2/5 × 10^n at or above max (and at least 1), so ticks read well. */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= max) return m * pow;
  return 10 * pow;
}

/** For counts: a maximum of at least 4 whose ticks fall on whole numbers. */
export function integerAxis(max: number): { max: number; count: number } {
  const m = Math.max(4, niceMax(max));
  return { max: m, count: m % 5 === 0 ? 5 : 4 };
}

export function ticks(max: number, count = 4): number[] {
  const step = max / count;
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1000) / 1000);
}

/** The value at quantile q (0..1) of a list, by nearest rank; undefined when empty. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}
