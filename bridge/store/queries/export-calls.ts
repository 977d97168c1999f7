// Export of one call or a date range, as JSON (the full records) or CSV (one call: its lines; a
// range: one row per call). A range is capped so an export never holds the whole log in memory.
import { SautiError } from '../../errors';
import { toCsv } from '../csv';
import { sql } from '../sql';
import type { Statements } from '../statements';
import { callDetailOf, callRecord, type FullCallDetail } from './call-detail';
import { HISTORY_COLUMNS, type CallRecord } from './history-row';

export const MAX_EXPORT_CALLS = 5000;

export interface ExportRequest {
  readonly callId?: string;
  readonly from?: number;
  readonly to?: number;
  readonly format: 'json' | 'csv';
}

export interface ExportFile {
  readonly filename: string;
  readonly content: string;
}

const CALL_HEADER = [
  'call_id',
  'from',
  'to',
  'started_at',
  'answered_at',
  'ended_at',
  'duration_ms',
  'outcome',
  'end_reason',
  'escalation_reason',
  'escalation_detail',
  'agent_id',
  'agent_name',
  'provider',
  'model',
  'p50_latency_ms',
  'max_latency_ms',
  'input_tokens',
  'output_tokens',
  'cost_kes_cents',
  'cost_carrier_inbound_kes_cents',
  'cost_carrier_outbound_kes_cents',
  'cost_ai_kes_cents',
  'voicemail_url',
] as const;

const TURN_HEADER = [
  'call_id',
  'turn_id',
  'speaker',
  'start_ms',
  'end_ms',
  'heard_ms',
  'interrupted',
  'latency_ms',
  'model_latency_ms',
  'text',
] as const;

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '' : new Date(ms).toISOString();

function callRow(r: CallRecord) {
  return [
    r.callId,
    r.from,
    r.to,
    iso(r.startedAt),
    iso(r.answeredAt),
    iso(r.endedAt),
    r.durationMs,
    r.outcome,
    r.endReason,
    r.escalationReason,
    r.escalationDetail,
    r.agentId,
    r.agentName,
    r.provider,
    r.model,
    r.p50LatencyMs,
    r.maxLatencyMs,
    r.inputTokens,
    r.outputTokens,
    r.costKesCents,
    r.costCarrierInbound,
    r.costCarrierOutbound,
    r.costAi,
    r.voicemailUrl,
  ];
}

function exportJson(detail: FullCallDetail) {
  const { record, ...rest } = detail;
  return { ...rest, call: { ...rest.call, ...record } };
}

/** A file-name-safe form of an id or a day. */
const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 80);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function exportCalls(st: Statements, req: ExportRequest): ExportFile {
  if (req.callId !== undefined) {
    const record = callRecord(st, req.callId);
    if (!record) throw new SautiError('STORE_CALL_NOT_FOUND', 'That call is not in the call log');
    const detail = callDetailOf(st, record);
    const base = `call-${safe(req.callId)}`;
    if (req.format === 'json') {
      return { filename: `${base}.json`, content: `${JSON.stringify(exportJson(detail), null, 2)}\n` };
    }
    return {
      filename: `${base}.csv`,
      content: toCsv(
        TURN_HEADER,
        detail.turns.map((t) => [
          req.callId,
          t.turnId,
          t.speaker,
          t.startMs,
          t.endMs,
          t.heardMs,
          t.interrupted === true,
          t.latencyMs,
          t.modelLatencyMs,
          t.text,
        ]),
      ),
    };
  }
  if (req.from === undefined || req.to === undefined || !(req.to > req.from)) {
    throw new SautiError('STORE_BAD_EXPORT', 'Choose a call, or a date range with its start before its end');
  }
  const records = st.all<CallRecord>(sql`
    SELECT ${HISTORY_COLUMNS} FROM calls c
    WHERE c.started_at >= ${req.from} AND c.started_at < ${req.to}
    ORDER BY c.started_at, c.call_id
    LIMIT ${MAX_EXPORT_CALLS + 1}`);
  if (records.length > MAX_EXPORT_CALLS) {
    throw new SautiError(
      'STORE_EXPORT_TOO_LARGE',
      `More than ${MAX_EXPORT_CALLS} calls in that range: export a shorter range`,
    );
  }
  const base = `calls-${day(req.from)}-to-${day(req.to - 1)}`;
  if (req.format === 'json') {
    const calls = records.map((r) => exportJson(callDetailOf(st, r)));
    return {
      filename: `${base}.json`,
      content: `${JSON.stringify({ from: iso(req.from), to: iso(req.to), calls }, null, 2)}\n`,
    };
  }
  return { filename: `${base}.csv`, content: toCsv(CALL_HEADER, records.map(callRow)) };
}
