import { describe, expect, it } from 'vitest';
import { Downsampler } from '../../../../../renderer/src/shared/audio/downsampler';

function tone(hz: number, rateHz: number, n: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rateHz));
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Processes a signal in browser-sized blocks (128 frames, as an AudioWorklet gets them). */
function inBlocks(d: Downsampler, input: Float32Array, block = 128): Int16Array {
  const parts: Int16Array[] = [];
  for (let i = 0; i < input.length; i += block) parts.push(d.process(input.subarray(i, i + block)));
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('Downsampler', () => {
  it('turns 1 s at 48 kHz into 1 s at 16 kHz across block boundaries', () => {
    const out = inBlocks(new Downsampler(48_000), tone(440, 48_000, 48_000));
    expect(out.length).toBe(16_000);
  });

  it('handles rates that do not divide evenly (44.1 kHz) without drifting', () => {
    const out = inBlocks(new Downsampler(44_100), tone(440, 44_100, 44_100 * 2));
    expect(Math.abs(out.length - 32_000)).toBeLessThanOrEqual(1);
  });

  it('keeps speech frequencies and attenuates what would alias', () => {
    const speechBand = inBlocks(new Downsampler(48_000), tone(500, 48_000, 48_000));
    const aliasing = inBlocks(new Downsampler(48_000), tone(15_000, 48_000, 48_000));
    const full = 0.5 * 32767 * Math.SQRT1_2;
    expect(rms(speechBand)).toBeGreaterThan(0.9 * full);
    expect(rms(aliasing)).toBeLessThan(0.35 * full);
  });

  it('refuses to raise the rate', () => {
    expect(() => new Downsampler(8000)).toThrow(RangeError);
  });
});
