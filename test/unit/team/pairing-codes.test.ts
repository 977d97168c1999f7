import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/clock';
import {
  displayCode,
  hostProof,
  normaliseCode,
  pairingProof,
  PairingCodes,
} from '../../../bridge/team/pairing-codes';

describe('pairing codes', () => {
  it('are short, readable and single-use', () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(codes.redeemCode(displayCode(code).toLowerCase())).toMatchObject({ ok: true });
    expect(codes.redeemCode(code)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('expire', () => {
    const clock = new FakeClock();
    const codes = new PairingCodes(clock, 60_000);
    const { code } = codes.issue();
    clock.advance(60_001);
    expect(codes.redeemCode(code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('lock after a run of wrong guesses, voiding open codes', () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    for (let i = 0; i < 4; i++) expect(codes.redeemCode('AAAAAAAA').ok).toBe(false);
    expect(codes.redeemCode('AAAAAAAA')).toEqual({ ok: false, reason: 'locked' });
    expect(codes.redeemCode(code)).toEqual({ ok: false, reason: 'locked' });
  });

  it('a proof is bound to the certificate fingerprint and nonce it was made for', () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    const seenByMitm = pairingProof(code, 'ff'.repeat(32), 'n1');
    expect(codes.redeemProof(seenByMitm, 'aa'.repeat(32), 'n1').ok).toBe(false);
    expect(codes.redeemProof(pairingProof(code, 'aa'.repeat(32), 'n1'), 'aa'.repeat(32), 'n1')).toMatchObject(
      { ok: true, code },
    );
    expect(hostProof(code, 'aa'.repeat(32), 'n1')).not.toBe(pairingProof(code, 'aa'.repeat(32), 'n1'));
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
  });
});
