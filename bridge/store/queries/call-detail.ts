// One call in full: the call row with cost by component, every transcript line with its latency
// figures, and the timeline.
import type { CallDetail, Speaker } from '../../api/contract';
import { SautiError } from '../../base/errors';
import { sql } from '../sql';
import type { Statements } from '../statements';
import { costByComponent, HISTORY_COLUMNS, toHistoryRow, type CallRecord } from './history-row';

interface TurnRecord {
  turnId: number;
  speaker: Speaker;
  text: string;
  startMs: number | null;
  endMs: number | null;
  heardMs: number | null;
  interrupted: number;
  latencyMs: number | null;
  modelLatencyMs: number | null;
  greetingMs: number | null;
}

export type CallDetailTurn = CallDetail['turns'][number] & {
  readonly modelLatencyMs?: number;
  readonly greetingMs?: number;
};

export interface FullCallDetail extends CallDetail {
  readonly turns: readonly CallDetailTurn[];
  /** The fuller record for export (what the contract's detail leaves out). */
  readonly record: CallRecord;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function callRecord(st: Statements, callId: string): CallRecord | undefined {
  return st.get<CallRecord>(sql`SELECT ${HISTORY_COLUMNS} FROM calls c WHERE c.call_id = ${callId}`);
}

export function callDetailOf(st: Statements, record: CallRecord): FullCallDetail {
  const turns = st.all<TurnRecord>(sql`
    SELECT turn_id AS turnId, speaker, text, start_ms AS startMs, end_ms AS endMs, heard_ms AS heardMs,
      interrupted, latency_ms AS latencyMs, model_latency_ms AS modelLatencyMs, greeting_ms AS greetingMs
    FROM turns WHERE call_id = ${record.callId}
    ORDER BY turn_id, speaker DESC`);
  const timeline = st.all<{ at: number; kind: string; summary: string }>(sql`
    SELECT at, kind, summary FROM events
    WHERE call_id = ${record.callId} AND summary IS NOT NULL
    ORDER BY at, id`);
  return {
    call: {
      ...toHistoryRow(record),
      answeredAt: opt(record.answeredAt),
      model: opt(record.model),
      costByComponent: costByComponent(record),
      voicemail:
        record.voicemailFile !== null || record.voicemailUrl !== null
          ? {
              durationS: opt(record.voicemailDurationS),
              recording: record.voicemailFile !== null ? 'here' : 'carrier',
              url: opt(record.voicemailUrl),
              calledBackAt: opt(record.callbackDoneAt),
            }
          : undefined,
    },
    turns: turns.map((t) => ({
      turnId: t.turnId,
      speaker: t.speaker,
      text: t.text,
      final: true,
      startMs: t.startMs ?? 0,
      endMs: opt(t.endMs),
      heardMs: opt(t.heardMs),
      interrupted: t.interrupted === 1 ? true : undefined,
      latencyMs: opt(t.latencyMs),
      modelLatencyMs: opt(t.modelLatencyMs),
      greetingMs: opt(t.greetingMs),
    })),
    timeline,
    record,
  };
}

export function callDetail(st: Statements, callId: string): CallDetail {
  const record = callRecord(st, callId);
  if (!record) throw new SautiError('STORE_CALL_NOT_FOUND', 'That call is not in the call log');
  const { record: _record, ...detail } = callDetailOf(st, record);
  return detail;
}
