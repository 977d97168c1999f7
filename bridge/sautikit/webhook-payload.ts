// Parses Sautikit's webhook bodies at the edge, form or JSON, in every spelling documented or seen: doc
// style (`CallId`, `From`, `To`, `Direction`, `CallStatus`, `Digits`), snake_case (`call_sid`/`call_id`,
// `from`, `to`) and the PBX style seen on live numbers (`sessionId` = `HD_…`, `callerNumber`,
// `destinationNumber`, `clientDialedNumber`, `callSessionState`, `isActive`, `clientRequestId`,
// `streamSid`/`streamEvent`). A call has two ids, the Sautikit call UUID and the PBX session id
// (sautikit.md): both are kept, as aliases of one call. The raw payload is kept too.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SautiError } from '../base/errors';
import { asCarrierCallSid, type CarrierCallSid } from '../domain/ids';

export interface CallState {
  /** The primary id: the Sautikit call id when the body names one, else the PBX session id, else made here. */
  readonly callSid: CarrierCallSid;
  /** Every id of this call: the primary first, then each other id the body names. */
  readonly aliases: readonly CarrierCallSid[];
  /** The body named no readable id: `callSid` was made here (`anon-…`); the signed media token carries it. */
  readonly anonymous: boolean;
  readonly from: string;
  readonly to: string;
  readonly status?: string;
  readonly direction?: string;
  readonly digits?: string;
  /** The PBX's `isActive`. */
  readonly active?: boolean;
  /** Our own id for a call we placed (POST /v1/calls), echoed in the body or on the URL. */
  readonly clientRequestId?: string;
  /** The kind when the body is a lifecycle event envelope rather than a call state. */
  readonly eventKind?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface CallStateRead {
  readonly call: CallState;
  /** Id fields the body has whose value could not be used (wrong type or characters): names only. */
  readonly rejectedIdFields: readonly string[];
}

export interface StreamStatus {
  /** The ids the body names for the call (any of them may be the one the registry knows). */
  readonly callIds: readonly string[];
  readonly event: string;
  readonly streamSid?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The Sautikit call id (a UUID on the REST side; `CallId` in the docs' examples). */
const CALL_ID_KEYS = ['CallId', 'CallSid', 'call_id', 'call_sid', 'callId', 'callSid'];
/** The PBX session id (`HD_…`); events call it `pbx_call_id`. */
const SESSION_ID_KEYS = ['sessionId', 'session_id', 'SessionId', 'pbx_call_id'];
const FROM_KEYS = ['From', 'from', 'caller', 'Caller', 'callerNumber', 'caller_number'];
const TO_KEYS = [
  'To',
  'to',
  'called',
  'Called',
  'destinationNumber',
  'destination_number',
  'clientDialedNumber',
];
const STATUS_KEYS = ['CallStatus', 'call_status', 'status', 'Status', 'callSessionState'];
const DIRECTION_KEYS = ['Direction', 'direction'];
const DIGITS_KEYS = ['Digits', 'digits'];
const ACTIVE_KEYS = ['isActive', 'is_active'];
const CLIENT_REQUEST_KEYS = ['clientRequestId', 'client_request_id'];
const STREAM_SID_KEYS = ['streamSid', 'stream_sid', 'StreamSid'];
const STREAM_EVENT_KEYS = ['streamEvent', 'StreamEvent', 'stream_event', 'event', 'status'];
const EVENT_KEYS = ['kind', 'event_kind', 'type', 'event_id'];
const RECORDING_KEYS = [
  'RecordingUrl',
  'RecordingURL',
  'recording_url',
  'RecordingDuration',
  'recording_duration',
];

const MAX_FIELD_CHARS = 5000;
const idPattern = /^[\w.:-]{1,128}$/;

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s.length > 0 && s.length <= MAX_FIELD_CHARS ? s : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function pick(body: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = scalarText(body[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function pickBoolean(body: Record<string, unknown>, keys: readonly string[]): boolean | undefined {
  for (const k of keys) {
    const v = body[k];
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
  }
  return undefined;
}

/** The usable ids among `keys`, in order, and the names of id fields that were present but unusable. */
function readIds(body: Record<string, unknown>): { ids: string[]; rejected: string[] } {
  const ids: string[] = [];
  const rejected: string[] = [];
  for (const k of [...CALL_ID_KEYS, ...SESSION_ID_KEYS]) {
    if (body[k] === undefined || body[k] === null || body[k] === '') continue;
    const v = scalarText(body[k]);
    if (v === undefined || !idPattern.test(v)) rejected.push(k);
    else if (!ids.includes(v)) ids.push(v);
  }
  return { ids, rejected };
}

/** Decodes a raw webhook body by its content type. */
export function decodeBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = raw.toString('utf8');
  if (type === 'application/json' || (type === '' && text.trimStart().startsWith('{'))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SautiError('WEBHOOK_BAD_BODY', 'Body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new SautiError('WEBHOOK_BAD_BODY', 'JSON body must be an object');
    }
    // Some deliveries nest the call under `data` or `payload` (event envelopes).
    const obj = parsed as Record<string, unknown>;
    for (const inner of ['data', 'payload']) {
      const v = obj[inner];
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return { ...(v as object), ...obj };
    }
    return obj;
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  throw new SautiError('WEBHOOK_BAD_BODY', `Unsupported content type ${type}`);
}

/**
 * Reads a voice webhook's call state. Never throws: a body with no readable id gets an id made here
 * (`anon-<uuid>`), so the caller is still answered; the caller of this function logs what was wrong.
 */
export function readCallState(
  body: Record<string, unknown>,
  opts: { readonly clientRequestId?: string; readonly newId?: () => string } = {},
): CallStateRead {
  const { ids, rejected } = readIds(body);
  const anonymous = ids.length === 0;
  const primary = ids[0] ?? `anon-${(opts.newId ?? randomUUID)()}`;
  const kind = pick(body, ['kind', 'event_kind', 'type']);
  const clientRequestId = pick(body, CLIENT_REQUEST_KEYS) ?? opts.clientRequestId;
  return {
    call: {
      callSid: asCarrierCallSid(primary),
      aliases: (anonymous ? [primary] : ids).map(asCarrierCallSid),
      anonymous,
      from: pick(body, FROM_KEYS) ?? 'unknown',
      to: pick(body, TO_KEYS) ?? 'unknown',
      status: pick(body, STATUS_KEYS),
      direction: pick(body, DIRECTION_KEYS),
      digits: pick(body, DIGITS_KEYS),
      active: pickBoolean(body, ACTIVE_KEYS),
      clientRequestId:
        clientRequestId !== undefined && idPattern.test(clientRequestId) ? clientRequestId : undefined,
      eventKind: kind,
      raw: body,
    },
    rejectedIdFields: rejected,
  };
}

/** A stream status callback (`statusCallback` of our <Stream>): which call, and what happened. */
export function readStreamStatus(body: Record<string, unknown>): StreamStatus {
  const streamSid = pick(body, STREAM_SID_KEYS);
  const { ids } = readIds(body);
  // Last: the media metadata's streamSid is kept as an alias of the call (carrier-input.ts).
  if (streamSid !== undefined && idPattern.test(streamSid) && !ids.includes(streamSid)) ids.push(streamSid);
  return { callIds: ids, event: pick(body, STREAM_EVENT_KEYS) ?? 'unknown', streamSid, raw: body };
}

// The schema every webhook body other than /voice must pass: each field the app reads, when present, is
// a plain value (an object where a call id belongs is an attack or a bug, and is refused with a 400).
const KNOWN_FIELDS = [
  ...CALL_ID_KEYS,
  ...SESSION_ID_KEYS,
  ...FROM_KEYS,
  ...TO_KEYS,
  ...STATUS_KEYS,
  ...DIRECTION_KEYS,
  ...DIGITS_KEYS,
  ...ACTIVE_KEYS,
  ...CLIENT_REQUEST_KEYS,
  ...STREAM_SID_KEYS,
  ...STREAM_EVENT_KEYS,
  ...EVENT_KEYS,
  ...RECORDING_KEYS,
];
const scalar = z.union([z.string().max(MAX_FIELD_CHARS), z.number(), z.boolean(), z.null()]);
const callFields = z.looseObject(Object.fromEntries(KNOWN_FIELDS.map((k) => [k, scalar.optional()])));
const eventBody = callFields.extend({ data: callFields.optional(), payload: callFields.optional() });

export type WebhookBodyKind = 'call' | 'event';

/** Checks a decoded body against its route's schema; a WEBHOOK_BAD_BODY naming the field (never its value). */
export function checkWebhookBody(
  body: Record<string, unknown>,
  kind: WebhookBodyKind,
): Record<string, unknown> {
  const checked = (kind === 'event' ? eventBody : callFields).safeParse(body);
  if (checked.success) return body;
  const issue = checked.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  throw new SautiError('WEBHOOK_BAD_BODY', `Bad webhook body: ${field} must be a plain value`);
}
