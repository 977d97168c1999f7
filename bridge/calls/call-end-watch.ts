// Reconciles calls with people against Sautikit's call records (GET /v1/calls/{id}). The docs mark
// call.completed / call.failed as "will start emitting once gateway-go upstream signals land", and a
// delivery can be lost: without this, a call whose end we never heard of would keep its agent
// "on a call" forever. While a call is with an agent or waiting in the queue we read its record now
// and then; an ended record is handled exactly like the lifecycle event.
import type { TimerHandle } from '../clock';
import type { HuntBook, OverflowContext } from './hunt';

export const CDR_POLL_MS = 15_000;
const TERMINAL = new Set(['completed', 'failed', 'no_answer', 'busy', 'canceled', 'cancelled']);

export class CallEndWatch {
  private timer: TimerHandle | undefined;
  private busy = false;
  private stopped = true;

  constructor(
    private readonly ctx: OverflowContext,
    private readonly book: HuntBook,
    /** Handles an ended record as the carrier event it stands for. */
    private readonly ended: (kind: 'call.completed' | 'call.failed', data: Record<string, unknown>) => void,
    private readonly intervalMs = CDR_POLL_MS,
  ) {}

  start(): void {
    if (!this.ctx.client || !this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One round of reads (exposed for tests). */
  async tick(): Promise<void> {
    const client = this.ctx.client;
    if (!client || this.busy) return;
    this.busy = true;
    try {
      for (const hunt of this.book.all()) {
        if (hunt.endedAtMs) continue;
        const conn = hunt.connection;
        if (conn && !conn.released) {
          for (const legId of conn.legCallIds)
            await this.check(legId, { to: conn.number, direction: 'outbound' });
        }
        if (conn || hunt.queuedAtMs !== undefined) await this.check(hunt.callSid, {});
      }
    } finally {
      this.busy = false;
    }
  }

  private async check(callId: string, extra: Record<string, unknown>): Promise<void> {
    try {
      const record = await this.ctx.client!.getCall(callId);
      if (!record.endedAt && !TERMINAL.has(record.status)) return;
      this.ctx.log.info({ callId, status: record.status }, 'call record shows the call ended');
      this.ended(record.status === 'completed' ? 'call.completed' : 'call.failed', {
        ...extra,
        call_id: callId,
        status: record.status,
        duration_seconds: record.durationS,
        failure_reason: record.failureCode,
      });
    } catch (err) {
      this.ctx.log.debug({ callId, err: String(err) }, 'call record not readable now');
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.ctx.clock.setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, this.intervalMs);
  }
}
