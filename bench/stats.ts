// Small statistics for benchmark samples.

/** The p-th percentile (0–100) by nearest rank; null for no samples. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Collects samples up to a cap (reservoir sampling past it), so long runs stay small. */
export class Samples {
  readonly values: number[] = [];
  private seen = 0;

  constructor(private readonly cap = 200_000) {}

  add(value: number): void {
    this.seen++;
    if (this.values.length < this.cap) this.values.push(value);
    else {
      const i = Math.floor(Math.random() * this.seen);
      if (i < this.cap) this.values[i] = value;
    }
  }

  get count(): number {
    return this.seen;
  }

  p(pct: number): number | null {
    return percentile(this.values, pct);
  }

  clear(): void {
    this.values.length = 0;
    this.seen = 0;
  }
}
