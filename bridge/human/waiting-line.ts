// Callers waiting for a person, oldest first. Each waits on their own stream (hold music and their
// place in line, played by the bridge), so two waiting callers never hear each other.
import type { CarrierCallSid } from '../domain/ids';
import { Emitter } from '../base/emitter';

export interface QueueView {
  readonly waiting: number;
  readonly longestWaitMs: number;
}

interface Waiting {
  readonly callSid: CarrierCallSid;
  readonly joinedAtMs: number;
}

export interface WaitingLineEvents extends Record<string, unknown> {
  changed: void;
}

export class WaitingLine {
  readonly events = new Emitter<WaitingLineEvents>();
  private readonly waiting: Waiting[] = [];

  /** Adds a caller at the back (or keeps their place if already waiting); returns the 1-based position. */
  join(callSid: CarrierCallSid, atMs: number): number {
    const at = this.waiting.findIndex((w) => w.callSid === callSid);
    if (at >= 0) return at + 1;
    this.waiting.push({ callSid, joinedAtMs: atMs });
    this.events.emit('changed', undefined);
    return this.waiting.length;
  }

  /** Removes a caller; returns how long they waited, or undefined when they were not waiting. */
  leave(callSid: CarrierCallSid, atMs: number): number | undefined {
    const at = this.waiting.findIndex((w) => w.callSid === callSid);
    if (at < 0) return undefined;
    const [w] = this.waiting.splice(at, 1);
    this.events.emit('changed', undefined);
    return Math.max(0, atMs - (w?.joinedAtMs ?? atMs));
  }

  /** The caller's 1-based place in line, or undefined when not waiting. */
  positionOf(callSid: CarrierCallSid): number | undefined {
    const at = this.waiting.findIndex((w) => w.callSid === callSid);
    return at >= 0 ? at + 1 : undefined;
  }

  has(callSid: CarrierCallSid): boolean {
    return this.waiting.some((w) => w.callSid === callSid);
  }

  /** Waiting callers, oldest first. */
  callSids(): CarrierCallSid[] {
    return this.waiting.map((w) => w.callSid);
  }

  view(nowMs: number): QueueView {
    const oldest = this.waiting[0];
    return {
      waiting: this.waiting.length,
      longestWaitMs: oldest ? Math.max(0, nowMs - oldest.joinedAtMs) : 0,
    };
  }
}
