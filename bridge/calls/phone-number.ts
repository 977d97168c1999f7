// Phone numbers typed by people become E.164 here, or a clear error. Kenyan numbers are first-class:
// 0712 345 678, 712345678, 254712345678 and +254 (0)712-345-678 all become +254712345678.
import { SautiError } from '../errors';

const E164 = /^\+[1-9]\d{6,14}$/;
/** Kenya: +254 then nine digits (mobile 7xx/1xx, landline 20…, 4x…). */
const KENYA = /^\+254[1-9]\d{8}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Normalises a typed number to E.164 (Kenya by default for national forms); throws AGENT_BAD_NUMBER. */
export function toE164(input: string): string {
  const raw = input.trim();
  let digits = raw.replace(/[\s\-.()/]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^\+?254/.test(digits)) {
    // "+254 0712…" (the national 0 kept after the country code) is a common slip.
    const national = digits.replace(/^\+?254/, '').replace(/^0/, '');
    digits = `+254${national}`;
  } else if (/^0[1-9]\d{8}$/.test(digits)) {
    digits = `+254${digits.slice(1)}`;
  } else if (/^[17]\d{8}$/.test(digits)) {
    digits = `+254${digits}`;
  }
  const bad = () =>
    new SautiError(
      'AGENT_BAD_NUMBER',
      `"${raw.slice(0, 32)}" is not a phone number we can dial: use +2547… or 07…`,
    );
  if (!E164.test(digits)) throw bad();
  if (digits.startsWith('+254') && !KENYA.test(digits)) throw bad();
  return digits;
}
