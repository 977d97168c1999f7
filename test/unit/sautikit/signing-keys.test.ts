import { describe, expect, it } from 'vitest';
import { signBody, signBodyBare } from '../../../bridge/sautikit/signature';
import { checkSigningKeys, webhooksUnsigned, type SigningKey } from '../../../bridge/sautikit/signing-keys';

const body = Buffer.from('CallId=CA1');
const nowMs = 1_751_000_000_000;
const tV1 = (secret: string) => signBody(secret, body, nowMs / 1000);
const check = (keys: readonly SigningKey[], header: string | undefined) =>
  checkSigningKeys(keys, body, header, nowMs, 300_000);

describe('signing keys', () => {
  it('with no keys, answers everything and says webhooks are unsigned', () => {
    expect(check([], undefined)).toEqual({ kind: 'not-enforced', reason: 'no-keys' });
    expect(webhooksUnsigned([])).toBe(true);
  });

  it('the configured secret is always enforced, in both schemes', () => {
    const keys = [{ secret: 'configured', enforced: true }];
    expect(check(keys, tV1('configured'))).toMatchObject({ kind: 'verified', scheme: 't-v1' });
    expect(check(keys, signBodyBare('configured', body))).toMatchObject({
      kind: 'verified',
      scheme: 'bare-hex',
    });
    expect(check(keys, undefined)).toEqual({ kind: 'refused', reason: 'missing' });
    expect(check(keys, tV1('forged'))).toEqual({ kind: 'refused', reason: 'mismatch' });
    expect(webhooksUnsigned(keys)).toBe(false);
  });

  it('a generated secret is not enforced until a webhook verifies with it, and says so when it does', () => {
    const seen: string[] = [];
    const generated = { secret: 'whsec_gen', enforced: false, verified: () => seen.push('gen') };
    expect(check([generated], undefined)).toEqual({ kind: 'not-enforced', reason: 'missing' });
    expect(check([generated], tV1('other'))).toEqual({ kind: 'not-enforced', reason: 'mismatch' });
    expect(webhooksUnsigned([generated])).toBe(true);
    const verdict = check([generated], tV1('whsec_gen'));
    expect(verdict).toMatchObject({ kind: 'verified', key: generated });
    // The router tells the key (it is the key's owner who records that it is now enforced).
    if (verdict.kind === 'verified') verdict.key.verified?.();
    expect(seen).toEqual(['gen']);
  });

  it('beside an enforced key, a request signed with a not-yet-enforced one still passes', () => {
    const keys = [
      { secret: 'whsec_gen', enforced: false },
      { secret: 'configured', enforced: true },
    ];
    expect(check(keys, tV1('whsec_gen'))).toMatchObject({ kind: 'verified' });
    expect(check(keys, undefined)).toEqual({ kind: 'refused', reason: 'missing' });
  });
});
