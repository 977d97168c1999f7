// A call's reply-latency summary as its calls row keeps it: the p50 (nearest rank) and the longest of
// its turns' latencies, null when no turn has one. Written when a call ends, or is closed as interrupted.
import { percentileOfSorted } from '../percentile';
import { sql } from '../sql';
import type { Statements } from '../statements';

export interface LatencySummary {
  readonly p50LatencyMs: number | null;
  readonly maxLatencyMs: number | null;
}

export function latencySummary(st: Statements, callId: string): LatencySummary {
  const latencies = st
    .all<{ ms: number }>(
      sql`
        SELECT latency_ms AS ms FROM turns WHERE call_id = ${callId} AND latency_ms IS NOT NULL
        ORDER BY latency_ms`,
    )
    .map((r) => r.ms);
  return { p50LatencyMs: percentileOfSorted(latencies, 50) ?? null, maxLatencyMs: latencies.at(-1) ?? null };
}
