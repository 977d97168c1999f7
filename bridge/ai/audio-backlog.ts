// Caller audio kept while a model session is not open (setting up, or resuming): bounded, oldest
// audio dropped first, delivered in order once the session opens.

export class AudioBacklog {
  private chunks: Int16Array[] = [];
  private samples = 0;
  private readonly maxSamples: number;

  constructor(maxMs: number, rateHz: number) {
    this.maxSamples = Math.round((maxMs * rateHz) / 1000);
  }

  push(pcm: Int16Array): void {
    this.chunks.push(pcm);
    this.samples += pcm.length;
    while (this.samples > this.maxSamples && this.chunks.length > 1)
      this.samples -= this.chunks.shift()!.length;
  }

  /** Everything kept, oldest first; the backlog is empty afterwards. */
  drain(): Int16Array[] {
    const out = this.chunks;
    this.chunks = [];
    this.samples = 0;
    return out;
  }
}
