// Times in a named time zone for exports, offsets (half hours, west of UTC, daylight saving) included.
import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../../bridge/store/local-time';
import { durationText, kesText, offsetSeconds, wholeSeconds } from '../../../bridge/store/readable-figures';

describe('LocalTime', () => {
  it('writes a moment as people in that zone read it', () => {
    const at = Date.UTC(2026, 11, 6, 16, 30, 5);
    const nairobi = new LocalTime('Africa/Nairobi');
    expect(nairobi.text(at)).toBe('2026-12-06 19:30:05');
    expect(nairobi.offsetText(at)).toBe('UTC+03:00');
    expect(nairobi.iso(at)).toBe('2026-12-06T19:30:05+03:00');
    expect(new LocalTime('America/St_Johns').iso(at)).toBe('2026-12-06T13:00:05-03:30');
    expect(new LocalTime('Asia/Kolkata').offsetText(at)).toBe('UTC+05:30');
    expect(new LocalTime('UTC').day(at)).toBe('2026-12-06');
  });

  it('refuses a zone this computer does not know', () => {
    expect(() => new LocalTime('Nairobi')).toThrow(expect.objectContaining({ code: 'STORE_BAD_EXPORT' }));
  });
});

describe('readable figures', () => {
  it('shows shillings with two decimals, durations as h:mm:ss and whole seconds', () => {
    expect(kesText(1250)).toBe('12.50');
    expect(kesText(42.5)).toBe('0.43');
    expect(kesText(7)).toBe('0.07');
    expect(kesText(-150)).toBe('-1.50');
    expect(kesText(null)).toBe('');
    expect(wholeSeconds(95_400)).toBe(95);
    expect(durationText(95_400)).toBe('0:01:35');
    expect(durationText(3 * 3_600_000 + 61_000)).toBe('3:01:01');
    expect(durationText(undefined)).toBe('');
    expect(offsetSeconds(3_249.7)).toBe(3.2);
  });
});
