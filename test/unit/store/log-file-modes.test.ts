// The call log holds callers' numbers and words: its folder is 0700 and every file the store writes
// (the database, its WAL and shared-memory index) 0600, also when an older version left them wider.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import { StoreClient } from '../../../bridge/store/client';
import { aiResolvedCall } from './call-script';
import { tempDir } from './test-db';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every file in the folder with its mode, while the store runs (the WAL and index exist then). */
async function modesWhileRunning(folder: string): Promise<Record<string, number>> {
  const store = new StoreClient({ dataDir: folder, log: createSilentLog(), clock: realClock });
  cleanups.push(() => store.stop());
  await store.start();
  for (const e of aiResolvedCall('CA1', Date.UTC(2026, 2, 3, 9)).events) store.record(e);
  await store.flush();
  await store.history({}); // the reader has the file open too
  const modes: Record<string, number> = {};
  for (const name of readdirSync(folder)) modes[name] = modeOf(path.join(folder, name));
  return modes;
}

describe.skipIf(process.platform === 'win32')('call log file modes', () => {
  it('makes a new log private: folder 0700, database, WAL and index 0600', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const folder = path.join(t.dir, 'data');
    const modes = await modesWhileRunning(folder);
    expect(modeOf(folder)).toBe(0o700);
    expect(modes).toEqual({
      'sauti.db': 0o600,
      'sauti.db-wal': 0o600,
      'sauti.db-shm': 0o600,
      'sauti.lock': 0o600,
    });
  });

  it('tightens a log an older version left readable by everyone', async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const folder = path.join(t.dir, 'data');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const file = path.join(folder, 'sauti.db');
    // As SQLite makes it under the usual umask: 0644, and its WAL beside it.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    chmodSync(file, 0o644);
    chmodSync(`${file}-wal`, 0o644);
    chmodSync(`${file}-shm`, 0o644);
    expect(modeOf(`${file}-wal`)).toBe(0o644);
    const modes = await modesWhileRunning(folder);
    old.close();
    expect(modeOf(folder)).toBe(0o700);
    expect(modes).toMatchObject({ 'sauti.db': 0o600, 'sauti.db-wal': 0o600, 'sauti.db-shm': 0o600 });
  });
});
