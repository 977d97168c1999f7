// The store through its real threads: events recorded from the main thread land as call records,
// reads and writes are answered by the right thread, and stop() writes what is queued.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../../bridge/base/clock';
import { createLog, createSilentLog } from '../../../bridge/base/log';
import { SqliteAgentRepository } from '../../../bridge/store/agent-repository';
import { StoreClient, type StoreOptions } from '../../../bridge/store/client';
import { STORE_THREAD_NICE } from '../../../bridge/store/thread-priority';
import { aiResolvedCall, escalatedCall } from './call-script';
import { tempDir } from './test-db';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function newStore(options: Partial<StoreOptions> = {}): { store: StoreClient; dir: string } {
  const tmp = tempDir();
  const store = new StoreClient({ dataDir: tmp.dir, log: createSilentLog(), clock: realClock, ...options });
  cleanup.push(async () => {
    await store.stop();
    tmp.remove();
  });
  return { store, dir: tmp.dir };
}

describe('StoreClient', () => {
  it('records a call from the main thread and answers its detail from the reader thread', async () => {
    const { store } = newStore();
    await store.start();
    expect(store.status()).toMatchObject({ ok: true });
    const call = aiResolvedCall('CA1', Date.UTC(2026, 2, 3, 9));
    for (const e of call.events) store.record(e);
    const committed = await store.flush();
    // Partial transcript lines are never posted, so fewer events than the script holds are numbered.
    expect(committed).toBe(call.events.filter((e) => e.kind !== 'transcript' || e.final).length);
    const detail = await store.detail('CA1');
    expect(detail.call).toMatchObject({ callId: 'CA1', outcome: 'ai-resolved', p50LatencyMs: 600 });
    expect(detail.turns.map((t) => t.text)).toContain('What is my account balance please');
    const hits = await store.search({ query: 'balance' });
    expect(hits.map((h) => h.callId)).toEqual(['CA1', 'CA1']);
    const page = await store.history({});
    expect(page.rows).toHaveLength(1);
  });

  it.runIf(process.platform === 'linux')('runs its writer and reader below the main thread', async () => {
    const lines: string[] = [];
    const log = createLog({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const { store } = newStore({ log });
    await store.start();
    await store.history({}); // the reader answered: both threads are up
    const lowered = lines
      .map((l) => JSON.parse(l) as { msg: string; thread: string; nice?: number })
      .filter((l) => l.msg === 'store thread runs below the main thread');
    expect(lowered.map((l) => [l.thread, l.nice]).sort()).toEqual([
      ['reader', STORE_THREAD_NICE],
      ['writer', STORE_THREAD_NICE],
    ]);
  });

  it('commits by itself after a call ends, without a flush', async () => {
    const { store } = newStore({ batchMs: 5000 });
    await store.start();
    const seen: number[] = [];
    store.events.on('committed', (seq) => seen.push(seq));
    const call = escalatedCall('CA2', Date.UTC(2026, 2, 3, 10));
    for (const e of call.events) store.record(e);
    await expect
      .poll(() => seen.at(-1), { timeout: 10_000 })
      .toBe(call.events.filter((e) => e.kind !== 'transcript' || e.final).length);
    const page = await store.history({ filters: { escalationReason: 'never-ai-topic' } });
    expect(page.rows.map((r) => r.agentName)).toEqual(['Wanjiru']);
  });

  it('writes queued events on stop; the next start closes the call the stop interrupted, live until the stop', async () => {
    const { store, dir } = newStore({ batchMs: 60_000 });
    await store.start();
    const call = aiResolvedCall('CA3', Date.UTC(2026, 2, 3, 11));
    const recordedAt = performance.now();
    for (const e of call.events.slice(0, -1)) store.record(e);
    await store.stop();
    const liveForMs = performance.now() - recordedAt;
    const db = new Database(path.join(dir, 'sauti.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM turns WHERE call_id = ?').get('CA3')).toEqual({ n: 5 });
    expect(db.prepare('SELECT ended_at FROM calls WHERE call_id = ?').get('CA3')).toEqual({ ended_at: null });
    db.close();

    const again = new StoreClient({ dataDir: dir, log: createSilentLog(), clock: realClock });
    cleanup.push(() => again.stop());
    await again.start();
    const detail = await again.detail('CA3');
    expect(detail.turns).toHaveLength(5);
    // It was live until the stop (stamped then, in the events' own clock): ended no earlier than its
    // last event, and no later than the time the test waited for the stop.
    const lastAt = call.events.at(-2)!.at;
    expect(detail.call.outcome).toBe('failed');
    expect(detail.call.endedAt).toBeGreaterThanOrEqual(lastAt);
    expect(detail.call.endedAt).toBeLessThanOrEqual(lastAt + Math.ceil(liveForMs));
  });

  it('persists agents and settings through the writer', async () => {
    const { store } = newStore();
    await store.start();
    const agents = new SqliteAgentRepository(store, realClock);
    await agents.save({ id: 'a1', name: 'Wanjiru', number: '+254711000001', presence: 'available' });
    await agents.save({
      id: 'a2',
      name: 'Otieno',
      number: '+254711000002',
      presence: 'away',
      lastCallEndedAt: 5,
    });
    await agents.save({ id: 'a1', name: 'Wanjiru K', number: '+254711000001', presence: 'on-call' });
    expect(await agents.load()).toEqual([
      { id: 'a1', name: 'Wanjiru K', number: '+254711000001', presence: 'on-call' },
      { id: 'a2', name: 'Otieno', number: '+254711000002', presence: 'away', lastCallEndedAt: 5 },
    ]);
    await agents.remove('a1');
    expect((await agents.load()).map((a) => a.id)).toEqual(['a2']);

    await store.setSetting('team.routing', { numbers: ['+254709000000'] });
    expect(await store.getSetting('team.routing')).toEqual({ numbers: ['+254709000000'] });
    expect(await store.getSetting('missing')).toBeUndefined();
    expect(await store.deleteSetting('team.routing')).toBe(true);
  });

  it('reports a read error as data and stays usable', async () => {
    const { store } = newStore();
    await store.start();
    await expect(store.detail('nope')).rejects.toMatchObject({ code: 'STORE_CALL_NOT_FOUND' });
    await expect(store.history({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'STORE_BAD_CURSOR' });
    expect((await store.history({})).rows).toEqual([]);
  });

  it('refuses a log from a newer app: the store says why, never throws at the caller, and leaves the file alone', async () => {
    const tmp = tempDir();
    const file = path.join(tmp.dir, 'sauti.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const { store } = newStore({ dataDir: tmp.dir });
    cleanup.push(async () => tmp.remove());
    await store.start();
    expect(store.status()).toMatchObject({ ok: false, code: 'STORE_TOO_NEW' });
    expect(store.status().error).toMatch(/newer version of Sauti Console \(schema 99/);
    for (const e of aiResolvedCall('CA9', Date.UTC(2026, 2, 3)).events) store.record(e);
    await expect(store.history({})).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_TOO_NEW' });
    await store.stop();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'calls'").pluck().get()).toBe(0);
    after.close();
  });

  it('explains a data folder that cannot hold the log at once, and refuses requests with that reason', async () => {
    const tmp = tempDir();
    cleanup.push(async () => tmp.remove());
    const file = path.join(tmp.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const { store } = newStore({ dataDir: file });
    await store.start();
    expect(store.status()).toMatchObject({ ok: false, code: 'DATA_FOLDER_UNUSABLE' });
    expect(store.status().error).toMatch(/not-a-folder cannot be used: it is a file, not a folder/);
    for (const e of aiResolvedCall('CA1', Date.UTC(2026, 2, 3)).events) store.record(e);
    await expect(store.history({})).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/it is a file, not a folder/),
    });
    await expect(store.write('agents.load', {})).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('refuses a second store on the same folder and leaves the first working', async () => {
    const { store, dir } = newStore();
    await store.start();
    const second = new StoreClient({ dataDir: dir, log: createSilentLog(), clock: realClock });
    cleanup.push(() => second.stop());
    await expect(second.start()).rejects.toMatchObject({ code: 'DATA_FOLDER_IN_USE' });
    await second.stop();
    for (const e of aiResolvedCall('CA1', Date.UTC(2026, 2, 3)).events) store.record(e);
    await store.flush();
    expect((await store.history({})).rows.map((r) => r.callId)).toEqual(['CA1']);
    expect(existsSync(path.join(dir, 'sauti.lock'))).toBe(true);
    await store.stop();
    expect(existsSync(path.join(dir, 'sauti.lock'))).toBe(false);
  });

  it('prunes calls older than the retention period at start and on request', async () => {
    const tmp = tempDir();
    cleanup.push(async () => tmp.remove());
    const now = Date.now();
    const seed = new StoreClient({
      dataDir: tmp.dir,
      log: createSilentLog(),
      clock: realClock,
      retentionDays: 0,
    });
    await seed.start();
    for (const e of aiResolvedCall('old', now - 40 * 86_400_000).events) seed.record(e);
    for (const e of aiResolvedCall('recent', now - 10 * 86_400_000).events) seed.record(e);
    await seed.flush();
    await seed.stop();

    const { store } = newStore({ dataDir: tmp.dir, retentionDays: 30 });
    await store.start();
    await expect
      .poll(async () => (await store.history({})).rows.map((r) => r.callId), { timeout: 10_000 })
      .toEqual(['recent']);
    expect(await store.prune(now + 25 * 86_400_000)).toBe(1);
    expect((await store.history({})).rows).toEqual([]);
  });
});
