// Listen-in: taps a call's 20 ms frames and sends them, batched to 100 ms, only to the consoles that
// asked. Nothing is copied for calls nobody listens to; a batch is encoded once, as one binary listen
// frame (listen-frame.ts), shared by every console listening.
import type { CallId } from '../domain/ids';
import type { ListenDirection } from '../api/contract';
import { encodeListenFrame } from '../api/listen-frame';

const FRAMES_PER_BATCH = 5;
const FRAME_SAMPLES = 320;

/** Hears each batch as a binary listen frame, fresh per batch; a sink does not change it. */
export type ListenSink = (frame: Uint8Array) => void;
type Sink = ListenSink;

interface Batch {
  readonly samples: Int16Array;
  frames: number;
}

export class ListenIn {
  private readonly listeners = new Map<CallId, Set<Sink>>();
  private readonly batches = new Map<string, Batch>();

  start(callId: CallId, sink: Sink): void {
    let set = this.listeners.get(callId);
    if (!set) {
      set = new Set();
      this.listeners.set(callId, set);
    }
    set.add(sink);
  }

  stop(callId: CallId, sink: Sink): void {
    const set = this.listeners.get(callId);
    if (!set) return;
    set.delete(sink);
    if (set.size === 0) this.forget(callId);
  }

  /** Stops every listen of one console (it closed). */
  stopAll(sink: Sink): void {
    for (const callId of [...this.listeners.keys()]) this.stop(callId, sink);
  }

  forget(callId: CallId): void {
    this.listeners.delete(callId);
    this.batches.delete(`${callId}:inbound`);
    this.batches.delete(`${callId}:outbound`);
  }

  isListened(callId: CallId): boolean {
    return (this.listeners.get(callId)?.size ?? 0) > 0;
  }

  frame(callId: CallId, direction: ListenDirection, frame: Int16Array): void {
    const sinks = this.listeners.get(callId);
    if (!sinks || sinks.size === 0) return;
    const key = `${callId}:${direction}`;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { samples: new Int16Array(FRAME_SAMPLES * FRAMES_PER_BATCH), frames: 0 };
      this.batches.set(key, batch);
    }
    batch.samples.set(frame.subarray(0, FRAME_SAMPLES), batch.frames * FRAME_SAMPLES);
    batch.frames++;
    if (batch.frames < FRAMES_PER_BATCH) return;
    batch.frames = 0;
    const encoded = encodeListenFrame(callId, direction, batch.samples);
    for (const sink of sinks) sink(encoded);
  }
}
