import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../bridge/media/resample';

function tone(hz: number, rateHz: number, samples: number, amplitude = 10000): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rateHz));
  return out;
}

/** Amplitude of the `hz` component (Hann-windowed single-bin DFT), skipping the filter's start-up. */
function amplitudeAt(signal: Int16Array, rateHz: number, hz: number, skip = 200): number {
  const n = signal.length - 2 * skip;
  let re = 0;
  let im = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const x = signal[i + skip]! * w;
    re += x * Math.cos((2 * Math.PI * hz * i) / rateHz);
    im -= x * Math.sin((2 * Math.PI * hz * i) / rateHz);
    wsum += w;
  }
  return (2 * Math.hypot(re, im)) / wsum;
}

function rms(signal: Int16Array, from = 0, to = signal.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += signal[i]! * signal[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

const db = (ratio: number) => 20 * Math.log10(ratio);

// Every case runs on both inner loops: the WebAssembly SIMD kernel and the JavaScript fallback.
for (const simd of [true, false]) {
  const path = simd ? 'SIMD kernel' : 'JavaScript loop';
  const make = (inputRateHz: number, outputRateHz: number) =>
    new Resampler({ inputRateHz, outputRateHz, simd });

  describe(`Resampler 24 kHz → 16 kHz (${path})`, () => {
    it('keeps the passband flat within ±0.5 dB up to 6.5 kHz', () => {
      const r = make(24000, 16000);
      for (const hz of [100, 300, 1000, 2000, 3400, 5000, 6000, 6500]) {
        r.reset();
        const out = r.process(tone(hz, 24000, 12000));
        const gainDb = db(amplitudeAt(out, 16000, hz) / 10000);
        expect(Math.abs(gainDb), `${hz} Hz gain ${gainDb.toFixed(3)} dB`).toBeLessThan(0.5);
      }
    });

    it('rejects aliasing: a 10 kHz tone is at least 50 dB down, and so is everything above 8.5 kHz', () => {
      const r = make(24000, 16000);
      const out = r.process(tone(10000, 24000, 12000));
      // 10 kHz folds to 6 kHz at 16 kHz.
      expect(db(amplitudeAt(out, 16000, 6000) / 10000)).toBeLessThan(-50);
      expect(db(rms(out, 200, out.length - 200) / (10000 / Math.SQRT2))).toBeLessThan(-50);
      for (const hz of [8500, 9000, 11000, 11900]) {
        r.reset();
        const y = r.process(tone(hz, 24000, 12000));
        expect(db(rms(y, 200, y.length - 200) / (10000 / Math.SQRT2)), `${hz} Hz`).toBeLessThan(-50);
      }
    });

    it('follows a sweep: flat through the passband, silent past the stopband', () => {
      const rate = 24000;
      const seconds = 2;
      const f0 = 100;
      const f1 = 11900;
      const n = rate * seconds;
      const input = new Int16Array(n);
      let phase = 0;
      for (let i = 0; i < n; i++) {
        const f = f0 + ((f1 - f0) * i) / n;
        phase += (2 * Math.PI * f) / rate;
        input[i] = Math.round(10000 * Math.sin(phase));
      }
      const out = make(24000, 16000).process(input);
      expect(out.length).toBe((n * 2) / 3);
      // Windows of 20 ms at the output; instantaneous input frequency at the window centre.
      const win = 320;
      let checkedPass = 0;
      let checkedStop = 0;
      for (let start = win; start + win <= out.length; start += win) {
        const f = f0 + ((f1 - f0) * (start + win / 2)) / out.length;
        const level = db(rms(out, start, start + win) / (10000 / Math.SQRT2));
        if (f < 6500) {
          expect(Math.abs(level), `${f.toFixed(0)} Hz`).toBeLessThan(0.5);
          checkedPass++;
        } else if (f > 8800) {
          expect(level, `${f.toFixed(0)} Hz`).toBeLessThan(-50);
          checkedStop++;
        }
      }
      expect(checkedPass).toBeGreaterThan(50);
      expect(checkedStop).toBeGreaterThan(20);
    });

    it('gives identical output for any chunking (state carried, no clicks at boundaries)', () => {
      const input = new Int16Array(24000);
      let phase = 0;
      for (let i = 0; i < input.length; i++) {
        phase += (2 * Math.PI * (200 + i / 10)) / 24000;
        input[i] = Math.round(12000 * Math.sin(phase) + (Math.random() - 0.5) * 2000);
      }
      const oneShot = make(24000, 16000).process(input);
      for (let trial = 0; trial < 5; trial++) {
        const r = make(24000, 16000);
        const parts: Int16Array[] = [];
        let at = 0;
        while (at < input.length) {
          const len = trial === 0 ? 1 : Math.floor(Math.random() * 3000);
          parts.push(r.process(input.subarray(at, at + len)));
          at += len;
        }
        const joined = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
        let o = 0;
        for (const p of parts) {
          joined.set(p, o);
          o += p.length;
        }
        expect(joined).toEqual(oneShot);
      }
    });

    it('produces ceil(n × 2/3) samples in total and delays by its stated group delay', () => {
      const r = make(24000, 16000);
      let total = 0;
      let fed = 0;
      for (const len of [480, 1, 2, 7, 480, 960, 13]) {
        total += r.process(new Int16Array(len)).length;
        fed += len;
        expect(total).toBe(Math.ceil((fed * 2) / 3));
        expect(r.outputLengthFor(fed)).toBe(total);
      }
      // An impulse comes out at the group delay.
      r.reset();
      const impulse = new Int16Array(2400);
      impulse[0] = 30000;
      const out = r.process(impulse);
      let peak = 0;
      for (let i = 1; i < out.length; i++) if (Math.abs(out[i]!) > Math.abs(out[peak]!)) peak = i;
      expect(Math.abs((peak / 16000) * 1000 - r.delayMs)).toBeLessThan(1000 / 16000 + 1e-9);
      expect(r.delayMs).toBeGreaterThan(0);
      expect(r.delayMs).toBeLessThan(5);
    });

    it('forgets the stream on reset', () => {
      const r = make(24000, 16000);
      const fresh = make(24000, 16000);
      r.process(tone(1000, 24000, 1001));
      r.reset();
      const input = tone(440, 24000, 2400);
      expect(r.process(input)).toEqual(fresh.process(input));
    });

    it('clips instead of wrapping at full scale', () => {
      const square = new Int16Array(4800);
      for (let i = 0; i < square.length; i++) square[i] = Math.floor(i / 60) % 2 === 0 ? 32767 : -32768;
      const out = make(24000, 16000).process(square);
      // Gibbs overshoot past full scale would wrap a 16-bit sample to the other sign: a jump of ~65 000.
      let maxStep = 0;
      let peak = 0;
      for (let i = 1; i < out.length; i++) {
        maxStep = Math.max(maxStep, Math.abs(out[i]! - out[i - 1]!));
        peak = Math.max(peak, Math.abs(out[i]!));
      }
      expect(peak).toBeGreaterThanOrEqual(32767);
      expect(maxStep).toBeLessThan(50000);
    });
  });

  describe(`Resampler 16 kHz → 24 kHz (${path})`, () => {
    it('keeps the passband flat and rejects images', () => {
      const r = make(16000, 24000);
      for (const hz of [100, 1000, 3400, 6500]) {
        r.reset();
        const out = r.process(tone(hz, 16000, 8000));
        expect(out.length).toBe(12000);
        expect(Math.abs(db(amplitudeAt(out, 24000, hz) / 10000)), `${hz} Hz`).toBeLessThan(0.5);
      }
      for (const hz of [5000, 7000]) {
        r.reset();
        const out = r.process(tone(hz, 16000, 8000));
        // Zero-stuffing makes an image at 16 kHz − f.
        expect(db(amplitudeAt(out, 24000, 16000 - hz) / 10000), `image of ${hz} Hz`).toBeLessThan(-50);
      }
    });

    it('chunks like one shot', () => {
      const input = tone(1234, 16000, 5000);
      const oneShot = make(16000, 24000).process(input);
      const r = make(16000, 24000);
      const out: number[] = [];
      for (let at = 0; at < input.length; at += 333) out.push(...r.process(input.subarray(at, at + 333)));
      expect(Int16Array.from(out)).toEqual(oneShot);
    });
  });
}

describe('Resampler inner loops', () => {
  it('give the same samples (within one step of rounding) for every rate, whatever ran before', () => {
    const input = tone(1234, 48000, 9000);
    // Designs are loaded one after another into the kernel's memory, over earlier runs' scratch.
    for (const [a, b] of [
      [24000, 16000],
      [16000, 24000],
      [8000, 16000],
      [44100, 16000],
      [16000, 8000],
    ] as const) {
      const simd = new Resampler({ inputRateHz: a, outputRateHz: b });
      const js = new Resampler({ inputRateHz: a, outputRateHz: b, simd: false });
      for (let at = 0; at < input.length; at += 777) {
        const x = simd.process(input.subarray(at, at + 777));
        const y = js.process(input.subarray(at, at + 777));
        expect(x.length).toBe(y.length);
        let worst = 0;
        for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
        expect(worst, `${a} → ${b} Hz at ${at}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('Resampler rates', () => {
  it('refuses nonsense rates with a coded error', () => {
    expect(() => new Resampler({ inputRateHz: 0, outputRateHz: 16000 })).toThrow(/sample rate/);
    expect(() => new Resampler({ inputRateHz: 16000.5, outputRateHz: 16000 })).toThrow(
      expect.objectContaining({ code: 'MEDIA_BAD_RATE' }),
    );
    expect(() => new Resampler({ inputRateHz: 16001, outputRateHz: 16000 })).toThrow(/ratio/);
  });

  it('converts 8 kHz telephony audio up and back', () => {
    const up = new Resampler({ inputRateHz: 8000, outputRateHz: 16000 }).process(tone(1000, 8000, 4000));
    expect(up.length).toBe(8000);
    expect(Math.abs(db(amplitudeAt(up, 16000, 1000) / 10000))).toBeLessThan(0.5);
  });
});
