// A folder only this user may enter (0700: the app's folders hold callers' numbers, transcripts and
// keys), made one level at a time with every problem in plain words. Node's recursive mkdir is not
// used: on a path procfs refuses (/proc/x) or under a broken link it reads ENOENT as "make the parent
// first" and spins forever (nodejs/node; CommandMate#1774 has the strace), which hung the app's start.
import { chmodSync, mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { SautiError } from './errors';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/** Why a file operation in `where` failed, in plain words. */
export function describeFsFailure(err: unknown, where: string): string {
  switch (errno(err)) {
    case 'EACCES':
    case 'EPERM':
      return `this user may not write in ${where}`;
    case 'EROFS':
      return `${where} is on a read-only disk`;
    case 'ENOENT':
      return `${where} cannot hold folders (a system folder such as /proc, or a broken link)`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'the path loops through links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export function folderUnusable(folder: string, why: string, cause?: unknown): SautiError {
  return new SautiError('DATA_FOLDER_UNUSABLE', `The folder ${folder} cannot be used: ${why}.`, { cause });
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/**
 * Makes `folder` and its missing parents (each 0700), one level at a time. Throws DATA_FOLDER_UNUSABLE
 * (or what `fail` makes of the reason) naming the part of the path in the way. Returns whether the
 * folder itself was created.
 */
export function makePrivateFolder(
  folder: string,
  fail: (folder: string, why: string, cause?: unknown) => Error = folderUnusable,
): boolean {
  const target = path.resolve(folder);
  const missing: string[] = [];
  for (let current = target; ;) {
    let stats: Stats | null;
    try {
      stats = statOrNull(current);
    } catch (err) {
      throw fail(target, describeFsFailure(err, current), err);
    }
    if (stats) {
      if (stats.isDirectory()) break;
      throw fail(
        target,
        current === target ? 'it is a file, not a folder' : `${current} is a file, not a folder`,
      );
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) throw fail(target, `${current} does not exist`);
    current = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode: PRIVATE_FOLDER_MODE });
    } catch (err) {
      // Made meanwhile by someone else: fine when it is a folder now (a broken link is not).
      if (errno(err) === 'EEXIST' && statOrNull(dir)?.isDirectory()) continue;
      const why =
        errno(err) === 'EEXIST'
          ? `${dir} exists but is not a folder (a file or a broken link)`
          : describeFsFailure(err, path.dirname(dir));
      throw fail(target, why, err);
    }
  }
  return missing.length > 0;
}

/**
 * Gives `file` (or a folder) the private `mode` when it has a wider one. Returns the mode it had when
 * it was wider, and whether it could be changed (not for another user's file). Windows has no such modes.
 */
export function tightenMode(file: string, mode: number): { wider?: number; changed: boolean } {
  if (process.platform === 'win32') return { changed: false };
  let current: number;
  try {
    current = statSync(file).mode & 0o777;
  } catch {
    return { changed: false };
  }
  if ((current & ~mode) === 0) return { changed: false };
  try {
    chmodSync(file, mode);
    return { wider: current, changed: true };
  } catch {
    return { wider: current, changed: false };
  }
}

/** A mode as people read it: 0o755 → "0755". */
export function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
