// Webhook signatures: `X-Sautikit-Signature: t=<unix seconds>,v1=<hex>`, v1 = HMAC-SHA256(secret,
// raw body + "." + t) per sautikit.com/developers/guides/verify-webhook-signatures.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function signBody(secret: string, rawBody: Buffer | string, timestampS: number): string {
  const mac = createHmac('sha256', secret)
    .update(rawBody)
    .update('.')
    .update(String(timestampS))
    .digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

export function verifySignature(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  nowMs: number,
  toleranceMs: number,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') t = value;
    else if (key === 'v1') v1.push(value);
  }
  if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowMs - Number(t) * 1000) > toleranceMs) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(rawBody).update('.').update(t).digest();
  for (const candidate of v1) {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) continue;
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
