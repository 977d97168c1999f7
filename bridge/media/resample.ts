// Streaming sample-rate conversion by a rational factor L/M (24 kHz → 16 kHz is 2/3, 16 kHz → 24 kHz is
// 3/2) with a polyphase Kaiser-windowed sinc low-pass: flat passband, aliases and images ≥ 80 dB down
// past the lower Nyquist. The filter history is carried across chunks, so any chunking gives exactly
// the samples one-shot processing gives (no clicks at chunk boundaries).
import { SautiError } from '../base/errors';
import { createFirKernel, lanesFor, type FirKernel } from './fir-kernel';

export interface ResamplerOptions {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  /** Use the WebAssembly SIMD kernel where the runtime has it (default); false: the JavaScript loop. */
  readonly simd?: boolean;
}

/** Stopband attenuation the filter is designed for. */
const STOPBAND_DB = 80;
/** Passband edge as a share of the lower Nyquist frequency (6.56 kHz of 8 kHz for 16 kHz audio). */
const PASSBAND_EDGE = 0.82;
/** The largest interpolation factor we build tables for (44.1 k → 16 k needs 160). */
const MAX_PHASES = 640;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (for the Kaiser window). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

interface Design {
  readonly phases: number;
  readonly step: number;
  readonly tapsPerPhase: number;
  /**
   * One array per output phase, oldest tap first: byPhase[p][k] multiplies x[i - (tapsPerPhase - 1) + k]
   * for the output of phase p whose newest tap is x[i] (both arrays are then read forward).
   */
  readonly byPhase: readonly Float64Array[];
  readonly delayMs: number;
}

const designs = new Map<string, Design>();

function design(inputRateHz: number, outputRateHz: number): Design {
  const key = `${inputRateHz}:${outputRateHz}`;
  const cached = designs.get(key);
  if (cached) return cached;
  const g = gcd(inputRateHz, outputRateHz);
  const phases = outputRateHz / g;
  const step = inputRateHz / g;
  if (phases > MAX_PHASES) {
    throw new SautiError(
      'MEDIA_BAD_RATE',
      `Cannot resample ${inputRateHz} Hz to ${outputRateHz} Hz (ratio too fine)`,
    );
  }
  const upRateHz = inputRateHz * phases;
  const nyquistHz = Math.min(inputRateHz, outputRateHz) / 2;
  const passHz = PASSBAND_EDGE * nyquistHz;
  const stopHz = nyquistHz;
  const cutoff = (passHz + stopHz) / 2 / upRateHz; // cycles per upsampled sample
  const transition = (2 * Math.PI * (stopHz - passHz)) / upRateHz;
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const minTaps = Math.ceil((STOPBAND_DB - 7.95) / (2.285 * transition)) + 1;
  const tapsPerPhase = Math.ceil(minTaps / phases);
  const n = tapsPerPhase * phases;
  const centre = (n - 1) / 2;
  const h = new Float64Array(n);
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const t = k - centre;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = (2 * k) / (n - 1) - 1;
    h[k] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta);
    sum += h[k]!;
  }
  // Zero-stuffing by L divides the level by L: the taps sum to L so the passband gain is 1.
  const byPhase: Float64Array[] = [];
  for (let p = 0; p < phases; p++) {
    const taps = new Float64Array(tapsPerPhase);
    for (let j = 0; j < tapsPerPhase; j++) taps[tapsPerPhase - 1 - j] = (h[p + j * phases]! * phases) / sum;
    byPhase.push(taps);
  }
  const made: Design = { phases, step, tapsPerPhase, byPhase, delayMs: (centre / upRateHz) * 1000 };
  designs.set(key, made);
  return made;
}

function clampToInt16(x: number): number {
  const v = Math.round(x);
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

export class Resampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  private readonly d: Design;
  private readonly kernel: FirKernel | null;
  /** The last `tapsPerPhase - 1` input samples, then the current chunk (grown as needed, reused). */
  private work: Float64Array;
  /** With the kernel: the last `tapsPerPhase - 1` input samples (the chunk itself lives in its memory). */
  private readonly history32: Float32Array;
  /** Input index (relative to the current chunk) of the next output's newest tap. */
  private position = 0;
  /** Phase (0..L-1) of the next output. */
  private phase = 0;

  constructor(options: ResamplerOptions) {
    const { inputRateHz, outputRateHz } = options;
    for (const rate of [inputRateHz, outputRateHz]) {
      if (!Number.isInteger(rate) || rate < 1000 || rate > 192_000) {
        throw new SautiError('MEDIA_BAD_RATE', `Unsupported sample rate ${rate} Hz`);
      }
    }
    this.inputRateHz = inputRateHz;
    this.outputRateHz = outputRateHz;
    this.d = design(inputRateHz, outputRateHz);
    this.kernel = options.simd === false ? null : createFirKernel();
    this.work = new Float64Array(this.kernel ? 0 : this.d.tapsPerPhase - 1 + 4096);
    this.history32 = new Float32Array(this.d.tapsPerPhase - 1);
  }

  /** Group delay of the filter: output lags input by this much. */
  get delayMs(): number {
    return this.d.delayMs;
  }

  /** Output samples produced in total after `inputSamples` input samples (from a reset). */
  outputLengthFor(inputSamples: number): number {
    return Math.ceil((inputSamples * this.d.phases) / this.d.step);
  }

  /** Converts the next chunk of a stream. The returned array is new (safe to keep). */
  process(input: Int16Array): Int16Array {
    const { phases, step, tapsPerPhase, byPhase } = this.d;
    const history = tapsPerPhase - 1;
    if (this.kernel) return this.processWithKernel(this.kernel, input);
    if (this.work.length < history + input.length) {
      const grown = new Float64Array(history + input.length);
      grown.set(this.work.subarray(0, history));
      this.work = grown;
    }
    const work = this.work;
    for (let i = 0; i < input.length; i++) work[history + i] = input[i]!;

    const count = this.outputsFor(input.length);
    const out = new Int16Array(count);
    // The oldest tap of output n sits at work[pos]: `history + position - (tapsPerPhase - 1)`.
    let pos = this.position;
    let phase = this.phase;
    // Two outputs per pass: two independent sums keep the CPU's floating-point units busy (a single
    // running sum waits on each addition), about 1.7× faster than one output at a time.
    let n = 0;
    for (; n + 1 < count; n += 2) {
      const a = byPhase[phase]!;
      const aStart = pos;
      phase += step;
      while (phase >= phases) {
        phase -= phases;
        pos++;
      }
      const b = byPhase[phase]!;
      const bStart = pos;
      phase += step;
      while (phase >= phases) {
        phase -= phases;
        pos++;
      }
      let accA = 0;
      let accB = 0;
      for (let k = 0; k < tapsPerPhase; k++) {
        accA += a[k]! * work[aStart + k]!;
        accB += b[k]! * work[bStart + k]!;
      }
      out[n] = clampToInt16(accA);
      out[n + 1] = clampToInt16(accB);
    }
    if (n < count) {
      const a = byPhase[phase]!;
      let acc = 0;
      for (let k = 0; k < tapsPerPhase; k++) acc += a[k]! * work[pos + k]!;
      out[n] = clampToInt16(acc);
      phase += step;
      while (phase >= phases) {
        phase -= phases;
        pos++;
      }
    }
    return this.finish(input.length, pos, phase, out);
  }

  /** How many outputs have their newest tap in the next `inputLength` input samples. */
  private outputsFor(inputLength: number): number {
    if (this.position >= inputLength) return 0;
    const { phases, step } = this.d;
    const lastT = inputLength * phases - 1;
    const firstT = this.position * phases + this.phase;
    return Math.floor((lastT - firstT) / step) + 1;
  }

  /**
   * The SIMD path: the history and the chunk go straight into the kernel's memory as float32 (an
   * int16 sample is exact there), and the newest `history` samples are kept from it for the next chunk.
   */
  private processWithKernel(kernel: FirKernel, input: Int16Array): Int16Array {
    const { phases, step, tapsPerPhase, byPhase } = this.d;
    const history = tapsPerPhase - 1;
    const count = this.outputsFor(input.length);
    const out = new Int16Array(count);
    const addresses = kernel.taps(byPhase);
    const run = kernel.scratch(history + input.length, count);
    run.work.set(this.history32);
    run.work.set(input, history);
    let pos = this.position;
    let phase = this.phase;
    for (let n = 0; n < count; n++) {
      run.jobs[2 * n] = addresses[phase]!;
      run.jobs[2 * n + 1] = run.workBytes + 4 * pos;
      phase += step;
      while (phase >= phases) {
        phase -= phases;
        pos++;
      }
    }
    kernel.run(run.jobs, lanesFor(tapsPerPhase), out);
    this.history32.set(run.work.subarray(input.length, input.length + history));
    this.position = pos - input.length;
    this.phase = phase;
    return out;
  }

  private finish(inputLength: number, pos: number, phase: number, out: Int16Array): Int16Array {
    this.position = pos - inputLength;
    this.phase = phase;
    // Keep the newest `history` samples (from the old history when the chunk is short).
    this.work.copyWithin(0, inputLength, inputLength + this.d.tapsPerPhase - 1);
    return out;
  }

  /** Forgets the stream so far (e.g. after a barge-in drops the rest of a reply). */
  reset(): void {
    this.work.fill(0, 0, this.d.tapsPerPhase - 1);
    this.history32.fill(0);
    this.position = 0;
    this.phase = 0;
  }
}
