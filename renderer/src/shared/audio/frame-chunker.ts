// Cuts a stream of samples into whole 20 ms frames (320 samples at 16 kHz), the size the carrier
// sends; the remainder waits for the next block.

export class FrameChunker {
  private readonly frame: Int16Array;
  private filled = 0;

  constructor(
    readonly frameSamples: number,
    private readonly emit: (frame: Int16Array) => void,
  ) {
    this.frame = new Int16Array(frameSamples);
  }

  push(samples: Int16Array): void {
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.frameSamples - this.filled, samples.length - offset);
      this.frame.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameSamples) {
        this.emit(this.frame.slice());
        this.filled = 0;
      }
    }
  }
}
