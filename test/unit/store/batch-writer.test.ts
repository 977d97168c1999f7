// The writer's loop on a fake clock: when batches commit, what is reported committed, and the bad
// cases — a full disk and a read-only file keep the queue and retry; one bad event is skipped alone.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../bridge/domain/call-events';
import { FakeClock } from '../../../bridge/base/clock';
import type { SautiError } from '../../../bridge/base/errors';
import { BatchWriter, type WriterStatus } from '../../../bridge/store/batch-writer';
import { openWriter, type OpenFaults } from '../../../bridge/store/db';
import { sql } from '../../../bridge/store/sql';
import { aiResolvedCall, CallScript } from './call-script';
import { tempDir } from './test-db';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

const T0 = Date.UTC(2026, 2, 3, 9);

function setup(options: { faults?: OpenFaults; readOnly?: () => boolean; maxBatchEvents?: number } = {}) {
  const tmp = tempDir();
  const file = path.join(tmp.dir, 'sauti.db');
  const clock = new FakeClock();
  const committed: number[] = [];
  const statuses: WriterStatus[] = [];
  const rejected: { event: CallEvent; error: SautiError }[] = [];
  const faults = { current: options.faults ?? {} };
  let opens = 0;
  const writer = new BatchWriter({
    file,
    clock,
    batchMs: 75,
    maxBatchEvents: options.maxBatchEvents ?? 1000,
    retryMinMs: 100,
    retryMaxMs: 400,
    open: () => {
      opens++;
      const conn = openWriter(file, { faults: faults.current });
      if (options.readOnly?.()) {
        // What SQLite does with a write-protected file: it opens read-only and refuses every write.
        conn.db.close();
        const ro = new Database(file, { readonly: true });
        ro.exec('PRAGMA user_version = 3'); // throws SQLITE_READONLY, as the writer's probe does
        return ro;
      }
      return conn.db;
    },
    onCommitted: (seq) => committed.push(seq),
    onStatus: (s) => statuses.push(s),
    onRejected: (event, error) => rejected.push({ event, error }),
  });
  cleanups.push(() => {
    writer.close();
    tmp.remove();
  });
  const count = (q: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(q).pluck().get() as number;
    } finally {
      db.close();
    }
  };
  return { writer, clock, committed, statuses, rejected, faults, count, opens: () => opens, file };
}

const noEnd = (events: CallEvent[]) => events.filter((e) => e.kind !== 'call.ended');

describe('BatchWriter', () => {
  it('commits queued events after batchMs in one transaction, and reports the last seq', () => {
    const w = setup();
    expect(w.writer.start()).toBe(true);
    const events = noEnd(aiResolvedCall('CA1', T0).events);
    w.writer.append(1, events.slice(0, 4));
    w.writer.append(5, events.slice(4));
    w.clock.advance(74);
    expect(w.committed).toEqual([]);
    expect(w.count('SELECT count(*) FROM calls')).toBe(0);
    w.clock.advance(1);
    expect(w.committed).toEqual([events.length]);
    expect(w.count('SELECT count(*) FROM turns')).toBe(5);
  });

  it('commits at once when a call ends, and when a batch is full', () => {
    const w = setup({ maxBatchEvents: 10 });
    w.writer.start();
    const events = aiResolvedCall('CA1', T0).events;
    w.writer.append(1, events);
    w.clock.advance(0);
    // Several full batches, each its own transaction, all before batchMs.
    expect(w.committed.length).toBeGreaterThan(1);
    expect(w.committed.at(-1)).toBe(events.length);
    expect(w.count("SELECT count(*) FROM calls WHERE outcome = 'ai-resolved'")).toBe(1);
  });

  it('keeps the queue through a full disk, reports it, retries, and loses nothing when space returns', () => {
    const w = setup();
    w.writer.start();
    const pages = w.count('PRAGMA page_count');
    w.faults.current = { maxPageCount: pages + 1 };
    w.writer.reopen();
    const big = new CallScript('CA-full', T0).started();
    for (let i = 0; i < 200; i++)
      big.emit('transcript', {
        turnId: i + 1,
        speaker: 'caller',
        text: `line ${i} ${'habari '.repeat(40)}`,
        final: true,
        startMs: i,
      });
    w.writer.append(1, big.events);
    w.clock.advance(75);
    expect(w.statuses.at(-1)).toMatchObject({
      ok: false,
      error: { code: 'STORE_DISK_FULL', retryable: true },
    });
    expect(w.writer.pendingEvents).toBe(big.events.length);
    expect(w.committed).toEqual([]);
    expect(() => w.writer.flush()).toThrow(/disk is full/);

    // Still full: retries back off and keep everything queued; more events join the queue meanwhile.
    w.clock.advance(1000);
    const more = new CallScript('CA-more', T0 + 5000).started().events;
    w.writer.append(big.events.length + 1, more);
    expect(w.writer.pendingEvents).toBe(big.events.length + more.length);

    w.faults.current = {};
    w.clock.advance(400);
    expect(w.statuses.at(-1)).toEqual({ ok: true });
    expect(w.writer.pendingEvents).toBe(0);
    expect(w.committed.at(-1)).toBe(big.events.length + more.length);
    expect(w.count('SELECT count(*) FROM turns')).toBe(200);
    expect(w.count('SELECT count(*) FROM calls')).toBe(2);
  });

  it('reports a read-only file at start, keeps events, and writes them once the file is writable', () => {
    let readOnly = true;
    const w = setup({ readOnly: () => readOnly });
    expect(w.writer.start()).toBe(false);
    expect(w.writer.status).toMatchObject({ ok: false, error: { code: 'STORE_READ_ONLY', retryable: true } });
    const events = aiResolvedCall('CA1', T0).events;
    w.writer.append(1, events);
    w.clock.advance(1000);
    expect(w.writer.pendingEvents).toBe(events.length);
    const opensWhileReadOnly = w.opens();
    expect(opensWhileReadOnly).toBeGreaterThan(2);
    readOnly = false;
    w.clock.advance(400);
    expect(w.writer.status).toEqual({ ok: true });
    expect(w.committed.at(-1)).toBe(events.length);
    expect(w.count('SELECT count(*) FROM turns')).toBe(5);
  });

  it('skips one bad event alone and commits the rest of its batch', () => {
    const w = setup();
    w.writer.start();
    const call = new CallScript('CA1', T0).started();
    call.emit('transcript', {
      turnId: 1,
      speaker: 'robot' as 'agent',
      text: 'beep',
      final: true,
      startMs: 0,
    });
    call.emit('transcript', { turnId: 2, speaker: 'caller', text: 'hello', final: true, startMs: 10 });
    w.writer.append(1, call.events);
    w.clock.advance(75);
    expect(w.rejected.map((r) => r.error.code)).toEqual(['STORE_FAILED']);
    expect(w.committed).toEqual([3]);
    expect(w.writer.status).toEqual({ ok: true });
    expect(w.count('SELECT group_concat(text) FROM turns')).toBe('hello');
  });

  it('runs other writes after the queued events, in their own transaction', () => {
    const w = setup();
    w.writer.start();
    const events = aiResolvedCall('CA1', T0).events;
    w.writer.append(1, noEnd(events));
    const seen = w.writer.write((st) => st.get<{ n: number }>(sql`SELECT count(*) AS n FROM turns`));
    expect(seen).toEqual({ n: 5 });
    expect(w.committed).toEqual([events.length - 1]);
    expect(() =>
      w.writer.write(() => {
        throw new Error('nope');
      }),
    ).toThrow('nope');
    expect(w.writer.status).toEqual({ ok: true });
  });

  it('closes the interrupted calls of an earlier run before writing anything', () => {
    const w = setup();
    w.writer.start();
    w.writer.append(1, noEnd(aiResolvedCall('CA-old', T0).events));
    w.writer.close();
    const opened: { first: boolean; closedInterruptedCalls: number }[] = [];
    const next = new BatchWriter({
      file: w.file,
      clock: new FakeClock(),
      open: () => openWriter(w.file).db,
      onCommitted: () => undefined,
      onStatus: () => undefined,
      onOpened: (info) => opened.push(info),
    });
    next.start();
    next.close();
    expect(opened).toEqual([{ first: true, closedInterruptedCalls: 1 }]);
    expect(w.count("SELECT outcome || ' / ' || end_reason FROM calls")).toBe(
      'failed / the app stopped before the call ended',
    );
  });

  it('stamps open calls "still live" once a heartbeat while no events come, and stops when they end', () => {
    const w = setup();
    w.writer.start();
    const call = new CallScript('CA-hold', T0).started().stream();
    w.writer.append(1, call.events);
    w.clock.advance(75);
    const liveAt = () => w.count("SELECT live_at FROM calls WHERE call_id = 'CA-hold'");
    const lastAt = call.events.at(-1)!.at;
    // On hold: no events for 5 s, yet the log keeps knowing the call is live, a second at a time.
    w.clock.advance(5000);
    expect(liveAt()).toBeGreaterThanOrEqual(lastAt + 4000);
    expect(liveAt()).toBeLessThanOrEqual(lastAt + 5075);
    call.ended('ai-resolved');
    w.writer.append(call.events.length, call.events.slice(-1));
    w.clock.advance(75);
    const stampedBeforeEnd = liveAt();
    w.clock.advance(10_000);
    expect(liveAt()).toBe(stampedBeforeEnd);
    expect(w.clock.pendingTimers()).toBe(0);
  });

  it('ends a call cut off mid-way when it was last known live, not at its last event', () => {
    const w = setup();
    w.writer.start();
    const call = new CallScript('CA-cut', T0).started().stream();
    w.writer.append(1, call.events);
    w.clock.advance(8000);
    // The process dies: nothing more is written (no close). The next start closes the call.
    const next = new BatchWriter({
      file: w.file,
      clock: new FakeClock(),
      open: () => openWriter(w.file).db,
      onCommitted: () => undefined,
      onStatus: () => undefined,
    });
    next.start();
    next.close();
    const duration = w.count("SELECT duration_ms FROM calls WHERE call_id = 'CA-cut'");
    expect(duration).toBeGreaterThanOrEqual(7000);
    expect(duration).toBeLessThanOrEqual(8100);
  });

  it('recomputes the hours a batch marked stale within a heartbeat, also when no more events come', () => {
    const w = setup();
    w.writer.start();
    w.writer.append(1, aiResolvedCall('CA-agg', T0).events);
    w.clock.advance(75);
    const stale = () => w.count('SELECT count(*) FROM call_hours_stale');
    const calls = () => w.count('SELECT COALESCE(SUM(calls), 0) FROM call_hours');
    // The first batch is recomputed at once (nothing was recomputed before); the next waits its turn.
    expect([stale(), calls()]).toEqual([0, 1]);
    w.writer.append(100, aiResolvedCall('CA-agg2', T0 + 1000).events);
    w.clock.advance(75);
    expect([stale(), calls()]).toEqual([1, 1]);
    w.clock.advance(1000);
    expect([stale(), calls()]).toEqual([0, 2]);
    expect(w.clock.pendingTimers()).toBe(0);
  });

  it('recomputes hours a crashed run left stale before anything else', () => {
    const w = setup();
    w.writer.start();
    w.writer.append(1, aiResolvedCall('CA-a', T0).events);
    w.clock.advance(75);
    w.writer.append(100, aiResolvedCall('CA-b', T0 + 1000).events);
    w.clock.advance(75);
    expect(w.count('SELECT count(*) FROM call_hours_stale')).toBe(1);
    // The process dies here (no close): the next start recomputes the stale hour.
    const next = new BatchWriter({
      file: w.file,
      clock: new FakeClock(),
      open: () => openWriter(w.file).db,
      onCommitted: () => undefined,
      onStatus: () => undefined,
    });
    next.start();
    expect(w.count('SELECT count(*) FROM call_hours_stale')).toBe(0);
    expect(w.count('SELECT calls FROM call_hours')).toBe(2);
    next.close();
  });
});
