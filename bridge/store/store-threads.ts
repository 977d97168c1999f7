// The two store threads over their lives: the writer started with a deadline (a slow or failing open
// never holds up the app), the reader once the writer has the file open, each restarted when it dies
// (the writer with backoff, its uncommitted events counted as lost), both closed on stop.
import type { Clock, TimerHandle } from '../base/clock';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import type { EventQueue } from './event-queue';
import type { FromWorker, StoreRole, WorkerInit } from './protocol';
import type { StoreHealth } from './store-health';
import { StoreThread, type StoreThreadHooks } from './store-thread';
import { resolveStoreWorker } from './worker-script';

const START_TIMEOUT_MS = 20_000;
const RESPAWN_MIN_MS = 1000;
const RESPAWN_MAX_MS = 30_000;

export interface StoreThreadsOptions {
  /** What every thread starts with, but its role. */
  readonly init: Omit<WorkerInit, 'role'>;
  /** A built worker script somewhere other than beside the bundle. */
  readonly workerScript?: string;
  readonly log: Log;
  readonly clock: Clock;
  readonly queue: Pick<EventQueue, 'post' | 'drain' | 'committedUpTo' | 'closedAt' | 'writerLost'>;
  readonly health: Pick<StoreHealth, 'fail' | 'recovered' | 'unavailable'>;
  /** The writer has the log open (at start and after each restart). */
  readonly onOpen: () => void;
  /** Every event numbered up to `seq` is committed. */
  readonly onCommitted: (seq: number) => void;
}

export class StoreThreads {
  private writer: StoreThread | null = null;
  private reader: StoreThread | null = null;
  private starting: Promise<void> | null = null;
  private stopRequested = false;
  private respawnDelayMs = RESPAWN_MIN_MS;
  private respawnTimer: TimerHandle | undefined;

  constructor(private readonly o: StoreThreadsOptions) {}

  get stopping(): boolean {
    return this.stopRequested;
  }

  /** The writer, when it takes messages (not down, not closing). */
  get openWriter(): StoreThread | null {
    return this.writer && !this.writer.isClosing ? this.writer : null;
  }

  /** Starts the writer (the reader follows). Never rejects for a bad disk: the health says what is wrong. */
  start(): Promise<void> {
    this.starting ??= this.spawnWriter();
    return this.starting;
  }

  /** A call answered by the thread of `role`, once started. */
  async call(role: StoreRole, name: string, args: unknown): Promise<unknown> {
    if (!this.starting) throw new SautiError('STORE_NOT_STARTED', 'The call log has not been started');
    await this.starting;
    const thread = role === 'writer' ? this.writer : this.reader;
    if (!thread) throw this.o.health.unavailable();
    return await thread.call(name, args);
  }

  /** Posts what is queued (as far as the disk allows), then closes both threads. */
  async stop(): Promise<void> {
    if (this.stopRequested) return;
    const { queue, clock, log } = this.o;
    queue.post();
    this.stopRequested = true;
    clock.clearTimeout(this.respawnTimer);
    await this.starting?.catch(() => undefined);
    const [writerClosed] = await Promise.all([this.writer?.close(), this.reader?.close()]);
    if (writerClosed) queue.closedAt(writerClosed.committedSeq);
    if (writerClosed && writerClosed.unwritten > 0) {
      log.error({ unwritten: writerClosed.unwritten }, 'call log stopped with events it could not write');
    }
    this.writer = null;
    this.reader = null;
  }

  private spawn(role: StoreRole, hooks: StoreThreadHooks): StoreThread {
    const script = resolveStoreWorker(undefined, this.o.workerScript);
    return new StoreThread(role, script, { ...this.o.init, role }, this.o.log, hooks);
  }

  private spawnWriter(): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        this.o.clock.clearTimeout(timeout);
        resolve();
      };
      const timeout = this.o.clock.setTimeout(() => {
        this.o.health.fail({
          code: 'STORE_SLOW_START',
          message: 'The call log took too long to open',
          retryable: true,
        });
        settle();
      }, START_TIMEOUT_MS);
      try {
        this.writer = this.spawn('writer', {
          onMessage: (m) => this.onWriterMessage(m, settle),
          onExit: (code) => {
            this.onWriterExit(code);
            settle();
          },
        });
      } catch (err) {
        const e =
          err instanceof SautiError
            ? err.toData()
            : { code: 'STORE_FAILED', message: String(err), retryable: false };
        this.o.health.fail(e);
        settle();
        return;
      }
      // What waited while there was no writer goes over a message a turn, never in one long clone.
      this.o.queue.drain();
    });
  }

  private onWriterMessage(m: FromWorker, settle: () => void): void {
    switch (m.type) {
      case 'ready':
        this.respawnDelayMs = RESPAWN_MIN_MS;
        this.o.log.info({ file: this.o.init.file, schemaVersion: m.schemaVersion }, 'call log open');
        if (!this.reader && !this.stopRequested) this.spawnReader();
        this.o.onOpen();
        settle();
        return;
      case 'committed':
        this.o.queue.committedUpTo(m.seq);
        this.o.onCommitted(m.seq);
        return;
      case 'status':
        if (m.ok) this.o.health.recovered();
        else if (m.error) this.o.health.fail(m.error);
        // An open that fails at start still lets the app start: calls are answered, the log retries.
        if (!m.ok) settle();
        return;
      default:
        return;
    }
  }

  /** A writer that died took its queued events with it: count them, then start a fresh one. */
  private onWriterExit(code: number): void {
    this.writer = null;
    this.o.queue.writerLost();
    this.o.health.fail({
      code: 'STORE_THREAD_DIED',
      message: `The call log writer stopped (exit ${code})`,
      retryable: true,
    });
    if (this.stopRequested) return;
    const delayMs = this.respawnDelayMs;
    this.respawnDelayMs = Math.min(RESPAWN_MAX_MS, this.respawnDelayMs * 2);
    this.respawnTimer = this.o.clock.setTimeout(() => {
      if (this.stopRequested) return;
      this.starting = this.spawnWriter();
    }, delayMs);
  }

  private spawnReader(): void {
    try {
      this.reader = this.spawn('reader', {
        onMessage: () => undefined,
        onExit: (code) => {
          this.reader = null;
          this.o.log.error({ code }, 'call log reader stopped: restarting');
          if (!this.stopRequested) {
            this.respawnTimer = this.o.clock.setTimeout(() => this.spawnReader(), RESPAWN_MIN_MS);
          }
        },
      });
    } catch (err) {
      this.o.log.error({ err: String(err) }, 'call log reader could not start');
    }
  }
}
