// Microphone audio (usually 48 kHz floats) to the carrier's 16 kHz int16, streaming block by block.
// Each output sample is the mean of the input span it covers: a box low-pass that keeps speech and
// stops the worst aliasing, cheap enough for the audio thread. Leftover input carries to the next block.
import { floatToInt16Sample } from './pcm';

export class Downsampler {
  private readonly ratio: number;
  /** Input position (in samples, fractional) where the next output sample's span starts. */
  private position = 0;
  private carry: Float32Array = new Float32Array(0);

  constructor(
    readonly inputRateHz: number,
    readonly outputRateHz = 16_000,
  ) {
    if (inputRateHz < outputRateHz) throw new RangeError('Downsampler only lowers the sample rate');
    this.ratio = inputRateHz / outputRateHz;
  }

  process(block: Float32Array): Int16Array {
    const input = this.carry.length > 0 ? concat(this.carry, block) : block;
    const count = Math.max(0, Math.floor((input.length - this.position) / this.ratio));
    const out = new Int16Array(count);
    let pos = this.position;
    for (let k = 0; k < count; k++) {
      const start = Math.floor(pos);
      const end = Math.max(start + 1, Math.floor(pos + this.ratio));
      let sum = 0;
      for (let i = start; i < end; i++) sum += input[i]!;
      out[k] = floatToInt16Sample(sum / (end - start));
      pos += this.ratio;
    }
    const consumed = Math.floor(pos);
    this.carry = input.slice(consumed);
    this.position = pos - consumed;
    return out;
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
