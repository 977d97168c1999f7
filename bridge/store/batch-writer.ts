// The writer's loop, independent of threads so it can be tested directly: call events queue up and
// are committed in batches (every batchMs, at maxBatchEvents, at once on a call's end), each batch one
// synchronous transaction. A storage fault (disk full, read-only file, I/O) keeps the queue, closes the
// connection and retries with backoff; one bad event is skipped alone, inside its own savepoint. Once a
// heartbeat, in a batch or alone, it does its upkeep: the daily aggregate's stale hours recomputed
// (call-hours.ts) and the open calls stamped "still live" (live-stamps.ts).
import type Database from 'better-sqlite3';
import type { CallEvent } from '../domain/call-events';
import type { Clock, TimerHandle } from '../base/clock';
import type { SautiError } from '../base/errors';
import { EventRecorder } from './queries/record-events';
import { refreshStaleHours } from './queries/call-hours';
import { closeInterruptedCalls } from './queries/close-interrupted-calls';
import { LiveStamps } from './live-stamps';
import { isStorageFault, toStoreError } from './sqlite-errors';
import { Statements } from './statements';

export interface WriterStatus {
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
}

export interface BatchWriterOptions {
  /** The call-log file, for messages. */
  readonly file: string;
  /** Opens (and migrates) the writable connection; throws when it cannot. */
  readonly open: () => Database.Database;
  readonly clock: Clock;
  readonly batchMs?: number;
  readonly maxBatchEvents?: number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /**
   * How often the upkeep runs: open calls stamped "still live" (the most a crashed call's duration can
   * miss by) and the aggregate's stale hours recomputed.
   */
  readonly heartbeatMs?: number;
  /** After each committed transaction: every event up to `seq` is on disk. */
  readonly onCommitted: (seq: number) => void;
  readonly onStatus: (status: WriterStatus) => void;
  /** A connection opened (the first time: `first`, after interrupted calls were closed). */
  readonly onOpened?: (info: { first: boolean; closedInterruptedCalls: number }) => void;
  /** One event could not be stored and was skipped (never a storage fault: those are retried). */
  readonly onRejected?: (event: CallEvent, error: SautiError) => void;
}

interface Connection {
  readonly db: Database.Database;
  readonly st: Statements;
  readonly recorder: EventRecorder;
  readonly applyOne: (event: CallEvent) => void;
}

interface Pending {
  readonly seq: number;
  readonly event: CallEvent;
}

export class BatchWriter {
  private readonly batchMs: number;
  private readonly maxBatchEvents: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private pending: Pending[] = [];
  private conn: Connection | null = null;
  private openedOnce = false;
  private timer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private retryDelayMs: number;
  private failure: SautiError | null = null;
  private committedSeq = 0;
  private closed = false;
  private readonly live: LiveStamps;
  private upkeepTimer: TimerHandle | undefined;
  private readonly heartbeatMs: number;
  /** Hours were marked stale since the aggregate was last recomputed. */
  private staleHours = false;
  private lastRecomputeMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: BatchWriterOptions) {
    this.batchMs = options.batchMs ?? 75;
    this.maxBatchEvents = options.maxBatchEvents ?? 1000;
    this.retryMinMs = options.retryMinMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 10_000;
    this.retryDelayMs = this.retryMinMs;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.live = new LiveStamps(this.heartbeatMs);
  }

  /** Opens the connection now (at start), so a bad file is reported before the first call. */
  start(): boolean {
    if (!this.connection()) return false;
    this.recovered();
    return true;
  }

  get lastCommittedSeq(): number {
    return this.committedSeq;
  }

  get pendingEvents(): number {
    return this.pending.length;
  }

  get status(): WriterStatus {
    return this.failure ? { ok: false, error: this.failure.toData() } : { ok: true };
  }

  /** Queues events numbered firstSeq, firstSeq + 1, …; never touches the disk itself. */
  append(firstSeq: number, events: readonly CallEvent[]): void {
    if (this.closed) return;
    this.live.note(events, this.options.clock.nowMs());
    let urgent = false;
    events.forEach((event, i) => {
      this.pending.push({ seq: firstSeq + i, event });
      if (event.kind === 'call.ended') urgent = true;
    });
    if (this.failure) return; // the retry timer drains the queue
    if (urgent || this.pending.length >= this.maxBatchEvents) this.schedule(0);
    else this.schedule(this.batchMs);
  }

  /** Commits everything queued now. Returns the last committed seq; throws the storage error if it cannot. */
  flush(): number {
    this.commit();
    if (this.failure && this.pending.length > 0) throw this.failure;
    return this.committedSeq;
  }

  /**
   * Runs another write (a deletion, an agent, a setting) in its own transaction, after the queued events
   * so it applies to everything logged before it.
   */
  write<T>(fn: (st: Statements, recorder: EventRecorder) => T): T {
    this.commit();
    const conn = this.connection();
    if (!conn) throw this.failure!;
    try {
      const result = conn.st.transaction(() => fn(conn.st, conn.recorder));
      this.recovered();
      return result;
    } catch (err) {
      conn.recorder.reset();
      if (isStorageFault(err)) this.fail(err);
      throw toStoreError(err, this.options.file);
    }
  }

  /** Reads on the writer's connection, for data that must reflect the writes just made (agents, settings). */
  read<T>(fn: (st: Statements) => T): T {
    const conn = this.connection();
    if (!conn) throw this.failure!;
    try {
      return fn(conn.st);
    } catch (err) {
      if (isStorageFault(err)) this.fail(err);
      throw toStoreError(err, this.options.file);
    }
  }

  /** Closes the connection and opens a fresh one (tests use it to apply open-time faults). */
  reopen(): void {
    this.commit();
    this.closeConnection();
    if (!this.failure && this.connection()) this.recovered();
  }

  /** Commits what it can, checkpoints the WAL into the main file and closes the connection. */
  close(): { committedSeq: number; unwritten: number } {
    this.commit();
    // The aggregate up to date, and calls still open stamped live until now (the next start ends them
    // here, not at their last event).
    if (!this.failure) this.runUpkeep(true);
    this.closed = true;
    this.options.clock.clearTimeout(this.timer);
    this.options.clock.clearTimeout(this.retryTimer);
    this.options.clock.clearTimeout(this.upkeepTimer);
    if (this.conn) {
      try {
        this.conn.db.pragma('optimize');
        this.conn.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A checkpoint can wait for the next start; the WAL is durable as it is.
      }
      this.closeConnection();
    }
    return { committedSeq: this.committedSeq, unwritten: this.pending.length };
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      this.options.clock.clearTimeout(this.timer);
    }
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.commit();
    }, delayMs);
  }

  private connection(): Connection | null {
    if (this.conn) return this.conn;
    if (this.closed) return null;
    let db: Database.Database;
    try {
      db = this.options.open();
    } catch (err) {
      this.fail(err);
      return null;
    }
    const st = new Statements(db);
    const recorder = new EventRecorder(st);
    const applyOne = db.transaction((event: CallEvent) => recorder.apply(event));
    const conn: Connection = { db, st, recorder, applyOne };
    let closedInterruptedCalls = 0;
    const first = !this.openedOnce;
    if (first) {
      // Before this run's first write, any call without an end belongs to a run that stopped mid-call,
      // and hours left stale by it are recomputed.
      try {
        closedInterruptedCalls = st.transaction(() => {
          refreshStaleHours(st);
          return closeInterruptedCalls(st);
        });
      } catch (err) {
        db.close();
        this.fail(err);
        return null;
      }
    }
    this.conn = conn;
    this.openedOnce = true;
    this.options.onOpened?.({ first, closedInterruptedCalls });
    return conn;
  }

  private commit(): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) {
      const conn = this.connection();
      if (!conn) return;
      const batch = this.pending.slice(0, this.maxBatchEvents);
      try {
        conn.st.transaction(() => {
          for (const item of batch) this.applyOne(conn, item.event);
          // The hours this batch changed are marked stale in the same commit.
          if (conn.recorder.markHours()) this.staleHours = true;
          this.upkeep(conn.st, false);
        });
      } catch (err) {
        conn.recorder.reset();
        // A recompute rolled back with the batch: the hours stay stale.
        this.staleHours = true;
        this.fail(err);
        return;
      }
      this.pending.splice(0, batch.length);
      this.committedSeq = batch.at(-1)!.seq;
      this.options.onCommitted(this.committedSeq);
    }
    // Healthy again only once a write went through, not merely because the file opened.
    if (this.conn) this.recovered();
    this.scheduleUpkeep();
  }

  /** Inside a transaction: stale hours recomputed and open calls stamped, each when a heartbeat is due. */
  private upkeep(st: Statements, now: boolean): void {
    const nowMs = this.options.clock.nowMs();
    if (this.staleHours && (now || nowMs - this.lastRecomputeMs >= this.heartbeatMs)) {
      refreshStaleHours(st);
      this.staleHours = false;
      this.lastRecomputeMs = nowMs;
    }
    if (now ? this.live.openCalls > 0 : this.live.due(nowMs)) this.live.stamp(st, nowMs);
  }

  /** While hours are stale or calls open, upkeep at least once a heartbeat, also when no events come. */
  private scheduleUpkeep(): void {
    if (this.upkeepTimer !== undefined || this.closed) return;
    if (!this.staleHours && this.live.openCalls === 0) return;
    this.upkeepTimer = this.options.clock.setTimeout(() => {
      this.upkeepTimer = undefined;
      if (this.failure) return; // the retry's commit schedules the next one
      if (this.pending.length > 0) this.commit();
      else this.runUpkeep(false);
      this.scheduleUpkeep();
    }, this.heartbeatMs);
  }

  /** The upkeep in a transaction of its own. */
  private runUpkeep(now: boolean): void {
    const conn = this.connection();
    if (!conn) return;
    try {
      conn.st.transaction(() => this.upkeep(conn.st, now));
    } catch (err) {
      this.staleHours = true;
      if (isStorageFault(err)) this.fail(err);
    }
  }

  private applyOne(conn: Connection, event: CallEvent): void {
    try {
      conn.applyOne(event);
    } catch (err) {
      // A full disk fails the whole batch (kept and retried); anything else is this event's own problem.
      if (isStorageFault(err)) throw err;
      conn.recorder.reset();
      this.options.onRejected?.(event, toStoreError(err, this.options.file));
    }
  }

  private fail(err: unknown): void {
    const error = toStoreError(err, this.options.file);
    const changed = this.failure?.code !== error.code || this.failure?.message !== error.message;
    this.failure = error;
    // A connection that hit a storage fault is reopened on retry: a file made writable again, or a
    // disk with space again, is picked up by a fresh open.
    this.closeConnection();
    if (changed) this.options.onStatus(this.status);
    if (!error.retryable || this.closed) return;
    this.options.clock.clearTimeout(this.retryTimer);
    const delayMs = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryMaxMs, this.retryDelayMs * 2);
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.connection()) this.commit();
    }, delayMs);
  }

  private recovered(): void {
    this.retryDelayMs = this.retryMinMs;
    if (!this.failure) return;
    this.failure = null;
    this.options.onStatus(this.status);
  }

  private closeConnection(): void {
    const conn = this.conn;
    this.conn = null;
    if (!conn) return;
    try {
      conn.db.close();
    } catch {
      // Closing a connection whose file went away can fail; it is gone either way.
    }
  }
}
