// Turns the stream of CallEvents into rows: the call (started, answered, escalated, agent, outcome,
// usage, cost by component, latency summary), its final transcript lines with their latency figures,
// and its timeline. Runs on the writer thread inside the batch transaction; partial lines are not kept.
// It notes the hours whose daily aggregate an event changed; markHours() marks them stale before commit.
import type { CallEvent, CallEventOf } from '../../domain/call-events';
import { summarise } from '../../domain/event-summary';
import { assertNever } from '../../base/errors';
import { callerKey } from '../caller-key';
import { sql } from '../sql';
import type { Statements } from '../statements';
import { hourOf, markHoursStale } from './call-hours';
import { latencySummary } from './latency-summary';

/** Timeline payloads are kept for export; an oversized one (a raw carrier body) is replaced by its size. */
const MAX_EVENT_DATA_CHARS = 4000;
/** Calls known to have a row in this transaction's view (with their start hour); bounded, cleared on rollback. */
const MAX_KNOWN_CALLS = 10_000;

/** What a call's hour in call_hours sums besides its start: escalations, costs, outcomes, reply latencies. */
const AGGREGATED_KINDS: ReadonlySet<CallEvent['kind']> = new Set([
  'escalation',
  'cost',
  'call.ended',
  'turn.metrics',
]);

/** A finite number or null: figures from the wire are bound only when they make sense. */
function figure(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function payloadJson(event: CallEvent): string {
  const { kind: _kind, callId: _callId, at: _at, ...payload } = event;
  const json = JSON.stringify(payload);
  return json.length <= MAX_EVENT_DATA_CHARS ? json : JSON.stringify({ truncated: true, chars: json.length });
}

export class EventRecorder {
  private readonly known = new Map<string, number>();
  /** Hours whose aggregate changed since the last markHours(). Kept across a reset: over-noting is harmless. */
  private readonly touched = new Set<number>();

  constructor(private readonly st: Statements) {}

  /** Forgets which calls have rows (after a rollback or a deletion, the rows may be gone). */
  reset(): void {
    this.known.clear();
  }

  /** Marks every hour the applied events changed as stale (inside their transaction); true if any. */
  markHours(): boolean {
    if (this.touched.size === 0) return false;
    markHoursStale(this.st, this.touched);
    this.touched.clear();
    return true;
  }

  apply(event: CallEvent): void {
    if (event.kind === 'call.started') this.started(event);
    else this.ensureCall(event.callId, event.at);
    if (AGGREGATED_KINDS.has(event.kind)) this.touched.add(this.known.get(event.callId)!);
    switch (event.kind) {
      case 'transcript':
        if (event.final) this.line(event);
        // Lines live in turns, not in the timeline.
        return;
      case 'turn.metrics':
        this.metrics(event);
        // Per-turn figures live on the turn; the timeline keeps what happened to the call.
        return;
      case 'stream.started':
        this.st.run(
          sql`UPDATE calls SET answered_at = COALESCE(answered_at, ${event.at}) WHERE call_id = ${event.callId}`,
        );
        break;
      case 'escalation':
        this.st.run(sql`
          UPDATE calls SET
            escalation_reason = COALESCE(escalation_reason, ${event.reason}),
            escalation_detail = COALESCE(escalation_detail, ${event.detail}),
            escalated_at = COALESCE(escalated_at, ${event.at})
          WHERE call_id = ${event.callId}`);
        break;
      case 'agent.connected':
        this.st.run(sql`
          UPDATE calls SET agent_id = ${event.agentId}, agent_name = ${event.agentName},
            answered_at = COALESCE(answered_at, ${event.at})
          WHERE call_id = ${event.callId}`);
        break;
      case 'voicemail':
        this.st.run(sql`
          UPDATE calls SET voicemail_url = COALESCE(${event.recordingUrl ?? null}, voicemail_url),
            voicemail_file = COALESCE(${event.file ?? null}, voicemail_file),
            voicemail_duration_s = COALESCE(${figure(event.durationS)}, voicemail_duration_s)
          WHERE call_id = ${event.callId}`);
        break;
      case 'usage':
        this.st.run(sql`
          UPDATE calls SET
            input_tokens = input_tokens + ${Math.round(figure(event.inputTokens) ?? 0)},
            output_tokens = output_tokens + ${Math.round(figure(event.outputTokens) ?? 0)},
            audio_in_ms = audio_in_ms + ${Math.round(figure(event.audioInMs) ?? 0)},
            audio_out_ms = audio_out_ms + ${Math.round(figure(event.audioOutMs) ?? 0)}
          WHERE call_id = ${event.callId}`);
        break;
      case 'cost':
        this.cost(event);
        break;
      case 'call.ended':
        this.ended(event);
        break;
      default:
        break;
    }
    this.st.run(sql`
      INSERT INTO events (call_id, at, kind, summary, data)
      VALUES (${event.callId}, ${event.at}, ${event.kind}, ${summarise(event)}, ${payloadJson(event)})`);
  }

  private ensureCall(callId: string, at: number): void {
    if (this.known.has(callId)) return;
    // An event whose call.started was lost still lands, on a call row with what is known.
    const inserted = this.st.run(
      sql`INSERT INTO calls (call_id, started_at) VALUES (${callId}, ${at}) ON CONFLICT (call_id) DO NOTHING`,
    ).changes;
    const hour = inserted > 0 ? hourOf(at) : (this.hourInLog(callId) ?? hourOf(at));
    if (inserted > 0) this.touched.add(hour);
    this.remember(callId, hour);
  }

  /** The hour the log has the call starting in, if it has the call. */
  private hourInLog(callId: string): number | undefined {
    const row = this.st.get<{ at: number }>(
      sql`SELECT started_at AS at FROM calls WHERE call_id = ${callId}`,
    );
    return row ? hourOf(row.at) : undefined;
  }

  private remember(callId: string, hour: number): void {
    if (this.known.size >= MAX_KNOWN_CALLS) this.known.clear();
    this.known.set(callId, hour);
  }

  private started(event: CallEventOf<'call.started'>): void {
    // A call first logged by a later event moves to the hour it really started in: both hours change.
    const earlier = this.known.get(event.callId) ?? this.hourInLog(event.callId);
    if (earlier !== undefined) this.touched.add(earlier);
    this.touched.add(hourOf(event.at));
    this.st.run(sql`
      INSERT INTO calls (call_id, from_number, to_number, caller_key, direction, started_at, provider, model)
      VALUES (${event.callId}, ${event.from}, ${event.to}, ${callerKey(event.from)}, ${event.direction},
        ${event.at}, ${event.provider}, ${event.model})
      ON CONFLICT (call_id) DO UPDATE SET
        from_number = excluded.from_number,
        to_number = excluded.to_number,
        caller_key = excluded.caller_key,
        direction = excluded.direction,
        started_at = excluded.started_at,
        provider = excluded.provider,
        model = excluded.model`);
    this.remember(event.callId, hourOf(event.at));
  }

  private line(event: CallEventOf<'transcript'>): void {
    this.st.run(sql`
      INSERT INTO turns (call_id, turn_id, speaker, text, start_ms, end_ms, heard_ms, interrupted)
      VALUES (${event.callId}, ${event.turnId}, ${event.speaker}, ${event.text}, ${figure(event.startMs)},
        ${figure(event.endMs)}, ${figure(event.heardMs)}, ${event.interrupted === true})
      ON CONFLICT (call_id, turn_id, speaker) DO UPDATE SET
        text = CASE WHEN excluded.text <> '' THEN excluded.text ELSE turns.text END,
        start_ms = COALESCE(excluded.start_ms, turns.start_ms),
        end_ms = COALESCE(excluded.end_ms, turns.end_ms),
        heard_ms = COALESCE(excluded.heard_ms, turns.heard_ms),
        interrupted = MAX(turns.interrupted, excluded.interrupted)`);
  }

  /** Latency figures belong to the agent's reply turn, which may have no transcript line yet. */
  private metrics(event: CallEventOf<'turn.metrics'>): void {
    if (!(event.turnId > 0)) return;
    this.st.run(sql`
      INSERT INTO turns (call_id, turn_id, speaker, latency_ms, model_latency_ms, greeting_ms, bridge_ms,
        barge_in_stop_ms, stale_audio_ms)
      VALUES (${event.callId}, ${event.turnId}, 'agent', ${figure(event.latencyMs)}, ${figure(event.modelLatencyMs)},
        ${figure(event.greetingMs)}, ${figure(event.bridgeMs)}, ${figure(event.bargeInStopMs)},
        ${figure(event.staleAudioMs)})
      ON CONFLICT (call_id, turn_id, speaker) DO UPDATE SET
        latency_ms = COALESCE(excluded.latency_ms, turns.latency_ms),
        model_latency_ms = COALESCE(excluded.model_latency_ms, turns.model_latency_ms),
        greeting_ms = COALESCE(excluded.greeting_ms, turns.greeting_ms),
        bridge_ms = COALESCE(excluded.bridge_ms, turns.bridge_ms),
        barge_in_stop_ms = COALESCE(excluded.barge_in_stop_ms, turns.barge_in_stop_ms),
        stale_audio_ms = COALESCE(excluded.stale_audio_ms, turns.stale_audio_ms)`);
  }

  private cost(event: CallEventOf<'cost'>): void {
    const kesCents = figure(event.kesCents) ?? 0;
    const id = event.callId;
    switch (event.component) {
      case 'carrier-inbound':
        this.st.run(sql`UPDATE calls SET cost_kes_cents = cost_kes_cents + ${kesCents},
          cost_carrier_inbound_kes_cents = cost_carrier_inbound_kes_cents + ${kesCents} WHERE call_id = ${id}`);
        return;
      case 'carrier-outbound':
        this.st.run(sql`UPDATE calls SET cost_kes_cents = cost_kes_cents + ${kesCents},
          cost_carrier_outbound_kes_cents = cost_carrier_outbound_kes_cents + ${kesCents} WHERE call_id = ${id}`);
        return;
      case 'ai':
        this.st.run(sql`UPDATE calls SET cost_kes_cents = cost_kes_cents + ${kesCents},
          cost_ai_kes_cents = cost_ai_kes_cents + ${kesCents} WHERE call_id = ${id}`);
        return;
      default:
        assertNever(event.component, 'cost component');
    }
  }

  private ended(event: CallEventOf<'call.ended'>): void {
    const { p50LatencyMs, maxLatencyMs } = latencySummary(this.st, event.callId);
    this.st.run(sql`
      UPDATE calls SET
        ended_at = ${event.at},
        outcome = ${event.outcome},
        end_reason = ${event.reason},
        duration_ms = ${Math.round(figure(event.durationMs) ?? 0)},
        p50_latency_ms = ${p50LatencyMs},
        max_latency_ms = ${maxLatencyMs}
      WHERE call_id = ${event.callId}`);
  }
}
