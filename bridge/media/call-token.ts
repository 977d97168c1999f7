// Signed, expiring tokens naming one call: the media socket accepts only calls this app answered, and
// handoff URLs cannot be forged. Format: base64url(JSON {c, e, p}) "." base64url(HMAC-SHA256).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CallTokenClaims {
  /** The carrier's call SID. */
  readonly callSid: string;
  /** Expiry, epoch ms. */
  readonly expiresAtMs: number;
  /** What the token is for, so a media token cannot be replayed as a handoff token. */
  readonly purpose: 'media' | 'handoff';
  readonly agentId?: string;
}

export type TokenCheck =
  | { ok: true; claims: CallTokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose' };

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function issueCallToken(secret: string, claims: CallTokenClaims): string {
  const body = Buffer.from(
    JSON.stringify({ c: claims.callSid, e: claims.expiresAtMs, p: claims.purpose, a: claims.agentId }),
  ).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyCallToken(
  secret: string,
  token: string | null | undefined,
  purpose: CallTokenClaims['purpose'],
  nowMs: number,
): TokenCheck {
  if (!token || token.length > 1024) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const p = parsed as { c?: unknown; e?: unknown; p?: unknown; a?: unknown };
  if (typeof p.c !== 'string' || typeof p.e !== 'number' || (p.p !== 'media' && p.p !== 'handoff')) {
    return { ok: false, reason: 'malformed' };
  }
  if (p.p !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (p.e < nowMs) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: {
      callSid: p.c,
      expiresAtMs: p.e,
      purpose: p.p,
      agentId: typeof p.a === 'string' ? p.a : undefined,
    },
  };
}
