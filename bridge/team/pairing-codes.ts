// Pairing codes shown on the host: short (8 characters, ~40 bits), expiring, single-use, and
// rate-limited (a run of wrong guesses voids every open code). A desktop teammate proves the code
// without sending it, bound to the certificate fingerprint it saw — a man in the middle who swapped
// the certificate cannot reuse the proof, and scrypt makes guessing the code offline too slow to matter.
import { createHmac, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const WRONG_GUESSES_ALLOWED = 5;

export interface IssuedCode {
  readonly code: string;
  readonly expiresAtMs: number;
}

export type RedeemResult = { ok: true } | { ok: false; reason: 'wrong' | 'expired' | 'locked' };

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function displayCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const codeKey = (code: string) =>
  scryptSync(normaliseCode(code), 'sauti-pairing-v1', 32, { N: 1 << 14, r: 8, p: 1 });

/** What a desktop teammate sends: proof of the code, bound to the fingerprint it saw and its nonce. */
export function pairingProof(code: string, fingerprint: string, nonce: string): string {
  return createHmac('sha256', codeKey(code)).update(`client|${fingerprint}|${nonce}`).digest('hex');
}

/** What the host answers with: proof it knows the code too (the teammate checks it before trusting). */
export function hostProof(code: string, fingerprint: string, nonce: string): string {
  return createHmac('sha256', codeKey(code)).update(`host|${fingerprint}|${nonce}`).digest('hex');
}

export class PairingCodes {
  private readonly open = new Map<string, number>();
  private readonly expired = new Set<string>();
  private wrongGuesses = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  issue(): IssuedCode {
    let code = '';
    for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    const expiresAtMs = this.clock.epochMs() + this.ttlMs;
    this.open.set(code, expiresAtMs);
    this.wrongGuesses = 0;
    return { code, expiresAtMs };
  }

  /** Redeems a typed code (browser teammates, over TLS). */
  redeemCode(typed: string): RedeemResult & { code?: string } {
    const code = normaliseCode(typed);
    return this.redeem((candidate) => safeEqual(candidate, code));
  }

  /** Redeems a proof (desktop teammates); returns the code so the host can prove itself back. */
  redeemProof(proof: string, fingerprint: string, nonce: string): RedeemResult & { code?: string } {
    return this.redeem((candidate) => safeEqual(pairingProof(candidate, fingerprint, nonce), proof));
  }

  private redeem(matches: (code: string) => boolean): RedeemResult & { code?: string } {
    this.sweep();
    if (this.wrongGuesses >= WRONG_GUESSES_ALLOWED) return { ok: false, reason: 'locked' };
    for (const code of this.open.keys()) {
      if (matches(code)) {
        this.open.delete(code);
        return { ok: true, code };
      }
    }
    for (const code of this.expired) if (matches(code)) return { ok: false, reason: 'expired' };
    this.wrongGuesses++;
    if (this.wrongGuesses >= WRONG_GUESSES_ALLOWED) this.open.clear();
    return { ok: false, reason: this.wrongGuesses >= WRONG_GUESSES_ALLOWED ? 'locked' : 'wrong' };
  }

  private sweep(): void {
    const now = this.clock.epochMs();
    for (const [code, expiresAtMs] of this.open) {
      if (expiresAtMs <= now) {
        this.open.delete(code);
        this.expired.add(code);
      }
    }
    while (this.expired.size > 20) this.expired.delete(this.expired.values().next().value as string);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
