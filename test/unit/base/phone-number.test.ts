import { describe, expect, it } from 'vitest';
import { phoneNumberField, toE164 } from '../../../bridge/base/phone-number';

describe('toE164', () => {
  it('treats Kenyan national forms as first-class', () => {
    for (const typed of [
      '0712345678',
      '0712 345 678',
      '712345678',
      '254712345678',
      '+254712345678',
      '+254 (0)712-345-678',
      '00254712345678',
    ]) {
      expect(toE164(typed)).toBe('+254712345678');
    }
    expect(toE164('0110 123456')).toBe('+254110123456');
    expect(toE164('020 2345678')).toBe('+254202345678');
  });

  it('keeps other countries in E.164', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('+1 (415) 555-2671')).toBe('+14155552671');
  });

  it('refuses what cannot be dialled, with a clear code', () => {
    for (const bad of ['', '0712', '07123456789', '+2547123', 'call me', '+0712345678', '+25471234567890']) {
      expect(() => toE164(bad)).toThrow(expect.objectContaining({ code: 'AGENT_BAD_NUMBER' }));
    }
  });

  it('says what it expected, in plain words', () => {
    expect(() => toE164('0712')).toThrow(
      /"0712" is not a phone number we can dial\. Type it like 0712 345 678/,
    );
    expect(() => toE164('  ')).toThrow(/^Enter a phone number\./);
  });

  it('is the settings field too: local forms in, E.164 out, the same message for a bad one', () => {
    expect(phoneNumberField.parse(' 0712-345 678 ')).toBe('+254712345678');
    const bad = phoneNumberField.safeParse('07');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/is not a phone number we can dial/);
  });
});
