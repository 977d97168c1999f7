// The carrier-in stage of a media stream: the first text frame is metadata about the call, later text
// frames are carrier events (logged), binary frames are PCM cut into 20 ms frames; audio far above real
// time is a flood and ends the stream. The signed token in the Stream URL names the call: an id in the
// metadata that differs is another name of the same call (sautikit.md, The media socket), never a reason
// to close.
import type { Clock } from '../base/clock';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import { parseCarrierEvent, parseMetadata } from './carrier-protocol';
import { Framer } from './framer';

export interface CarrierInputOptions {
  readonly callSid: string;
  readonly clock: Clock;
  readonly log: Log;
  readonly frameSamples: number;
  /** Inbound bytes per second above which the stream is a flood (e.g. 4× real time). */
  readonly floodBytesPerS: number;
  /** A whole frame of caller audio (the array is reused: copy to keep). */
  readonly onFrame: (frame: Int16Array) => void;
  /** The metadata names the call by another id (the PBX session id, or the call UUID): keep it. */
  readonly onAlias: (id: string) => void;
  /** A problem worth publishing on the call (bad metadata, flood). */
  readonly onProblem: (error: SautiError) => void;
  /** Ends the stream (policy violation). */
  readonly close: (code: number, reason: string) => void;
}

export class CarrierInput {
  private readonly framer: Framer;
  private metadataSeen = false;
  private floodWindowStartMs = -Infinity;
  private floodBytes = 0;

  constructor(private readonly o: CarrierInputOptions) {
    this.framer = new Framer(o.frameSamples, o.onFrame);
  }

  push(data: Buffer, isBinary: boolean): void {
    if (!isBinary) {
      this.onText(data);
      return;
    }
    if (!this.metadataSeen) {
      this.o.log.warn('audio before metadata: treating the stream as started');
      this.metadataSeen = true;
    }
    if (this.isFlood(data.length)) {
      this.o.log.error({ code: 'MEDIA_FLOOD' }, 'inbound audio far above real time: closing stream');
      this.o.onProblem(new SautiError('MEDIA_FLOOD', 'Inbound audio flood'));
      this.o.close(1008, 'audio flood');
      return;
    }
    this.framer.push(data);
  }

  /** Emits a last partial frame padded with silence (the stream is ending). */
  flush(): void {
    this.framer.flush();
  }

  private onText(data: Buffer): void {
    const text = data.toString('utf8');
    if (!this.metadataSeen) {
      this.onMetadata(text);
      return;
    }
    const event = parseCarrierEvent(text);
    if (event) this.o.log.debug({ type: event.type }, 'carrier event');
    else this.o.log.warn({ bytes: data.length }, 'unrecognised text frame from carrier ignored');
  }

  private onMetadata(text: string): void {
    try {
      const meta = parseMetadata(text);
      this.metadataSeen = true;
      const others = meta.callIds.filter((id) => id !== this.o.callSid);
      if (others.length === 0) return;
      this.o.log.info(
        { code: 'MEDIA_CALL_ALIAS', aliases: others },
        'the stream metadata names the call by another id: kept as an alias',
      );
      for (const id of others) this.o.onAlias(id);
    } catch (err) {
      const e = err instanceof SautiError ? err : new SautiError('MEDIA_BAD_METADATA', String(err));
      this.o.log.warn({ code: e.code, err: e.message }, 'bad metadata frame ignored');
      this.o.onProblem(e);
    }
  }

  private isFlood(bytes: number): boolean {
    const now = this.o.clock.nowMs();
    if (now - this.floodWindowStartMs >= 1000) {
      this.floodWindowStartMs = now;
      this.floodBytes = 0;
    }
    this.floodBytes += bytes;
    return this.floodBytes > this.o.floodBytesPerS;
  }
}
