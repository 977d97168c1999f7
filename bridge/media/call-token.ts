// Signed, expiring tokens naming one call: the media socket accepts only calls this app answered (and
// agent phone legs it placed), and the human route's webhook URLs cannot be forged. Format:
// base64url(JSON {c, e, p, a?, l?}) "." base64url(HMAC-SHA256).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CallTokenClaims {
  /** The carrier's call SID. */
  readonly callSid: string;
  /** Expiry, epoch ms. */
  readonly expiresAtMs: number;
  /**
   * What the token is for, so one cannot be replayed as another: the caller's media stream, an agent
   * phone leg's media stream, or a human-route webhook URL.
   */
  readonly purpose: TokenPurpose;
  readonly agentId?: string;
  /** The agent leg this token belongs to (agent-media, and the leg's answer URL). */
  readonly legId?: string;
  /** The one webhook path a `handoff` token is good for (a /dial-status token cannot drive /handoff). */
  readonly route?: string;
}

export type TokenPurpose = 'media' | 'agent-media' | 'handoff';
const PURPOSES: readonly string[] = ['media', 'agent-media', 'handoff'] satisfies readonly TokenPurpose[];

export type TokenCheck =
  | { ok: true; claims: CallTokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose' };

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function issueCallToken(secret: string, claims: CallTokenClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      c: claims.callSid,
      e: claims.expiresAtMs,
      p: claims.purpose,
      a: claims.agentId,
      l: claims.legId,
      r: claims.route,
    }),
  ).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyCallToken(
  secret: string,
  token: string | null | undefined,
  purpose: TokenPurpose | readonly TokenPurpose[],
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
  const p = parsed as { c?: unknown; e?: unknown; p?: unknown; a?: unknown; l?: unknown; r?: unknown };
  if (
    typeof p.c !== 'string' ||
    typeof p.e !== 'number' ||
    typeof p.p !== 'string' ||
    !PURPOSES.includes(p.p)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const tokenPurpose = p.p as TokenPurpose;
  const wanted: readonly TokenPurpose[] = typeof purpose === 'string' ? [purpose] : purpose;
  if (!wanted.includes(tokenPurpose)) return { ok: false, reason: 'wrong-purpose' };
  if (p.e < nowMs) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: {
      callSid: p.c,
      expiresAtMs: p.e,
      purpose: tokenPurpose,
      agentId: typeof p.a === 'string' ? p.a : undefined,
      legId: typeof p.l === 'string' ? p.l : undefined,
      route: typeof p.r === 'string' ? p.r : undefined,
    },
  };
}

/** `ws(s)://…/media?t=…` on the public base. */
export function mediaUrlOn(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/^http/, 'ws')}/media?t=${encodeURIComponent(token)}`;
}
