// Phone numbers typed by people become E.164 here, or a clear error. Kenyan numbers are first-class:
// 0712 345 678, 712345678, 254712345678 and +254 (0)712-345-678 all become +254712345678. This is the
// one normalisation: AGENT_NUMBER, the agents editor, pairing (the /join page and the desktop app's
// Join a team) and the call log's caller search all go through it; the windows send what was typed.
import { z } from 'zod';
import { SautiError } from './errors';

const E164 = /^\+[1-9]\d{6,14}$/;
/** Kenya: +254 then nine digits (mobile 7xx/1xx, landline 20…, 4x…). */
const KENYA = /^\+254[1-9]\d{8}$/;

/** How the expected form is shown to a person who typed something else. */
export const NUMBER_FORM_HINT =
  'Type it like 0712 345 678 or +254 712 345 678 (other countries: + and the country code).';
/** The longest typed number accepted before normalising (spaces, dashes, "(0)" included). */
export const MAX_TYPED_NUMBER_CHARS = 32;

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
      raw
        ? `"${raw.slice(0, MAX_TYPED_NUMBER_CHARS)}" is not a phone number we can dial. ${NUMBER_FORM_HINT}`
        : `Enter a phone number. ${NUMBER_FORM_HINT}`,
    );
  if (!E164.test(digits)) throw bad();
  if (digits.startsWith('+254') && !KENYA.test(digits)) throw bad();
  return digits;
}

/** A settings field holding a phone number: whatever form was typed in, E.164 out, or toE164's message. */
export const phoneNumberField = z
  .string()
  .max(MAX_TYPED_NUMBER_CHARS, `must be a phone number. ${NUMBER_FORM_HINT}`)
  .transform((typed, ctx) => {
    try {
      return toE164(typed);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
      return z.NEVER;
    }
  });
