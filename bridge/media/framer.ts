// Carrier bytes → whole 16-bit samples → fixed-size frames. An odd trailing byte belongs to the next
// message (mod_audio_fork may split a sample across WebSocket frames); it is carried, never dropped.
import { int16FromBuffer } from './pcm';

export class Framer {
  private readonly frame: Int16Array;
  private filled = 0;
  private carry = -1;

  constructor(
    readonly frameSamples: number,
    private readonly onFrame: (frame: Int16Array) => void,
  ) {
    this.frame = new Int16Array(frameSamples);
  }

  /** Feeds raw little-endian PCM bytes; emits each completed frame (the array is reused: copy to keep). */
  push(bytes: Uint8Array): void {
    let i = 0;
    if (this.carry >= 0 && bytes.length > 0) {
      this.put((((bytes[0]! << 8) | this.carry) << 16) >> 16);
      this.carry = -1;
      i = 1;
    }
    const end = bytes.length - ((bytes.length - i) % 2);
    if (end > i) {
      // Whole samples are copied in runs (a view of the bytes when aligned), not one at a time: this
      // runs for every 20 ms of every caller.
      const samples = int16FromBuffer(bytes.subarray(i, end));
      for (let k = 0; k < samples.length;) {
        const n = Math.min(this.frameSamples - this.filled, samples.length - k);
        this.frame.set(samples.subarray(k, k + n), this.filled);
        this.filled += n;
        k += n;
        if (this.filled === this.frameSamples) {
          this.filled = 0;
          this.onFrame(this.frame);
        }
      }
    }
    if (end < bytes.length) this.carry = bytes[end]!;
  }

  /** Emits a partial frame padded with silence, e.g. when the stream ends. */
  flush(): void {
    if (this.filled === 0) return;
    this.frame.fill(0, this.filled);
    this.filled = 0;
    this.onFrame(this.frame);
  }

  hasCarry(): boolean {
    return this.carry >= 0;
  }

  private put(sample: number): void {
    this.frame[this.filled++] = sample;
    if (this.filled === this.frameSamples) {
      this.filled = 0;
      this.onFrame(this.frame);
    }
  }
}
