import type * as Crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import {
  deriveCodeKey,
  displayCode,
  normaliseCode,
  PairingCodes,
  proofFromKey,
} from '../../../bridge/team/pairing-codes';

// scryptSync blocks the event loop that paces call audio (~50–180 ms per derivation): counted here.
let syncKdfCalls = 0;
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  return {
    ...actual,
    scryptSync: (...args: Parameters<typeof actual.scryptSync>) => {
      syncKdfCalls++;
      return actual.scryptSync(...args);
    },
  };
});

const clientProof = async (code: string, fingerprint: string, nonce: string) =>
  proofFromKey(await deriveCodeKey(code), 'client', fingerprint, nonce);

describe('pairing codes', () => {
  it('are short, readable and single-use', async () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const match = await codes.matchCode(displayCode(code).toLowerCase());
    expect(match).toMatchObject({ ok: true, code });
    expect(codes.consume(code)).toBe(true);
    expect(codes.consume(code)).toBe(false);
    expect(await codes.matchCode(code)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('a match does not use the code up: only consume() does', async () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    expect((await codes.matchCode(code)).ok).toBe(true);
    expect((await codes.matchCode(code)).ok).toBe(true);
  });

  it('expire', async () => {
    const clock = new FakeClock();
    const codes = new PairingCodes(clock, 60_000);
    const { code } = codes.issue();
    clock.advance(60_001);
    expect(await codes.matchCode(code)).toEqual({ ok: false, reason: 'expired' });
    expect(codes.consume(code)).toBe(false);
  });

  it('lock after a run of wrong guesses, voiding open codes', async () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    for (let i = 0; i < 4; i++) expect((await codes.matchCode('AAAAAAAA')).ok).toBe(false);
    expect(await codes.matchCode('AAAAAAAA')).toEqual({ ok: false, reason: 'locked' });
    expect(await codes.matchCode(code)).toEqual({ ok: false, reason: 'locked' });
  });

  it('a proof is bound to the certificate fingerprint and nonce it was made for', async () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    const seenByMitm = await clientProof(code, 'ff'.repeat(32), 'n1');
    expect((await codes.matchProof(seenByMitm, 'aa'.repeat(32), 'n1')).ok).toBe(false);
    const match = await codes.matchProof(
      await clientProof(code, 'aa'.repeat(32), 'n1'),
      'aa'.repeat(32),
      'n1',
    );
    expect(match).toMatchObject({ ok: true, code });
    const key = await deriveCodeKey(code);
    expect(proofFromKey(key, 'host', 'aa'.repeat(32), 'n1')).not.toBe(
      proofFromKey(key, 'client', 'aa'.repeat(32), 'n1'),
    );
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
  });

  it('derives the slow key off the event loop: a timer set before it fires before it is done', async () => {
    const order: string[] = [];
    const timer = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('timer');
        resolve();
      }),
    );
    // A synchronous scrypt would finish (and its promise settle) before any timer could run.
    const derived = deriveCodeKey('K7QMXPA2').then(() => order.push('key'));
    await Promise.all([timer, derived]);
    expect(order).toEqual(['timer', 'key']);
  });

  it('the host never derives a key on the loop: issuing and checking use the async KDF only', async () => {
    const codes = new PairingCodes(new FakeClock(), 60_000);
    const { code } = codes.issue();
    const proof = await clientProof(code, 'aa'.repeat(32), 'n1');
    expect(await codes.matchProof(proof, 'aa'.repeat(32), 'n1')).toMatchObject({ ok: true, code });
    expect(syncKdfCalls).toBe(0);
  });
});
