// The call log's queue on the main thread: events wait here for the writer, are numbered as they are
// posted to it, and count as queued until the writer reports them committed. What is queued is bounded
// (the least useful events go first when it nearly fills), so a failing disk never grows memory.
// Posting is the store's main cost on the main thread (a structured clone, about 0.5 µs an event):
// one message carries at most MAX_EVENTS_PER_POST events and a backlog (events held while the writer
// was down) goes over as many turns, so the audio path never waits behind one huge clone.
import type { CallEvent, CallEventKind } from '../domain/call-events';
import type { Log } from '../base/log';
import type { ToWorker } from './protocol';

/** Events worth least when the queue is nearly full: these are dropped first. */
const LOW_VALUE_KINDS: ReadonlySet<CallEventKind> = new Set(['stream.status', 'call.phase', 'usage']);

/** Events in one message to the writer (about 0.25 ms of the main thread's time to clone). */
export const MAX_EVENTS_PER_POST = 500;

export interface EventQueueOptions {
  /** Events posted but not yet committed, at most. */
  readonly maxQueued: number;
  readonly log: Log;
  /** The writer thread when it takes messages; null while it is down or closing (events wait). */
  readonly writer: () => { post(message: ToWorker): void } | null;
  /** Events in one message (default MAX_EVENTS_PER_POST). */
  readonly maxEventsPerPost?: number;
}

export class EventQueue {
  /** Events waiting to be posted are buffer[head..]: a backlog is posted in chunks without re-copying it. */
  private buffer: CallEvent[] = [];
  private head = 0;
  private postScheduled = false;
  private postedSeq = 0;
  private committed = 0;
  private droppedEvents = 0;
  private readonly maxPerPost: number;

  constructor(private readonly o: EventQueueOptions) {
    this.maxPerPost = Math.max(1, o.maxEventsPerPost ?? MAX_EVENTS_PER_POST);
  }

  /** Events recorded and not yet committed. */
  get queued(): number {
    return this.postedSeq + this.waiting - this.committed;
  }

  /** Events recorded and not yet posted to the writer. */
  get waiting(): number {
    return this.buffer.length - this.head;
  }

  /** Events not logged because the queue was full or a writer died with them. */
  get dropped(): number {
    return this.droppedEvents;
  }

  /** Every event numbered up to this is on disk. */
  get committedSeq(): number {
    return this.committed;
  }

  /** Queues an event for the writer (posted on the next turn); false when the queue is full and it was dropped. */
  add(event: CallEvent): boolean {
    const queued = this.queued;
    const max = this.o.maxQueued;
    if (queued >= max || (queued >= max * 0.8 && LOW_VALUE_KINDS.has(event.kind))) {
      this.droppedEvents++;
      if (this.droppedEvents === 1 || this.droppedEvents % 1000 === 0) {
        this.o.log.error({ dropped: this.droppedEvents, queued }, 'call log queue full: events dropped');
      }
      return false;
    }
    this.buffer.push(event);
    this.drain();
    return true;
  }

  /** Posts what waits on the next turns, one message a turn, if the writer takes messages. */
  drain(): void {
    if (this.postScheduled) return;
    this.postScheduled = true;
    setImmediate(() => {
      this.postScheduled = false;
      if (this.postOne() && this.waiting > 0) this.drain();
    });
  }

  /** Posts everything that waits now (before a flush, a deletion or a stop, which must come after it). */
  post(): void {
    while (this.postOne());
  }

  /** Posts the next message of events, numbered; false when nothing waits or the writer is away. */
  private postOne(): boolean {
    const writer = this.o.writer();
    if (this.waiting === 0 || !writer) return false;
    let events: CallEvent[];
    if (this.head === 0 && this.buffer.length <= this.maxPerPost) {
      events = this.buffer;
      this.buffer = [];
    } else {
      events = this.buffer.slice(this.head, this.head + this.maxPerPost);
      this.head += events.length;
      if (this.head === this.buffer.length) {
        this.buffer = [];
        this.head = 0;
      }
    }
    const firstSeq = this.postedSeq + 1;
    this.postedSeq += events.length;
    writer.post({ type: 'events', firstSeq, events });
    return true;
  }

  /** The writer committed every event up to `seq`. */
  committedUpTo(seq: number): void {
    this.committed = seq;
  }

  /** The writer closed having committed up to `seq` (it may have committed more than it reported). */
  closedAt(seq: number): void {
    if (seq > this.committed) this.committed = seq;
  }

  /** A writer that died took what it had not committed with it: those events count as dropped. */
  writerLost(): void {
    this.droppedEvents += this.postedSeq - this.committed;
    this.committed = this.postedSeq;
  }

  /** The log writes again: the drop count starts over for the next outage. */
  resetDropped(): void {
    this.droppedEvents = 0;
  }
}
