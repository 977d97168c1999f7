// Whether the call log works, as the app shows it: the last failure (its code, and whether it is being
// retried), what waits and what was lost; announced when health changes and on the first drop of an
// outage, never on every event.
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import type { EventQueue } from './event-queue';
import type { WireError } from './protocol';

export interface StoreStatus {
  readonly ok: boolean;
  readonly code?: string;
  readonly error?: string;
  /** Events posted and not yet committed. */
  readonly queuedEvents: number;
  /** Events not logged because the queue was full or a store thread died. */
  readonly droppedEvents: number;
  readonly committedSeq: number;
}

export interface StoreHealthOptions {
  readonly queue: Pick<EventQueue, 'queued' | 'dropped' | 'committedSeq' | 'resetDropped'>;
  readonly log: Log;
  readonly announce: (status: StoreStatus) => void;
}

export class StoreHealth {
  private failure: WireError | null = null;
  private lastAnnounced = '';

  constructor(private readonly o: StoreHealthOptions) {}

  status(): StoreStatus {
    const { queue } = this.o;
    return {
      ok: this.failure === null,
      code: this.failure?.code,
      error: this.failure ? this.describe(this.failure) : undefined,
      queuedEvents: queue.queued,
      droppedEvents: queue.dropped,
      committedSeq: queue.committedSeq,
    };
  }

  fail(error: WireError): void {
    this.failure = error;
    this.o.log.error(
      { code: error.code, error: error.message, retryable: error.retryable },
      'call log error',
    );
    this.announce();
  }

  /** The writer can write again: the outage is over. */
  recovered(): void {
    this.failure = null;
    this.o.log.info({ dropped: this.o.queue.dropped }, 'call log writing again');
    this.o.queue.resetDropped();
    this.announce();
  }

  /** The error for a request the log cannot serve now (no thread to answer it). */
  unavailable(): SautiError {
    const f = this.failure;
    return new SautiError('STORE_UNAVAILABLE', f ? this.describe(f) : 'The call log is not available', {
      retryable: true,
    });
  }

  /** Announces the status if it changed in a way worth showing. */
  announce(): void {
    const s = this.status();
    // Re-announce on health changes and on the first drop of an outage, not on every event.
    const key = `${s.ok}|${s.code ?? ''}|${this.failure?.message ?? ''}|${s.droppedEvents > 0}`;
    if (key === this.lastAnnounced) return;
    this.lastAnnounced = key;
    this.o.announce(s);
  }

  private describe(f: WireError): string {
    const parts = [f.message];
    if (f.retryable) parts.push(`retrying; ${this.o.queue.queued} events waiting`);
    if (this.o.queue.dropped > 0) parts.push(`${this.o.queue.dropped} events dropped`);
    return parts.join(' — ');
  }
}
