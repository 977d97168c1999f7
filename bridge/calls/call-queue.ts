// Callers waiting for a person, oldest first. Each waits in a conference room of its own (the docs'
// call-center guide: one room per call, so two waiting callers never hear each other).
import { Emitter } from '../emitter';

export interface QueueView {
  readonly waiting: number;
  readonly longestWaitMs: number;
}

interface Waiting {
  readonly callSid: string;
  readonly joinedAtMs: number;
}

export interface CallQueueEvents extends Record<string, unknown> {
  changed: void;
}

export class CallQueue {
  readonly events = new Emitter<CallQueueEvents>();
  private readonly waiting: Waiting[] = [];

  /** Adds a caller at the back (or keeps their place if already waiting); returns the 1-based position. */
  join(callSid: string, atMs: number): number {
    const at = this.waiting.findIndex((w) => w.callSid === callSid);
    if (at >= 0) return at + 1;
    this.waiting.push({ callSid, joinedAtMs: atMs });
    this.events.emit('changed', undefined);
    return this.waiting.length;
  }

  /** Removes a caller; returns how long they waited, or undefined when they were not waiting. */
  leave(callSid: string, atMs: number): number | undefined {
    const at = this.waiting.findIndex((w) => w.callSid === callSid);
    if (at < 0) return undefined;
    const [w] = this.waiting.splice(at, 1);
    this.events.emit('changed', undefined);
    return Math.max(0, atMs - (w?.joinedAtMs ?? atMs));
  }

  has(callSid: string): boolean {
    return this.waiting.some((w) => w.callSid === callSid);
  }

  /** Waiting callers, oldest first. */
  callSids(): string[] {
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

/** The conference room a waiting caller sits in (Sautikit room names are workspace-scoped strings). */
export function queueRoomName(callSid: string): string {
  return `sauti-queue-${callSid.replace(/[^\w-]/g, '').slice(-48)}`;
}
