// Which secrets a webhook may be signed with, and which of them are enforced. The configured
// SAUTIKIT_WEBHOOK_SECRET always is. A secret the app generated itself ("Answer this number here") is
// enforced only once a webhook has been seen to verify with it: Sautikit does not say which secret signs
// voice callbacks (sautikit.md, Signatures), and enforcing a secret it never uses would refuse every call.
import { verifySignature, type SignatureCheck, type SignatureScheme } from './signature';

export interface SigningKey {
  readonly secret: string;
  /** Refuse what does not verify with an enforced key. */
  readonly enforced: boolean;
  /** Told when a webhook verified with this key (a generated secret then becomes enforced). */
  readonly verified?: () => void;
}

export type SigningVerdict =
  /** Signed with one of the keys. */
  | { readonly kind: 'verified'; readonly scheme: SignatureScheme; readonly key: SigningKey }
  /** Not verified, but nothing is enforced yet: answered, and logged. */
  | {
      readonly kind: 'not-enforced';
      readonly reason: Exclude<SignatureCheck, { ok: true }>['reason'] | 'no-keys';
    }
  | { readonly kind: 'refused'; readonly reason: Exclude<SignatureCheck, { ok: true }>['reason'] };

export function checkSigningKeys(
  keys: readonly SigningKey[],
  rawBody: Buffer,
  header: string | undefined,
  nowMs: number,
  toleranceMs: number,
): SigningVerdict {
  if (keys.length === 0) return { kind: 'not-enforced', reason: 'no-keys' };
  let failure: Exclude<SignatureCheck, { ok: true }> = { ok: false, reason: 'missing' };
  for (const key of keys) {
    const check = verifySignature(key.secret, rawBody, header, nowMs, toleranceMs);
    if (check.ok) return { kind: 'verified', scheme: check.scheme, key };
    failure = check;
  }
  return keys.some((k) => k.enforced)
    ? { kind: 'refused', reason: failure.reason }
    : { kind: 'not-enforced', reason: failure.reason };
}

/** True when no enforced key exists: anyone who finds the public URL can post webhooks. */
export function webhooksUnsigned(keys: readonly SigningKey[]): boolean {
  return !keys.some((k) => k.enforced);
}
