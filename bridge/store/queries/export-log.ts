// The log exported for a team lead — a date range or all of it — one row per call (CSV) or every
// record (JSON), oldest first. It goes out in parts of about PART_CHARS, each one reader call that
// continues where the last stopped (a keyset cursor on the call's start), so a long log never sits in
// memory whole, never holds the reader thread for long, and each part fits a console message.
// CSV times are "2026-12-06 19:30:05" plus a "UTC+03:00" column: spreadsheets read that form as a date
// and time they can sort and subtract, while ISO 8601 with an offset stays text in Excel; JSON, read
// by programs, has ISO 8601 with the offset.
import { SautiError } from '../../base/errors';
import { csvCell, toCsv } from '../csv';
import type { LocalTime } from '../local-time';
import { durationText, kesText, wholeMs, wholeSeconds } from '../readable-figures';
import { sql } from '../sql';
import type { Statements } from '../statements';
import { callDetailOf } from './call-detail';
import { callJson } from './export-call-json';
import type { ExportArgs, ExportFile } from './export-calls';
import { whereClause } from './history';
import { HISTORY_COLUMNS, type CallRecord } from './history-row';

/** About this much text per part (well under the console's 1 MiB message, escaping included). */
export const PART_CHARS = 256 * 1024;
const PAGE_CALLS = 200;

export const LOG_HEADER = [
  'call_id',
  'started',
  'answered',
  'ended',
  'time_zone',
  'from',
  'to',
  'outcome',
  'end_reason',
  'escalation_reason',
  'escalation_detail',
  'agent',
  'agent_id',
  'duration_s',
  'duration',
  'cost_kes',
  'cost_phone_in_kes',
  'cost_phone_out_kes',
  'cost_ai_kes',
  'reply_p50_ms',
  'reply_max_ms',
  'ai_provider',
  'ai_model',
  'input_tokens',
  'output_tokens',
  'voicemail_url',
] as const;

/** Where a range export stands between parts. */
interface ExportState {
  readonly from: number | null;
  readonly to: number;
  /** The last call written: (started_at, call_id). */
  readonly after: readonly [number, string] | null;
  /** Calls written so far. */
  readonly written: number;
}

function encodeState(state: ExportState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeState(cursor: string): ExportState {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<ExportState>;
    const after = v.after;
    const afterOk =
      after === null || (Array.isArray(after) && Number.isInteger(after[0]) && typeof after[1] === 'string');
    if (
      (v.from === null || Number.isFinite(v.from)) &&
      Number.isFinite(v.to) &&
      afterOk &&
      Number.isInteger(v.written)
    )
      return v as ExportState;
  } catch {
    // falls through to the error below
  }
  throw new SautiError('STORE_BAD_CURSOR', 'That export cannot be continued: start it again');
}

function csvRow(r: CallRecord, time: LocalTime): string {
  const local = (ms: number | null) => (ms === null ? '' : time.text(ms));
  return [
    r.callId,
    local(r.startedAt),
    local(r.answeredAt),
    local(r.endedAt),
    time.offsetText(r.startedAt),
    r.from,
    r.to,
    r.outcome,
    r.endReason,
    r.escalationReason,
    r.escalationDetail,
    r.agentName,
    r.agentId,
    wholeSeconds(r.durationMs),
    durationText(r.durationMs),
    kesText(r.costKesCents),
    kesText(r.costCarrierInbound),
    kesText(r.costCarrierOutbound),
    kesText(r.costAi),
    wholeMs(r.p50LatencyMs),
    wholeMs(r.maxLatencyMs),
    r.provider,
    r.model,
    r.inputTokens,
    r.outputTokens,
    r.voicemailUrl,
  ]
    .map(csvCell)
    .join(',');
}

function filename(state: ExportState, args: ExportArgs, time: LocalTime): string {
  const range =
    state.from === null && args.to === undefined
      ? `all-${time.day(args.nowMs)}`
      : `${state.from === null ? 'start' : time.day(state.from)}-to-${time.day(state.to - 1)}`;
  return `calls-${range}.${args.format}`;
}

/** One part of a range export (the first when there is no cursor). */
export function exportLogPart(
  st: Statements,
  args: ExportArgs,
  time: LocalTime,
  partChars = PART_CHARS,
): ExportFile {
  const start: ExportState = args.cursor
    ? decodeState(args.cursor)
    : { from: args.from ?? null, to: args.to ?? args.nowMs + 1, after: null, written: 0 };
  if (start.from !== null && !(start.to > start.from)) {
    throw new SautiError('STORE_BAD_EXPORT', 'Choose a date range with its start before its end');
  }
  const json = args.format === 'json';
  const pieces: string[] = [];
  let chars = 0;
  const put = (piece: string) => {
    pieces.push(piece);
    chars += piece.length;
  };
  if (!args.cursor) {
    if (json) {
      const head = {
        exportedAt: time.iso(args.nowMs),
        timeZone: time.timeZone,
        from: start.from === null ? null : time.iso(start.from),
        to: time.iso(start.to),
      };
      put(`${JSON.stringify(head).slice(0, -1)},"calls":[`);
    } else put(toCsv(LOG_HEADER, []));
  }
  let written = start.written;
  let after = start.after;
  let more = false;
  for (let page = true; page && !more;) {
    const conditions = [sql`c.started_at < ${start.to}`];
    if (start.from !== null) conditions.push(sql`c.started_at >= ${start.from}`);
    if (after) conditions.push(sql`(c.started_at, c.call_id) > (${after[0]}, ${after[1]})`);
    const rows = st.all<CallRecord>(sql`
      SELECT ${HISTORY_COLUMNS} FROM calls c
      WHERE ${whereClause(conditions)}
      ORDER BY c.started_at, c.call_id
      LIMIT ${PAGE_CALLS}`);
    for (const r of rows) {
      if (chars >= partChars) {
        more = true;
        break;
      }
      if (json) put(`${written > 0 ? ',' : ''}\n${JSON.stringify(callJson(callDetailOf(st, r), time))}`);
      else put(`${csvRow(r, time)}\r\n`);
      written++;
      after = [r.startedAt, r.callId];
    }
    page = rows.length === PAGE_CALLS;
  }
  if (!more && json) put('\n]}\n');
  return {
    filename: filename(start, args, time),
    content: pieces.join(''),
    calls: written - start.written,
    ...(more ? { next: encodeState({ ...start, after, written }) } : {}),
  };
}
