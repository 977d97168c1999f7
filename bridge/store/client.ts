// The store as the core sees it: a typed async face over the two store threads. The core only
// posts messages: record() never blocks and never throws, so the audio path never waits on the disk.
// The queue (event-queue.ts), the threads' lives (store-threads.ts), the log's health
// (store-health.ts) and retention (retention.ts) are their own parts; this file is the requests.
import type {
  CallbackRow,
  CallDetail,
  DailySummary,
  HistoryFilters,
  HistoryPage,
  SearchHit,
} from '../api/contract';
import type { CallEvent } from '../domain/call-events';
import type { Clock } from '../base/clock';
import { Emitter } from '../base/emitter';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import { modeText } from '../base/private-folder';
import { DataFolderLock } from './data-folder-lock';
import { prepareDataFolder } from './data-folder';
import { dbFilePath, type OpenFaults } from './db';
import { EventQueue } from './event-queue';
import { machineTimeZone } from './local-time';
import type { ExportFile, ExportRequest } from './queries/export-calls';
import type { StoreReads, StoreWrites } from './protocol';
import { Retention } from './retention';
import { StoreHealth, type StoreStatus } from './store-health';
import { StoreThreads } from './store-threads';

export type { StoreStatus } from './store-health';

export interface StoreOptions {
  readonly dataDir: string;
  readonly log: Log;
  readonly clock: Clock;
  /** Calls older than this are pruned at start and every 6 hours; 0 keeps everything. */
  readonly retentionDays?: number;
  /** The database file (default DATA_DIR/sauti.db). */
  readonly file?: string;
  readonly batchMs?: number;
  /** How often the writer stamps open calls "still live" (default 1000 ms). */
  readonly heartbeatMs?: number;
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
  private readonly queue: EventQueue;
  private readonly health: StoreHealth;
  private readonly retention: Retention;
  private readonly threads: StoreThreads;
  private starting: Promise<void> | null = null;
  /** Why the data folder cannot hold the log (set at start); the log then stays off until a restart. */
  private folderProblem: SautiError | null = null;
  private lock: DataFolderLock | null = null;

  constructor(private readonly options: StoreOptions) {
    const { log, clock } = options;
    this.file = options.file ?? dbFilePath(options.dataDir);
    this.queue = new EventQueue({
      maxQueued: options.maxQueuedEvents ?? 100_000,
      log,
      writer: () => this.threads.openWriter,
    });
    this.health = new StoreHealth({
      queue: this.queue,
      log,
      announce: (status) => this.events.emit('status', status),
    });
    this.retention = new Retention({
      retentionDays: options.retentionDays,
      clock,
      log,
      pruneChunk: (args) => this.write('calls.prune', args),
    });
    const { batchMs, heartbeatMs, maxBatchEvents, retryMinMs, retryMaxMs, testFaults } = options;
    this.threads = new StoreThreads({
      init: { file: this.file, batchMs, heartbeatMs, maxBatchEvents, retryMinMs, retryMaxMs, testFaults },
      workerScript: options.workerScript,
      log,
      clock,
      queue: this.queue,
      health: this.health,
      onOpen: () => this.retention.schedule(0),
      onCommitted: (seq) => this.events.emit('committed', seq),
    });
  }

  /**
   * Readies the data folder, takes its lock, starts the threads and opens the log. Rejects only when
   * another Sauti Console holds the folder (DATA_FOLDER_IN_USE); a folder that cannot hold the log or a
   * bad disk never stops the start: status() says what is wrong, and calls are answered regardless.
   */
  start(): Promise<void> {
    this.starting ??= this.open();
    return this.starting;
  }

  private async open(): Promise<void> {
    const { dataDir, log } = this.options;
    try {
      const folder = prepareDataFolder(dataDir);
      if (folder.widerMode !== undefined) {
        const fields = { folder: folder.folder, mode: modeText(folder.widerMode) };
        if (folder.tightened)
          log.warn(fields, 'data folder was readable by other users: made private (0700)');
        else log.warn(fields, 'data folder is readable by other users and its mode cannot be changed here');
      }
    } catch (err) {
      // Nothing can be kept in this folder: the log stays off (no thread spins on it) until a restart.
      this.folderProblem =
        err instanceof SautiError ? err : new SautiError('DATA_FOLDER_UNUSABLE', String(err), { cause: err });
      this.health.fail(this.folderProblem.toData());
      return;
    }
    this.lock = await DataFolderLock.acquire(dataDir);
    log.info({ folder: dataDir, pid: this.lock.holder.pid }, 'data folder locked for this process');
    await this.threads.start();
  }

  status(): StoreStatus {
    return this.health.status();
  }

  /** Queues a call event for the log. Never blocks, never throws; partial transcript lines are not kept. */
  record(event: CallEvent): void {
    if (this.threads.stopping || this.folderProblem) return;
    if (event.kind === 'transcript' && !event.final) return;
    if (!this.queue.add(event)) this.health.announce();
  }

  /** Commits everything recorded so far; resolves with the last committed event number. */
  async flush(): Promise<number> {
    await this.start();
    this.queue.post();
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

  /** A voicemail recorded here for the call (relative to the data folder), when there is one. */
  async voicemailFile(callId: string): Promise<string | undefined> {
    return (await this.read('voicemail.file', { callId })).file;
  }

  /** Messages not yet called back, newest first (after what is queued is written). */
  callbacks(limit?: number): Promise<CallbackRow[]> {
    this.queue.post();
    return this.write('callbacks.list', { limit });
  }

  markCallback(callId: string, done: boolean): Promise<CallbackRow> {
    this.queue.post();
    return this.write('callback.mark', { callId, done, atMs: this.options.clock.epochMs() });
  }

  /**
   * One call, or one part of a range export (ask again with `next` until there is none). Times are
   * written in `timeZone`, this machine's when absent.
   */
  exportCalls(request: ExportRequest): Promise<ExportFile> {
    return this.read('history.export', {
      ...request,
      timeZone: request.timeZone ?? machineTimeZone(),
      nowMs: this.options.clock.epochMs(),
    });
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
    this.queue.post();
    const result = await this.write('caller.delete', { number });
    this.options.log.info({ deletedCalls: result.deletedCalls }, 'caller history deleted on request');
    return result;
  }

  /** Deletes ended calls older than the retention period; returns how many. */
  prune(nowMs?: number): Promise<number> {
    return this.retention.prune(nowMs);
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
    if (this.folderProblem) throw this.health.unavailable();
    return (await this.threads.call('writer', name, args)) as Result<StoreWrites, N>;
  }

  async read<N extends keyof StoreReads>(name: N, args: Args<StoreReads, N>): Promise<Result<StoreReads, N>> {
    if (this.folderProblem) throw this.health.unavailable();
    return (await this.threads.call('reader', name, args)) as Result<StoreReads, N>;
  }

  /** Writes what is queued (as far as the disk allows), checkpoints, stops both threads and frees the folder. */
  async stop(): Promise<void> {
    this.retention.stop();
    await this.starting?.catch(() => undefined);
    await this.threads.stop();
    this.lock?.release();
    this.lock = null;
  }
}
