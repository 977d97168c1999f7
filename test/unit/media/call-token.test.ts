import { describe, expect, it } from 'vitest';
import { issueCallToken, verifyCallToken } from '../../../bridge/media/call-token';

const secret = 'a-long-enough-secret-for-tests';

describe('call tokens', () => {
  it('round-trips the claims before expiry', () => {
    const t = issueCallToken(secret, { callSid: 'CA1', purpose: 'media', expiresAtMs: 2000 });
    expect(verifyCallToken(secret, t, 'media', 1000)).toEqual({
      ok: true,
      claims: { callSid: 'CA1', purpose: 'media', expiresAtMs: 2000, agentId: undefined },
    });
  });

  it('refuses expired, tampered, foreign-key and wrong-purpose tokens', () => {
    const t = issueCallToken(secret, { callSid: 'CA1', purpose: 'media', expiresAtMs: 2000 });
    expect(verifyCallToken(secret, t, 'media', 2001)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyCallToken('another-secret-entirely', t, 'media', 1000)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const forged =
      Buffer.from(JSON.stringify({ c: 'CA2', e: 9e12, p: 'media' })).toString('base64url') +
      t.slice(t.indexOf('.'));
    expect(verifyCallToken(secret, forged, 'media', 1000)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyCallToken(secret, t, 'handoff', 1000)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(verifyCallToken(secret, 'garbage', 'media', 1000)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyCallToken(secret, null, 'media', 1000)).toEqual({ ok: false, reason: 'malformed' });
  });
});
