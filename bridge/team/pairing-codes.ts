// Pairing codes shown on the host: short (8 characters, ~40 bits), expiring, single-use, and
// rate-limited (a run of wrong guesses voids every open code). A desktop teammate proves the code
// without sending it, bound to the certificate fingerprint it saw — a man in the middle who swapped
// the certificate cannot reuse the proof, and scrypt makes guessing the code offline too slow to matter.
// scrypt is slow on purpose (tens of milliseconds, 16 MiB), so it runs on libuv's thread pool, never on
// the event loop that paces call audio; the host derives each open code's key once, when it issues it.
import { createHmac, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../base/clock';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const WRONG_GUESSES_ALLOWED = 5;
const SCRYPT_SALT = 'sauti-pairing-v1';
const SCRYPT_OPTIONS = { N: 1 << 14, r: 8, p: 1 };

export interface IssuedCode {
  readonly code: string;
  readonly expiresAtMs: number;
}

/** A code that matched (still to be consumed), with its key for the host's proof back. */
export type MatchResult =
  | { readonly ok: true; readonly code: string; readonly key: Buffer }
  | { readonly ok: false; readonly reason: 'wrong' | 'expired' | 'locked' };

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function displayCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The key both sides derive from the code (off the event loop). */
export function deriveCodeKey(code: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(normaliseCode(code), SCRYPT_SALT, 32, SCRYPT_OPTIONS, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * A side's proof of the code, bound to the certificate fingerprint seen and the teammate's nonce:
 * 'client' is what a desktop teammate sends, 'host' what the host answers with.
 */
export function proofFromKey(
  key: Buffer,
  side: 'client' | 'host',
  fingerprint: string,
  nonce: string,
): string {
  return createHmac('sha256', key).update(`${side}|${fingerprint}|${nonce}`).digest('hex');
}

interface OpenCode {
  readonly expiresAtMs: number;
  readonly key: Promise<Buffer>;
}

export class PairingCodes {
  private readonly open = new Map<string, OpenCode>();
  private readonly expired = new Map<string, Promise<Buffer>>();
  private wrongGuesses = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  issue(): IssuedCode {
    let code = '';
    for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    const expiresAtMs = this.clock.epochMs() + this.ttlMs;
    const key = deriveCodeKey(code);
    // Awaited by the proof that uses it; a failure there is that pairing's, not an unhandled rejection.
    key.catch(() => undefined);
    this.open.set(code, { expiresAtMs, key });
    this.wrongGuesses = 0;
    return { code, expiresAtMs };
  }

  /** Checks a typed code (browser teammates, over TLS); consume() it once the pairing may go ahead. */
  async matchCode(typed: string): Promise<MatchResult> {
    const code = normaliseCode(typed);
    return this.match(async (candidate) => safeEqual(candidate, code));
  }

  /** Checks a desktop teammate's proof; consume() the code once the pairing may go ahead. */
  async matchProof(proof: string, fingerprint: string, nonce: string): Promise<MatchResult> {
    return this.match(async (_candidate, key) =>
      safeEqual(proofFromKey(await key, 'client', fingerprint, nonce), proof),
    );
  }

  /** Uses a matched code up; false when another pairing used it first (or it expired meanwhile). */
  consume(code: string): boolean {
    this.sweep();
    return this.open.delete(code);
  }

  private async match(
    matches: (code: string, key: Promise<Buffer>) => Promise<boolean>,
  ): Promise<MatchResult> {
    this.sweep();
    if (this.wrongGuesses >= WRONG_GUESSES_ALLOWED) return { ok: false, reason: 'locked' };
    for (const [code, entry] of [...this.open]) {
      if (await matches(code, entry.key)) return { ok: true, code, key: await entry.key };
    }
    for (const [code, key] of [...this.expired])
      if (await matches(code, key)) return { ok: false, reason: 'expired' };
    this.wrongGuesses++;
    if (this.wrongGuesses >= WRONG_GUESSES_ALLOWED) this.open.clear();
    return { ok: false, reason: this.wrongGuesses >= WRONG_GUESSES_ALLOWED ? 'locked' : 'wrong' };
  }

  private sweep(): void {
    const now = this.clock.epochMs();
    for (const [code, entry] of this.open) {
      if (entry.expiresAtMs <= now) {
        this.open.delete(code);
        this.expired.set(code, entry.key);
      }
    }
    while (this.expired.size > 20) this.expired.delete(this.expired.keys().next().value as string);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
