// Calls left open by an app that stopped mid-call (crash, kill, power loss) are closed at the next
// start, so history shows them as ended with the reason instead of "in progress" forever. Each ends
// when it was last known live: its last event, or the writer's later "still live" stamp (live_at).
import { sql } from '../sql';
import type { Statements } from '../statements';
import { latencySummary } from './latency-summary';

export const INTERRUPTED_REASON = 'the app stopped before the call ended';

export function closeInterruptedCalls(st: Statements): number {
  const open = st.all<{
    callId: string;
    startedAt: number;
    lastAt: number | null;
    liveAt: number | null;
  }>(sql`
    SELECT c.call_id AS callId, c.started_at AS startedAt, c.live_at AS liveAt,
      (SELECT MAX(e.at) FROM events e WHERE e.call_id = c.call_id) AS lastAt
    FROM calls c WHERE c.ended_at IS NULL`);
  for (const call of open) {
    const { p50LatencyMs, maxLatencyMs } = latencySummary(st, call.callId);
    const endedAt = Math.max(call.lastAt ?? call.startedAt, call.liveAt ?? call.startedAt, call.startedAt);
    st.run(sql`
      UPDATE calls SET ended_at = ${endedAt}, duration_ms = ${endedAt - call.startedAt}, outcome = 'failed',
        end_reason = ${INTERRUPTED_REASON}, p50_latency_ms = ${p50LatencyMs}, max_latency_ms = ${maxLatencyMs}
      WHERE call_id = ${call.callId}`);
  }
  return open.length;
}
