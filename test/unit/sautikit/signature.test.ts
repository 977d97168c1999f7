import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, signBodyBare, verifySignature } from '../../../bridge/sautikit/signature';

const secret = 'whsec_test_123';
const body = Buffer.from('CallId=CA1&From=%2B254712345678');
const nowMs = 1_751_000_000_000;

describe('webhook signatures', () => {
  it('matches the documented algorithm: HMAC-SHA256(secret, body + "." + t)', () => {
    const header = signBody(secret, body, 1_751_000_000);
    const expected = createHmac('sha256', secret).update(`${body.toString()}.1751000000`).digest('hex');
    expect(header).toBe(`t=1751000000,v1=${expected}`);
    expect(verifySignature(secret, body, header, nowMs, 300_000)).toEqual({ ok: true, scheme: 't-v1' });
  });

  it('rejects missing, malformed, stale and mismatched signatures', () => {
    const good = signBody(secret, body, 1_751_000_000);
    expect(verifySignature(secret, body, undefined, nowMs, 300_000)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifySignature(secret, body, 'v1=abc', nowMs, 300_000)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifySignature(secret, body, good, nowMs + 301_000, 300_000)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature(secret, Buffer.from(body.toString() + 'x'), good, nowMs, 300_000)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature('other', body, good, nowMs, 300_000)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const good = signBody(secret, body, 1_751_000_000);
    const header = `t=1751000000,v1=${'0'.repeat(64)},${good.split(',')[1]}`;
    expect(verifySignature(secret, body, header, nowMs, 300_000)).toEqual({ ok: true, scheme: 't-v1' });
  });

  it("verifies the event pages' scheme: a bare hex HMAC-SHA256(secret, raw body), any age", () => {
    const header = signBodyBare(secret, body);
    expect(header).toBe(createHmac('sha256', secret).update(body).digest('hex'));
    expect(verifySignature(secret, body, header, nowMs, 300_000)).toEqual({ ok: true, scheme: 'bare-hex' });
    expect(verifySignature(secret, body, header.toUpperCase(), nowMs + 86_400_000, 300_000)).toEqual({
      ok: true,
      scheme: 'bare-hex',
    });
    expect(verifySignature('other', body, header, nowMs, 300_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, Buffer.from('x'), header, nowMs, 300_000)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    // The t=… digest sent bare is not the bare digest.
    const tDigest = signBody(secret, body, 1_751_000_000).split('v1=')[1]!;
    expect(verifySignature(secret, body, tDigest, nowMs, 300_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, body, header.slice(1), nowMs, 300_000)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
