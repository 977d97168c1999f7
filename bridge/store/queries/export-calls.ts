// Export, as people read it: one call (its lines as CSV, or its whole record as JSON), or the log — a
// date range or all of it (export-log.ts), in parts. Times are local to the time zone asked for, money
// in shillings ("12.50"), durations in whole seconds and as h:mm:ss; the raw figures stay in the JSON.
import { SautiError } from '../../base/errors';
import { toCsv } from '../csv';
import { LocalTime } from '../local-time';
import { offsetSeconds, wholeMs } from '../readable-figures';
import type { Statements } from '../statements';
import { callDetailOf, callRecord } from './call-detail';
import { callJson } from './export-call-json';
import { exportLogPart } from './export-log';

export interface ExportRequest {
  readonly callId?: string;
  /** A range of call starts (epoch ms, `to` exclusive); neither: the whole log. */
  readonly from?: number;
  readonly to?: number;
  readonly format: 'json' | 'csv';
  /** IANA time zone the times are written in; the machine's when absent. */
  readonly timeZone?: string;
  /** The `next` of the previous part of a range export. */
  readonly cursor?: string;
}

/** What the reader is asked: the request as the client completed it. */
export interface ExportArgs extends ExportRequest {
  readonly timeZone: string;
  readonly nowMs: number;
}

export interface ExportFile {
  readonly filename: string;
  readonly content: string;
  /** More of the file follows: ask again with this cursor and append the content. */
  readonly next?: string;
  /** Calls in this part. */
  readonly calls: number;
}

const TURN_HEADER = [
  'call_id',
  'turn',
  'speaker',
  'start_s',
  'end_s',
  'heard_s',
  'interrupted',
  'reply_latency_ms',
  'model_latency_ms',
  'text',
] as const;

/** A file-name-safe form of an id. */
const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 80);

function exportOneCall(st: Statements, req: ExportArgs, time: LocalTime): ExportFile {
  const record = callRecord(st, req.callId!);
  if (!record) throw new SautiError('STORE_CALL_NOT_FOUND', 'That call is not in the call log');
  const detail = callDetailOf(st, record);
  const base = `call-${safe(req.callId!)}`;
  if (req.format === 'json') {
    return {
      filename: `${base}.json`,
      content: `${JSON.stringify({ timeZone: time.timeZone, ...callJson(detail, time) }, null, 2)}\n`,
      calls: 1,
    };
  }
  return {
    filename: `${base}.csv`,
    content: toCsv(
      TURN_HEADER,
      detail.turns.map((t) => [
        req.callId,
        t.turnId,
        t.speaker,
        offsetSeconds(t.startMs),
        offsetSeconds(t.endMs),
        offsetSeconds(t.heardMs),
        t.interrupted === true,
        wholeMs(t.latencyMs),
        wholeMs(t.modelLatencyMs),
        t.text,
      ]),
    ),
    calls: 1,
  };
}

/** One call whole, or the next part of a range (`partChars`: about how much text a part holds). */
export function exportCalls(st: Statements, req: ExportArgs, partChars?: number): ExportFile {
  const time = new LocalTime(req.timeZone);
  if (req.callId !== undefined) return exportOneCall(st, req, time);
  return exportLogPart(st, req, time, partChars);
}
