// Webhook signatures, both schemes Sautikit documents, checked on the raw body in constant time:
// - `X-Sautikit-Signature: t=<unix seconds>,v1=<hex>`, v1 = HMAC-SHA256(secret, raw body + "." + t), with a
//   replay window (sautikit.com/developers/guides/verify-webhook-signatures: "message = raw_request_body
//   + "." + t_value"; the blog post of 2026-06-30 says the same);
// - a bare hex HMAC-SHA256(secret, raw body) (every event page, e.g. /developers/webhooks/call-completed,
//   sent with X-Sautikit-Event and X-Sautikit-Idempotency-Key). It has no timestamp: replays are stopped by
//   deduplicating the delivery id (webhooks.ts), not here.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureScheme = 't-v1' | 'bare-hex';

export type SignatureCheck =
  | { ok: true; scheme: SignatureScheme }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** The `t=…,v1=…` header for a body (the signature guide's scheme). */
export function signBody(secret: string, rawBody: Buffer | string, timestampS: number): string {
  const mac = createHmac('sha256', secret)
    .update(rawBody)
    .update('.')
    .update(String(timestampS))
    .digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

/** The bare hex header for a body (the event pages' scheme). */
export function signBodyBare(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export function verifySignature(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  nowMs: number,
  toleranceMs: number,
): SignatureCheck {
  const value = header?.trim();
  if (!value) return { ok: false, reason: 'missing' };
  if (HEX_SHA256.test(value)) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    return timingSafeEqual(expected, Buffer.from(value, 'hex'))
      ? { ok: true, scheme: 'bare-hex' }
      : { ok: false, reason: 'mismatch' };
  }
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (key === 't') t = v;
    else if (key === 'v1') v1.push(v);
  }
  if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowMs - Number(t) * 1000) > toleranceMs) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(rawBody).update('.').update(t).digest();
  for (const candidate of v1) {
    if (!HEX_SHA256.test(candidate)) continue;
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) return { ok: true, scheme: 't-v1' };
  }
  return { ok: false, reason: 'mismatch' };
}
