// The data folder's lock: one holder at a time, a message naming the holder, and a stale lock (its
// process gone, an earlier boot, a reused pid) taken over, while a live one never is.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataFolderLock,
  LOCK_FILE_NAME,
  realLockEnvironment,
  startedText,
  type LockEnvironment,
  type LockHolder,
} from '../../../bridge/store/data-folder-lock';
import { tempDir } from './test-db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
const folder = () => {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
};
const held = async (dir: string, env?: LockEnvironment) => {
  const lock = await DataFolderLock.acquire(dir, env);
  cleanups.push(() => lock.release());
  return lock;
};

/** A lock file as another process would have left it. */
function writeHolder(dir: string, over: Partial<LockHolder> = {}): LockHolder {
  const holder: LockHolder = {
    app: 'sauti-console',
    pid: 424242,
    host: 'this-laptop',
    startedAtMs: new Date(2026, 11, 6, 10, 2).getTime(),
    token: 'other-token',
    bootId: 'boot-1',
    processStart: '1000',
    ...over,
  };
  writeFileSync(path.join(dir, LOCK_FILE_NAME), `${JSON.stringify(holder)}\n`);
  return holder;
}

/** This machine as a test describes it: which pids run, since when, in which boot. */
function machine(running: Record<number, string> = {}, over: Partial<LockEnvironment> = {}): LockEnvironment {
  return {
    ...realLockEnvironment,
    hostname: () => 'this-laptop',
    nowMs: () => new Date(2026, 11, 6, 12, 0).getTime(),
    bootId: () => 'boot-1',
    isRunning: (pid) => pid === process.pid || pid in running,
    processStart: (pid) => (pid === process.pid ? '5' : running[pid]),
    sleep: () => Promise.resolve(),
    ...over,
  };
}

describe('DataFolderLock', () => {
  it('writes who holds it, readable by this user only, and removes it on release', async () => {
    const dir = folder();
    const lock = await DataFolderLock.acquire(dir);
    const file = path.join(dir, LOCK_FILE_NAME);
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ app: 'sauti-console', pid: process.pid, token: lock.holder.token });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    lock.release();
    expect(existsSync(file)).toBe(false);
    // Free again for the next holder.
    (await DataFolderLock.acquire(dir)).release();
  });

  it('refuses a second holder in plain words: pid, start time, folder, what to do', async () => {
    const dir = folder();
    const first = await held(dir);
    const started = startedText(first.holder.startedAtMs, Date.now());
    await expect(DataFolderLock.acquire(dir)).rejects.toMatchObject({
      code: 'DATA_FOLDER_IN_USE',
      message: `Another Sauti Console (pid ${process.pid}, started ${started}) is using ${dir}. Close it or set DATA_DIR to another folder.`,
    });
  });

  it('refuses while the holder runs on this machine', async () => {
    const dir = folder();
    writeHolder(dir);
    await expect(DataFolderLock.acquire(dir, machine({ 424242: '1000' }))).rejects.toMatchObject({
      code: 'DATA_FOLDER_IN_USE',
      message: expect.stringContaining('(pid 424242, started 10:02) is using'),
    });
  });

  it('takes over a lock whose process is gone (killed -9, crashed)', async () => {
    const dir = folder();
    writeHolder(dir);
    const lock = await held(dir, machine({}));
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({
      token: lock.holder.token,
    });
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', async () => {
    const dir = folder();
    writeHolder(dir, { processStart: '1000' });
    await expect(held(dir, machine({ 424242: '77777' }))).resolves.toBeInstanceOf(DataFolderLock);
  });

  it('takes over a lock from an earlier boot, and one with its own pid that it does not hold (a restarted container)', async () => {
    const earlierBoot = folder();
    writeHolder(earlierBoot, { bootId: 'boot-0' });
    await expect(held(earlierBoot, machine({ 424242: '1000' }))).resolves.toBeInstanceOf(DataFolderLock);
    const ownPid = folder();
    writeHolder(ownPid, { pid: process.pid, processStart: '5' });
    await expect(held(ownPid, machine())).resolves.toBeInstanceOf(DataFolderLock);
  });

  it('never takes a lock held on another machine, and says how to clear it', async () => {
    const dir = folder();
    writeHolder(dir, { host: 'reception-pc' });
    await expect(DataFolderLock.acquire(dir, machine({}))).rejects.toMatchObject({
      code: 'DATA_FOLDER_IN_USE',
      message:
        `Another Sauti Console (pid 424242 on reception-pc, started 10:02) is using ${dir}. Close it or set ` +
        `DATA_DIR to another folder. If it is not running there, delete ${path.join(dir, LOCK_FILE_NAME)}.`,
    });
  });

  it('gives an unreadable lock file (being written) a moment, then treats it as stale', async () => {
    const dir = folder();
    const file = path.join(dir, LOCK_FILE_NAME);
    writeFileSync(file, '');
    let nowMs = statSync(file).mtimeMs;
    let waits = 0;
    const env = machine(
      {},
      {
        nowMs: () => nowMs,
        sleep: () => {
          waits++;
          nowMs += 1000;
          return Promise.resolve();
        },
      },
    );
    await held(dir, env);
    expect(waits).toBeGreaterThanOrEqual(5);
  });

  it('releases only its own lock, never one that replaced it', async () => {
    const dir = folder();
    const lock = await DataFolderLock.acquire(dir);
    const other = writeHolder(dir, { token: 'someone-else' });
    lock.release();
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8'))).toEqual(other);
  });

  it('clears a breaker left by a process killed while taking over a stale lock', async () => {
    const dir = folder();
    writeHolder(dir);
    writeFileSync(
      path.join(dir, `${LOCK_FILE_NAME}.break`),
      JSON.stringify({ pid: 515151, host: 'this-laptop', atMs: 0 }),
    );
    await expect(held(dir, machine({}))).resolves.toBeInstanceOf(DataFolderLock);
    expect(existsSync(path.join(dir, `${LOCK_FILE_NAME}.break`))).toBe(false);
  });
});

describe('startedText', () => {
  it('says the time for today and the day for another day', () => {
    const now = new Date(2026, 11, 6, 18, 0).getTime();
    expect(startedText(new Date(2026, 11, 6, 9, 5).getTime(), now)).toBe('09:05');
    expect(startedText(new Date(2026, 11, 3, 21, 40).getTime(), now)).toBe('3 Dec 21:40');
  });
});
