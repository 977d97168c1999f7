// Reply latencies kept as counts in log-spaced buckets (as DDSketch does), so a day's p50/p95 comes from
// a few hundred counts instead of every turn of the day. The percentiles are APPROXIMATE: a bucket spans
// a ±1 % band, and the value reported for it is within 1 % of every latency it holds, so a percentile
// read here is within 1 % of the exact nearest-rank value (below 1 ms: within 1 ms).

/** How far a reported latency may be from the exact one, as a fraction of it. */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Latencies up to 1 ms share bucket 0; bucket i ≥ 1 holds (γ^(i-1), γ^i] ms. */
const MAX_BUCKET = 2000; // γ^2000 ms is beyond any reply latency (years)

export function bucketOf(latencyMs: number): number {
  if (!(latencyMs > 1)) return 0;
  return Math.min(MAX_BUCKET, Math.ceil(Math.log(latencyMs) / LOG_GAMMA));
}

/** The latency a bucket stands for: within RELATIVE_ACCURACY of anything in it. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 1;
  return (2 * GAMMA ** bucket) / (GAMMA + 1);
}

export class LatencyHistogram {
  /** Dense counts (8 KB): adding up a day's 24 hours is array arithmetic, no hashing. */
  private readonly counts = new Uint32Array(MAX_BUCKET + 1);
  private lowest = MAX_BUCKET + 1;
  private highest = -1;
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(latencyMs: number, times = 1): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    this.addToBucket(bucketOf(latencyMs), times);
  }

  /** Adds the counts of an encoded histogram (as `encode` wrote them). */
  addEncoded(bytes: Uint8Array): void {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 8 <= bytes.byteLength; i += 8) {
      this.addToBucket(Math.min(MAX_BUCKET, view.getUint32(i, true)), view.getUint32(i + 4, true));
    }
  }

  /** Little-endian (bucket, count) uint32 pairs for the buckets in use, ascending. */
  encode(): Buffer {
    const pairs: number[] = [];
    for (let b = this.lowest; b <= this.highest; b++) if (this.counts[b]! > 0) pairs.push(b, this.counts[b]!);
    const out = Buffer.alloc(pairs.length * 4);
    pairs.forEach((v, i) => out.writeUInt32LE(v, i * 4));
    return out;
  }

  /** The p-th percentile (0–100) by nearest rank, approximate (see the top of this file); undefined when empty. */
  percentile(p: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.min(this.total, Math.max(1, Math.ceil((p / 100) * this.total)));
    let seen = 0;
    for (let b = this.lowest; b <= this.highest; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return bucketValue(b);
    }
    return undefined;
  }

  private addToBucket(bucket: number, times: number): void {
    this.counts[bucket] = this.counts[bucket]! + times;
    this.total += times;
    if (bucket < this.lowest) this.lowest = bucket;
    if (bucket > this.highest) this.highest = bucket;
  }
}
