// Parses Sautikit's call-state POSTs at the edge: form or JSON bodies, capitalised (`CallId`, `From`)
// or snake_case (`call_sid`, `from`) spellings, as the docs' examples vary. The raw payload is kept.
import { z } from 'zod';
import { SautiError } from '../errors';
import { asCarrierCallSid, type CarrierCallSid } from '../ids';

export interface CallState {
  readonly callSid: CarrierCallSid;
  readonly from: string;
  readonly to: string;
  readonly status?: string;
  readonly direction?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

const SID_KEYS = ['CallId', 'CallSid', 'call_sid', 'call_id', 'callId', 'callSid'];
const FROM_KEYS = ['From', 'from', 'caller', 'Caller'];
const TO_KEYS = ['To', 'to', 'called', 'Called'];
const STATUS_KEYS = ['CallStatus', 'call_status', 'status', 'Status'];
const DIRECTION_KEYS = ['Direction', 'direction'];

function pick(body: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = body[k];
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
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

const sidPattern = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:-]+$/, 'call id has unexpected characters');

export function parseCallState(body: Record<string, unknown>): CallState {
  const sid = pick(body, SID_KEYS);
  if (!sid) throw new SautiError('WEBHOOK_BAD_BODY', 'Missing call id (CallId / call_sid)');
  const checked = sidPattern.safeParse(sid);
  if (!checked.success)
    throw new SautiError('WEBHOOK_BAD_BODY', `Bad call id: ${checked.error.issues[0]?.message}`);
  return {
    callSid: asCarrierCallSid(sid),
    from: pick(body, FROM_KEYS) ?? 'unknown',
    to: pick(body, TO_KEYS) ?? 'unknown',
    status: pick(body, STATUS_KEYS),
    direction: pick(body, DIRECTION_KEYS),
    raw: body,
  };
}
