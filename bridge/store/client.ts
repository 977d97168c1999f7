// The store as the core sees it: a typed async face over the two store threads. The core only
// posts messages: record() never blocks and never throws, so the audio path never waits on the disk.
// Events are numbered; the writer reports the last committed number; what is in flight is bounded.
import type { CallDetail, DailySummary, HistoryFilters, HistoryPage, SearchHit } from '../api/contract';
import type { CallEvent, CallEventKind } from '../calls/events';
import type { Clock, TimerHandle } from '../clock';
import { Emitter } from '../emitter';
import { SautiError } from '../errors';
import type { Log } from '../log';
import { dbFilePath, type OpenFaults } from './db';
import type { ExportFile, ExportRequest } from './queries/export-calls';
import type { FromWorker, StoreReads, StoreRole, StoreWrites, WireError, WorkerInit } from './protocol';
import { StoreThread, type StoreThreadHooks } from './store-thread';
import { resolveStoreWorker, type StoreWorkerScript } from './worker-script';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;
const PRUNE_CHUNK_CALLS = 500;
const START_TIMEOUT_MS = 20_000;
const RESPAWN_MIN_MS = 1000;
const RESPAWN_MAX_MS = 30_000;

/** Events worth least when the queue is nearly full: these are dropped first. */
const LOW_VALUE_KINDS: ReadonlySet<CallEventKind> = new Set(['stream.status', 'call.phase', 'usage']);

export interface StoreOptions {
  readonly dataDir: string;
  readonly log: Log;
  readonly clock: Clock;
  /** Calls older than this are pruned at start and every 6 hours; 0 keeps everything. */
  readonly retentionDays?: number;
  /** The database file (default DATA_DIR/sauti.db). */
  readonly file?: string;
  readonly batchMs?: number;
  readonly maxBatchEvents?: number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** Events posted but not yet committed, at most (memory stays bounded while the disk is failing). */
  readonly maxQueuedEvents?: number;
  /** A built worker script somewhere other than beside the bundle. */
  readonly workerScript?: string;
  /** Allows setFaults() (tests of the bad cases). */
  readonly testFaults?: boolean;
}

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

export interface StoreClientEvents extends Record<string, unknown> {
  status: StoreStatus;
  /** Every event numbered up to this is committed to disk. */
  committed: number;
}

type Args<M, N extends keyof M> = M[N] extends (args: infer A) => unknown ? A : never;
type Result<M, N extends keyof M> = M[N] extends (...args: never[]) => infer R ? R : never;

export class StoreClient {
  readonly events = new Emitter<StoreClientEvents>();
  readonly file: string;
  private readonly maxQueued: number;
  private readonly script: () => StoreWorkerScript;
  private writer: StoreThread | null = null;
  private reader: StoreThread | null = null;
  private buffer: CallEvent[] = [];
  private postScheduled = false;
  private postedSeq = 0;
  private committedSeq = 0;
  private dropped = 0;
  private failure: WireError | null = null;
  private starting: Promise<void> | null = null;
  private stopping = false;
  private ready = false;
  private respawnDelayMs = RESPAWN_MIN_MS;
  private respawnTimer: TimerHandle | undefined;
  private pruneTimer: TimerHandle | undefined;
  private lastStatus = '';

  constructor(private readonly options: StoreOptions) {
    this.file = options.file ?? dbFilePath(options.dataDir);
    this.maxQueued = options.maxQueuedEvents ?? 100_000;
    this.script = () => resolveStoreWorker(undefined, options.workerScript);
  }

  /** Starts the threads and opens the log. Never rejects for a bad disk: status() says what is wrong. */
  start(): Promise<void> {
    this.starting ??= this.spawnWriter();
    return this.starting;
  }

  status(): StoreStatus {
    return {
      ok: this.failure === null,
      code: this.failure?.code,
      error: this.failure ? this.describeFailure(this.failure) : undefined,
      queuedEvents: this.postedSeq + this.buffer.length - this.committedSeq,
      droppedEvents: this.dropped,
      committedSeq: this.committedSeq,
    };
  }

  /** Queues a call event for the log. Never blocks, never throws; partial transcript lines are not kept. */
  record(event: CallEvent): void {
    if (this.stopping) return;
    if (event.kind === 'transcript' && !event.final) return;
    const queued = this.postedSeq + this.buffer.length - this.committedSeq;
    if (queued >= this.maxQueued || (queued >= this.maxQueued * 0.8 && LOW_VALUE_KINDS.has(event.kind))) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.options.log.error({ dropped: this.dropped, queued }, 'call log queue full: events dropped');
      }
      this.publishStatus();
      return;
    }
    this.buffer.push(event);
    if (!this.postScheduled) {
      this.postScheduled = true;
      setImmediate(() => this.postBuffer());
    }
  }

  /** Commits everything recorded so far; resolves with the last committed event number. */
  async flush(): Promise<number> {
    await this.start();
    this.postBuffer();
    const { committedSeq } = await this.write('flush', {});
    return committedSeq;
  }

  history(args: { filters?: HistoryFilters; cursor?: string; limit?: number }): Promise<HistoryPage> {
    return this.read('history.list', args);
  }

  search(args: { query: string; limit?: number }): Promise<SearchHit[]> {
    return this.read('history.search', args);
  }

  detail(callId: string): Promise<CallDetail> {
    return this.read('history.detail', { callId });
  }

  exportCalls(request: ExportRequest): Promise<ExportFile> {
    return this.read('history.export', request);
  }

  /** Daily summaries of the last `days` days, oldest first, in the machine's time zone unless told. */
  daily(args: { days: number; utcOffsetMin?: number }): Promise<DailySummary[]> {
    const nowMs = this.options.clock.epochMs();
    return this.read('stats.daily', {
      days: args.days,
      nowMs,
      utcOffsetMin: args.utcOffsetMin ?? -new Date(nowMs).getTimezoneOffset(),
    });
  }

  /** Deletes every call of one caller (a data-protection request), after what is queued is written. */
  async deleteCaller(number: string): Promise<{ deletedCalls: number }> {
    this.postBuffer();
    const result = await this.write('caller.delete', { number });
    this.options.log.info({ deletedCalls: result.deletedCalls }, 'caller history deleted on request');
    return result;
  }

  /** Deletes ended calls older than the retention period; returns how many. */
  async prune(nowMs: number = this.options.clock.epochMs()): Promise<number> {
    const days = this.options.retentionDays ?? 0;
    if (days <= 0) return 0;
    const startedBefore = nowMs - days * DAY_MS;
    let total = 0;
    for (;;) {
      const r = await this.write('calls.prune', { startedBefore, maxCalls: PRUNE_CHUNK_CALLS });
      total += r.deletedCalls;
      if (!r.more) break;
    }
    if (total > 0) this.options.log.info({ deletedCalls: total, retentionDays: days }, 'old calls pruned');
    return total;
  }

  getSetting(key: string): Promise<unknown> {
    return this.write('setting.get', { key }).then((r) => r.value);
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.write('setting.set', { key, value, atMs: this.options.clock.epochMs() });
  }

  async deleteSetting(key: string): Promise<boolean> {
    return (await this.write('setting.delete', { key })).deleted;
  }

  /** Test hook for the bad cases: the writer reopens its file with these faults (needs `testFaults`). */
  async setFaults(faults: OpenFaults): Promise<void> {
    await this.write('fault.set', faults);
  }

  /** A reads or writes call to the writer thread (used by the agent repository too). */
  async write<N extends keyof StoreWrites>(
    name: N,
    args: Args<StoreWrites, N>,
  ): Promise<Result<StoreWrites, N>> {
    if (!this.starting) throw new SautiError('STORE_NOT_STARTED', 'The call log has not been started');
    await this.starting;
    if (!this.writer) throw this.unavailable();
    return (await this.writer.call(name, args)) as Result<StoreWrites, N>;
  }

  async read<N extends keyof StoreReads>(name: N, args: Args<StoreReads, N>): Promise<Result<StoreReads, N>> {
    if (!this.starting) throw new SautiError('STORE_NOT_STARTED', 'The call log has not been started');
    await this.starting;
    if (!this.reader) throw this.unavailable();
    return (await this.reader.call(name, args)) as Result<StoreReads, N>;
  }

  /** Writes what is queued (as far as the disk allows), checkpoints and stops both threads. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.postBuffer();
    this.stopping = true;
    this.options.clock.clearTimeout(this.respawnTimer);
    this.options.clock.clearTimeout(this.pruneTimer);
    await this.starting?.catch(() => undefined);
    const [writerClosed] = await Promise.all([this.writer?.close(), this.reader?.close()]);
    if (writerClosed && writerClosed.committedSeq > this.committedSeq)
      this.committedSeq = writerClosed.committedSeq;
    if (writerClosed && writerClosed.unwritten > 0) {
      this.options.log.error(
        { unwritten: writerClosed.unwritten },
        'call log stopped with events it could not write',
      );
    }
    this.writer = null;
    this.reader = null;
  }

  private unavailable(): SautiError {
    const f = this.failure;
    return new SautiError(
      'STORE_UNAVAILABLE',
      f ? this.describeFailure(f) : 'The call log is not available',
      {
        retryable: true,
      },
    );
  }

  private describeFailure(f: WireError): string {
    const queued = this.postedSeq + this.buffer.length - this.committedSeq;
    const parts = [f.message];
    if (f.retryable) parts.push(`retrying; ${queued} events waiting`);
    if (this.dropped > 0) parts.push(`${this.dropped} events dropped`);
    return parts.join(' — ');
  }

  private publishStatus(): void {
    const s = this.status();
    // Re-announce on health changes and on the first drop of an outage, not on every event.
    const key = `${s.ok}|${s.code ?? ''}|${this.failure?.message ?? ''}|${s.droppedEvents > 0}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.events.emit('status', s);
  }

  private postBuffer(): void {
    this.postScheduled = false;
    if (this.buffer.length === 0 || !this.writer || this.writer.isClosing) return;
    const events = this.buffer;
    this.buffer = [];
    const firstSeq = this.postedSeq + 1;
    this.postedSeq += events.length;
    this.writer.post({ type: 'events', firstSeq, events });
  }

  private spawn(role: StoreRole, hooks: StoreThreadHooks): StoreThread {
    const init: WorkerInit = {
      role,
      file: this.file,
      batchMs: this.options.batchMs,
      maxBatchEvents: this.options.maxBatchEvents,
      retryMinMs: this.options.retryMinMs,
      retryMaxMs: this.options.retryMaxMs,
      testFaults: this.options.testFaults,
    };
    return new StoreThread(role, this.script(), init, this.options.log, hooks);
  }

  private spawnWriter(): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        this.options.clock.clearTimeout(timeout);
        resolve();
      };
      const timeout = this.options.clock.setTimeout(() => {
        this.fail({
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
        this.fail(e);
        settle();
        return;
      }
      this.postBuffer();
    });
  }

  private onWriterMessage(m: FromWorker, settle: () => void): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.respawnDelayMs = RESPAWN_MIN_MS;
        this.options.log.info({ file: this.file, schemaVersion: m.schemaVersion }, 'call log open');
        if (!this.reader && !this.stopping) this.spawnReader();
        this.schedulePrune(0);
        settle();
        return;
      case 'committed':
        this.committedSeq = m.seq;
        this.events.emit('committed', m.seq);
        return;
      case 'status':
        if (m.ok) {
          this.failure = null;
          this.options.log.info({ dropped: this.dropped }, 'call log writing again');
          this.dropped = 0;
          this.publishStatus();
        } else if (m.error) {
          this.fail(m.error);
        }
        // An open that fails at start still lets the app start: calls are answered, the log retries.
        if (!m.ok) settle();
        return;
      default:
        return;
    }
  }

  private fail(error: WireError): void {
    this.failure = error;
    this.options.log.error(
      { code: error.code, error: error.message, retryable: error.retryable },
      'call log error',
    );
    this.publishStatus();
  }

  /** A writer that died took its queued events with it: count them, then start a fresh one. */
  private onWriterExit(code: number): void {
    this.writer = null;
    const lost = this.postedSeq - this.committedSeq;
    this.dropped += lost;
    this.committedSeq = this.postedSeq;
    this.fail({
      code: 'STORE_THREAD_DIED',
      message: `The call log writer stopped (exit ${code})`,
      retryable: true,
    });
    if (this.stopping) return;
    const delayMs = this.respawnDelayMs;
    this.respawnDelayMs = Math.min(RESPAWN_MAX_MS, this.respawnDelayMs * 2);
    this.respawnTimer = this.options.clock.setTimeout(() => {
      if (this.stopping) return;
      this.starting = this.spawnWriter();
    }, delayMs);
  }

  private spawnReader(): void {
    try {
      this.reader = this.spawn('reader', {
        onMessage: () => undefined,
        onExit: (code) => {
          this.reader = null;
          this.options.log.error({ code }, 'call log reader stopped: restarting');
          if (!this.stopping) {
            this.respawnTimer = this.options.clock.setTimeout(() => this.spawnReader(), RESPAWN_MIN_MS);
          }
        },
      });
    } catch (err) {
      this.options.log.error({ err: String(err) }, 'call log reader could not start');
    }
  }

  private schedulePrune(delayMs: number): void {
    if ((this.options.retentionDays ?? 0) <= 0 || this.stopping) return;
    this.options.clock.clearTimeout(this.pruneTimer);
    this.pruneTimer = this.options.clock.setTimeout(() => {
      this.prune().then(
        () => this.schedulePrune(PRUNE_EVERY_MS),
        (err: unknown) => {
          this.options.log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'pruning old calls failed',
          );
          this.schedulePrune(PRUNE_EVERY_MS);
        },
      );
    }, delayMs);
  }
}
