// The key a caller's calls are found and deleted by: their number in E.164, whatever form the
// carrier or a person typed it in (0712…, +254 712…, 254712…).
import { toE164 } from '../base/phone-number';

/** E.164 when the value is a dialable number; otherwise the value as received (e.g. "anonymous"). */
export function callerKey(number: string): string {
  try {
    return toE164(number);
  } catch {
    return number.trim();
  }
}

/** E.164 for a number a person typed, or null when it is not a whole number. */
export function typedCallerKey(number: string): string | null {
  try {
    return toE164(number);
  } catch {
    return null;
  }
}
