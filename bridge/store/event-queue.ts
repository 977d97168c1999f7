// The call log's queue on the main thread: events wait here for the writer, are numbered as they are
// posted to it, and count as queued until the writer reports them committed. What is queued is bounded
// (the least useful events go first when it nearly fills), so a failing disk never grows memory.
import type { CallEvent, CallEventKind } from '../calls/events';
import type { Log } from '../log';
import type { ToWorker } from './protocol';

/** Events worth least when the queue is nearly full: these are dropped first. */
const LOW_VALUE_KINDS: ReadonlySet<CallEventKind> = new Set(['stream.status', 'call.phase', 'usage']);

export interface EventQueueOptions {
  /** Events posted but not yet committed, at most. */
  readonly maxQueued: number;
  readonly log: Log;
  /** The writer thread when it takes messages; null while it is down or closing (events wait). */
  readonly writer: () => { post(message: ToWorker): void } | null;
}

export class EventQueue {
  private buffer: CallEvent[] = [];
  private postScheduled = false;
  private postedSeq = 0;
  private committed = 0;
  private droppedEvents = 0;

  constructor(private readonly o: EventQueueOptions) {}

  /** Events recorded and not yet committed. */
  get queued(): number {
    return this.postedSeq + this.buffer.length - this.committed;
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
    if (!this.postScheduled) {
      this.postScheduled = true;
      setImmediate(() => this.post());
    }
    return true;
  }

  /** Posts what waits to the writer now, numbered, if the writer takes messages. */
  post(): void {
    this.postScheduled = false;
    const writer = this.o.writer();
    if (this.buffer.length === 0 || !writer) return;
    const events = this.buffer;
    this.buffer = [];
    const firstSeq = this.postedSeq + 1;
    this.postedSeq += events.length;
    writer.post({ type: 'events', firstSeq, events });
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
