import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatKes,
  formatLatency,
  formatNumber,
  formatPercent,
} from '../../../../../renderer/src/shared/format/format';

describe('format', () => {
  it('durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
  });

  it('latency in ms or s, a dash when unknown', () => {
    expect(formatLatency(640.4)).toBe('640 ms');
    expect(formatLatency(1530)).toBe('1.5 s');
    expect(formatLatency(12_000)).toBe('12 s');
    expect(formatLatency(undefined)).toBe('—');
  });

  it('KES from cents, shares as percent, Kenyan numbers spaced', () => {
    expect(formatKes(123456)).toBe('KES 1,234.56');
    expect(formatPercent(0.666)).toBe('67%');
    expect(formatNumber('+254712345678')).toBe('+254 712 345 678');
    expect(formatNumber('+4420123')).toBe('+4420123');
  });
});
