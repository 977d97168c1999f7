// Runs on the audio thread: takes the microphone's blocks at the device rate, downsamples to 16 kHz
// int16 and posts whole 20 ms frames to the window (buffers transferred, not copied).
import { Downsampler } from './downsampler';
import { FrameChunker } from './frame-chunker';

// AudioWorkletGlobalScope is not in lib.dom; these are the few globals this file uses.
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const CARRIER_RATE_HZ = 16_000;
const FRAME_SAMPLES = 320;

class MicProcessor extends AudioWorkletProcessor {
  private readonly downsampler = new Downsampler(sampleRate, CARRIER_RATE_HZ);
  private readonly chunker = new FrameChunker(FRAME_SAMPLES, (frame) =>
    this.port.postMessage(frame, [frame.buffer]),
  );

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel && channel.length > 0) this.chunker.push(this.downsampler.process(channel));
    return true;
  }
}

registerProcessor('sauti-mic', MicProcessor);
