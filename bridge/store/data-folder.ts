// The data folder (DATA_DIR) made ready at start, fast, with any problem in plain words: created when
// missing, a folder (not a file), writable by this process now, and private (an existing folder with a
// wider mode is tightened to 0700). Runs before anything else writes there.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SautiError } from '../base/errors';
import {
  describeFsFailure,
  makePrivateFolder,
  PRIVATE_FILE_MODE,
  PRIVATE_FOLDER_MODE,
  tightenMode,
} from '../base/private-folder';

/** What preparing the folder did, for the log. */
export interface DataFolderReport {
  readonly folder: string;
  readonly created: boolean;
  /** The folder's mode when it was wider than 0700 (e.g. 0o755). */
  readonly widerMode?: number;
  /** Whether that wider mode was changed (not possible for a folder owned by another user). */
  readonly tightened: boolean;
}

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;
const isDiskFull = (err: unknown) => errno(err) === 'ENOSPC' || errno(err) === 'EDQUOT';

function unusable(folder: string, why: string, cause?: unknown): SautiError {
  return new SautiError(
    'DATA_FOLDER_UNUSABLE',
    `The data folder ${folder} cannot be used: ${why}. Calls are answered, but nothing is kept (call log, ` +
      'settings, team). Set DATA_DIR to a folder this user can write, then restart.',
    { cause },
  );
}

/** Proves the folder takes a new file now (a write-protected folder or a read-only disk says so here). */
function probeWritable(folder: string): void {
  const probe = path.join(folder, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(probe, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    // A full disk is not the folder's fault: the call log reports it and retries until space returns.
    if (isDiskFull(err)) return;
    throw unusable(folder, describeFsFailure(err, folder), err);
  }
  try {
    writeSync(fd, 'ok');
  } catch (err) {
    if (!isDiskFull(err)) throw unusable(folder, describeFsFailure(err, folder), err);
  } finally {
    closeSync(fd);
    unlinkSync(probe);
  }
}

/** Makes the data folder ready, or throws DATA_FOLDER_UNUSABLE saying why and what to do. */
export function prepareDataFolder(folder: string): DataFolderReport {
  const resolved = path.resolve(folder);
  const created = makePrivateFolder(resolved, unusable);
  probeWritable(resolved);
  const { wider, changed } = tightenMode(resolved, PRIVATE_FOLDER_MODE);
  return {
    folder: resolved,
    created,
    tightened: changed,
    ...(wider !== undefined ? { widerMode: wider } : {}),
  };
}
