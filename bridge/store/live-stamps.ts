// "Still live" stamps for open calls, so a call cut off by a crash ends when it was last known live,
// not at its last event (a quiet caller, hold music: seconds or minutes earlier). The writer notes the
// calls its events open and end, and stamps every open call's live_at about once a heartbeat, inside a
// batch it commits anyway or in a small transaction of its own while no events come.
// A stamp is the call's last event time plus the time since the writer received that event (monotonic):
// it stays in the events' own clock, whatever the writer thread's wall clock says.
import type { CallEvent } from '../domain/call-events';
import { sql } from './sql';
import type { Statements } from './statements';

/** A call with no event for this long lost its end somewhere (a dropped event): it is no longer stamped. */
const MAX_SILENT_CALL_MS = 12 * 3_600_000;

interface OpenCall {
  lastAtMs: number;
  /** When the writer received the call's last event (clock.nowMs()). */
  seenMs: number;
}

export class LiveStamps {
  private readonly open = new Map<string, OpenCall>();
  private lastStampMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly heartbeatMs: number) {}

  /** Calls open now (their end not seen). */
  get openCalls(): number {
    return this.open.size;
  }

  /** Notes events as the writer receives them (`nowMs` monotonic). */
  note(events: readonly CallEvent[], nowMs: number): void {
    for (const e of events) {
      if (e.kind === 'call.ended') {
        this.open.delete(e.callId);
        continue;
      }
      const call = this.open.get(e.callId);
      if (call) {
        call.lastAtMs = Math.max(call.lastAtMs, e.at);
        call.seenMs = nowMs;
      } else if (e.kind === 'call.started') {
        this.open.set(e.callId, { lastAtMs: e.at, seenMs: nowMs });
      }
    }
  }

  /** Whether a heartbeat is due (some call open, none stamped for a heartbeat). */
  due(nowMs: number): boolean {
    return this.open.size > 0 && nowMs - this.lastStampMs >= this.heartbeatMs;
  }

  /** Writes every open call's live_at (call inside a transaction). */
  stamp(st: Statements, nowMs: number): void {
    this.lastStampMs = nowMs;
    for (const [callId, call] of this.open) {
      if (nowMs - call.seenMs > MAX_SILENT_CALL_MS) {
        this.open.delete(callId);
        continue;
      }
      const liveAt = Math.round(call.lastAtMs + (nowMs - call.seenMs));
      st.run(sql`UPDATE calls SET live_at = ${liveAt} WHERE call_id = ${callId} AND ended_at IS NULL`);
    }
  }
}
