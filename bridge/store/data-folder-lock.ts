// One Sauti Console per data folder. Two on the same folder damage each other's call log (the second
// closes the first's live calls as interrupted) and files, so the first to start holds DATA_DIR/sauti.lock
// and the second stops at once, saying who holds it. The lock file is written whole under a temporary
// name and hard-linked into place: link() fails when the lock exists, so of two processes starting
// together exactly one wins (no check-then-write). A lock whose process is gone (killed -9, a crash, a
// reboot) is stale: it is taken over, under a short breaker file so two newcomers cannot both take it.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SautiError } from '../base/errors';
import { PRIVATE_FILE_MODE } from '../base/private-folder';

export const LOCK_FILE_NAME = 'sauti.lock';
const APP = 'sauti-console';
/** A lock file that cannot be read (half-written by a process without hard links) is given this long. */
const UNREADABLE_GRACE_MS = 5000;
/** A breaker older than this belongs to a process that died while taking over a stale lock. */
const BREAKER_STALE_MS = 10_000;
const MAX_ATTEMPTS = 20;
const RETRY_WAIT_MS = 50;

/** Who holds the lock, as written in the lock file. */
export interface LockHolder {
  readonly app: typeof APP;
  readonly pid: number;
  readonly host: string;
  readonly startedAtMs: number;
  /** Tells this holding apart from an earlier one by the same pid. */
  readonly token: string;
  /** Linux: the boot the process ran in; a lock from an earlier boot is stale. */
  readonly bootId?: string;
  /** Linux: the process's start time in clock ticks since boot; a different one means the pid was reused. */
  readonly processStart?: string;
}

/** How the lock sees this machine and its processes (real by default; tests replace parts). */
export interface LockEnvironment {
  readonly pid: number;
  readonly hostname: () => string;
  readonly nowMs: () => number;
  /** Whether a process with this pid runs on this machine now. */
  readonly isRunning: (pid: number) => boolean;
  readonly bootId: () => string | undefined;
  /** A process's start time (Linux /proc/<pid>/stat field 22), undefined where unknown. */
  readonly processStart: (pid: number) => string | undefined;
  readonly sleep: (ms: number) => Promise<void>;
}

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

export const realLockEnvironment: LockEnvironment = {
  pid: process.pid,
  hostname: () => os.hostname(),
  nowMs: () => Date.now(),
  isRunning: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it runs, as another user.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  bootId: () => readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined,
  processStart: (pid) => {
    const stat = readText(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const rest = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest?.[19];
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Tokens of the locks this process holds now (two cores in one process must not share a folder either). */
const heldHere = new Set<string>();

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

function parseHolder(text: string | undefined): LockHolder | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (v.app !== APP || !Number.isInteger(v.pid) || typeof v.host !== 'string') return null;
    if (typeof v.startedAtMs !== 'number' || typeof v.token !== 'string') return null;
    return v as LockHolder;
  } catch {
    return null;
  }
}

function writeWhole(file: string, text: string): void {
  const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already
  }
}

/** "10:02" today, "3 Dec 10:02" another day: when the other copy started, in the reader's local time. */
export function startedText(startedAtMs: number, nowMs: number): string {
  const d = new Date(startedAtMs);
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (d.toDateString() === new Date(nowMs).toDateString()) return time;
  const month = d.toLocaleString('en-GB', { month: 'short' });
  return `${d.getDate()} ${month} ${time}`;
}

export class DataFolderLock {
  private released = false;

  private constructor(
    readonly file: string,
    readonly holder: LockHolder,
  ) {}

  /**
   * Takes the folder's lock, or throws DATA_FOLDER_IN_USE naming the process that holds it. A stale
   * lock (its process is not running on this machine any more) is taken over.
   */
  static async acquire(folder: string, env: LockEnvironment = realLockEnvironment): Promise<DataFolderLock> {
    const file = path.join(folder, LOCK_FILE_NAME);
    const holder: LockHolder = {
      app: APP,
      pid: env.pid,
      host: env.hostname(),
      startedAtMs: env.nowMs(),
      token: randomBytes(12).toString('hex'),
      bootId: env.bootId(),
      processStart: env.processStart(env.pid),
    };
    const text = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (tryCreate(file, text, holder.token)) {
        heldHere.add(holder.token);
        return new DataFolderLock(file, holder);
      }
      const raw = readText(file);
      if (raw === undefined) continue; // released meanwhile: try again at once
      const other = parseHolder(raw);
      if (!other) {
        // Being written by a process without hard links (see tryCreate), or garbage: give it a moment.
        if (ageMs(file, env) < UNREADABLE_GRACE_MS) {
          await env.sleep(RETRY_WAIT_MS);
          continue;
        }
        breakStale(file, raw, env);
        continue;
      }
      if (isLive(other, env)) throw inUse(folder, other, env);
      if (!breakStale(file, raw, env)) await env.sleep(RETRY_WAIT_MS);
    }
    throw new SautiError(
      'DATA_FOLDER_LOCK_FAILED',
      `Could not take the lock on the data folder ${folder}: other programs keep changing ${LOCK_FILE_NAME}. ` +
        'Close other copies of Sauti Console and try again.',
      { retryable: true },
    );
  }

  /** Gives the lock up (only while it is still this holder's: never someone else's). */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.holder.token);
    if (parseHolder(readText(this.file))?.token === this.holder.token) unlinkQuietly(this.file);
  }
}

/** Creates the lock file with `text` atomically; false when a lock already exists. */
function tryCreate(file: string, text: string, token: string): boolean {
  const tmp = `${file}.${token}.tmp`;
  writeWhole(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = errno(err);
    if (code === 'EEXIST') return false;
    // No hard links on this file system (FAT, some network shares): an exclusive create is atomic too,
    // only a reader may see the file before its text is in (handled as "unreadable" above).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      try {
        writeWhole(file, text);
        return true;
      } catch (createErr) {
        if (errno(createErr) === 'EEXIST') return false;
        throw createErr;
      }
    }
    throw err;
  } finally {
    unlinkQuietly(tmp);
  }
}

function ageMs(file: string, env: LockEnvironment): number {
  try {
    return env.nowMs() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether the process that wrote `holder` still runs (a lock from another machine counts as live). */
function isLive(holder: LockHolder, env: LockEnvironment): boolean {
  if (heldHere.has(holder.token)) return true;
  // The folder is shared with another machine: its processes cannot be seen from here.
  if (holder.host !== env.hostname()) return true;
  const bootId = env.bootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return false;
  // This process's own pid in a lock it does not hold: an earlier life (a container restarts as pid 1).
  if (holder.pid === env.pid) return false;
  if (!env.isRunning(holder.pid)) return false;
  const start = env.processStart(holder.pid);
  return !(holder.processStart && start && holder.processStart !== start);
}

/**
 * Removes the stale lock whose text is `staleText`, if it is still that one, while holding the breaker
 * (an exclusive create) so two processes never both remove a lock and both create their own. Returns
 * false when another process is breaking it now.
 */
function breakStale(file: string, staleText: string, env: LockEnvironment): boolean {
  const breaker = `${file}.break`;
  try {
    writeWhole(breaker, JSON.stringify({ pid: env.pid, host: env.hostname(), atMs: env.nowMs() }));
  } catch (err) {
    if (errno(err) !== 'EEXIST') throw err;
    // A breaker left by a process killed while breaking (a tiny window) would block everyone: age it out.
    const holder = parseBreaker(readText(breaker));
    const gone =
      holder !== null &&
      holder.host === env.hostname() &&
      holder.pid !== env.pid &&
      !env.isRunning(holder.pid);
    if (gone || ageMs(breaker, env) > BREAKER_STALE_MS) unlinkQuietly(breaker);
    return false;
  }
  try {
    if (readText(file) === staleText) unlinkQuietly(file);
    return true;
  } finally {
    unlinkQuietly(breaker);
  }
}

function parseBreaker(text: string | undefined): { pid: number; host: string } | null {
  try {
    const v = JSON.parse(text ?? '') as { pid?: unknown; host?: unknown };
    return Number.isInteger(v.pid) && typeof v.host === 'string'
      ? { pid: v.pid as number, host: v.host }
      : null;
  } catch {
    return null;
  }
}

function inUse(folder: string, holder: LockHolder, env: LockEnvironment): SautiError {
  const where = holder.host === env.hostname() ? '' : ` on ${holder.host}`;
  const started = startedText(holder.startedAtMs, env.nowMs());
  const clear =
    holder.host === env.hostname()
      ? ''
      : ` If it is not running there, delete ${path.join(folder, LOCK_FILE_NAME)}.`;
  return new SautiError(
    'DATA_FOLDER_IN_USE',
    `Another Sauti Console (pid ${holder.pid}${where}, started ${started}) is using ${folder}. ` +
      `Close it or set DATA_DIR to another folder.${clear}`,
  );
}
