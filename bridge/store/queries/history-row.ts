// One call as a history row: the columns every list, detail and export reads, and their mapping to
// the console contract (absent values are left out, never null).
import type { HistoryRow } from '../../api/contract';
import { sql } from '../sql';

export const HISTORY_COLUMNS = sql`
  c.call_id AS callId, c.from_number AS "from", c.to_number AS "to", c.started_at AS startedAt,
  c.answered_at AS answeredAt, c.ended_at AS endedAt, c.duration_ms AS durationMs, c.outcome AS outcome,
  c.end_reason AS endReason, c.escalation_reason AS escalationReason, c.escalation_detail AS escalationDetail,
  c.agent_id AS agentId, c.agent_name AS agentName, c.provider AS provider, c.model AS model,
  c.p50_latency_ms AS p50LatencyMs, c.max_latency_ms AS maxLatencyMs, c.voicemail_url AS voicemailUrl,
  c.voicemail_file AS voicemailFile, c.voicemail_duration_s AS voicemailDurationS,
  c.callback_done_at AS callbackDoneAt,
  c.input_tokens AS inputTokens, c.output_tokens AS outputTokens,
  c.cost_kes_cents AS costKesCents, c.cost_carrier_inbound_kes_cents AS costCarrierInbound,
  c.cost_carrier_outbound_kes_cents AS costCarrierOutbound, c.cost_ai_kes_cents AS costAi`;

export interface CallRecord {
  callId: string;
  from: string;
  to: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  outcome: string | null;
  endReason: string | null;
  escalationReason: string | null;
  escalationDetail: string | null;
  agentId: string | null;
  agentName: string | null;
  provider: string | null;
  model: string | null;
  p50LatencyMs: number | null;
  maxLatencyMs: number | null;
  voicemailUrl: string | null;
  /** A voicemail the bridge recorded, relative to the data folder. */
  voicemailFile: string | null;
  voicemailDurationS: number | null;
  callbackDoneAt: number | null;
  inputTokens: number;
  outputTokens: number;
  costKesCents: number;
  costCarrierInbound: number;
  costCarrierOutbound: number;
  costAi: number;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function toHistoryRow(r: CallRecord): HistoryRow {
  return {
    callId: r.callId,
    from: r.from,
    to: r.to,
    startedAt: r.startedAt,
    endedAt: opt(r.endedAt),
    durationMs: opt(r.durationMs),
    outcome: opt(r.outcome),
    escalationReason: opt(r.escalationReason),
    agentName: opt(r.agentName),
    provider: opt(r.provider),
    p50LatencyMs: opt(r.p50LatencyMs),
    costKesCents: r.costKesCents,
  };
}

export function costByComponent(r: CallRecord): Record<string, number> {
  return {
    'carrier-inbound': r.costCarrierInbound,
    'carrier-outbound': r.costCarrierOutbound,
    ai: r.costAi,
  };
}
