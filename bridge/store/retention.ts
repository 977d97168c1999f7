// The call log kept to its retention period: ended calls older than `retentionDays` are deleted at
// start and every 6 hours, a chunk of calls per writer request so no one request holds the writer long.
import type { Clock, TimerHandle } from '../base/clock';
import type { Log } from '../base/log';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;
const PRUNE_CHUNK_CALLS = 500;

export interface RetentionOptions {
  /** 0 (or none) keeps everything. */
  readonly retentionDays?: number;
  readonly clock: Clock;
  readonly log: Log;
  /** Deletes up to `maxCalls` ended calls started before `startedBefore` (epoch ms). */
  readonly pruneChunk: (args: { startedBefore: number; maxCalls: number }) => Promise<{
    deletedCalls: number;
    more: boolean;
  }>;
}

export class Retention {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly o: RetentionOptions) {}

  /** Deletes ended calls older than the retention period; returns how many. */
  async prune(nowMs: number = this.o.clock.epochMs()): Promise<number> {
    const days = this.o.retentionDays ?? 0;
    if (days <= 0) return 0;
    const startedBefore = nowMs - days * DAY_MS;
    let total = 0;
    for (;;) {
      const r = await this.o.pruneChunk({ startedBefore, maxCalls: PRUNE_CHUNK_CALLS });
      total += r.deletedCalls;
      if (!r.more) break;
    }
    if (total > 0) this.o.log.info({ deletedCalls: total, retentionDays: days }, 'old calls pruned');
    return total;
  }

  /** Prunes after `delayMs`, then every 6 hours, until stopped. */
  schedule(delayMs: number): void {
    if ((this.o.retentionDays ?? 0) <= 0 || this.stopped) return;
    this.o.clock.clearTimeout(this.timer);
    this.timer = this.o.clock.setTimeout(() => {
      this.prune().then(
        () => this.schedule(PRUNE_EVERY_MS),
        (err: unknown) => {
          this.o.log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'pruning old calls failed',
          );
          this.schedule(PRUNE_EVERY_MS);
        },
      );
    }, delayMs);
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
  }
}
