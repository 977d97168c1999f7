// SQLite failures as SautiErrors with a ROOM_WHAT code and a retryable flag, so the writer knows
// whether to keep its queue and retry (disk full, read-only file, I/O, busy) or to give up on one event.
import { SautiError } from '../base/errors';

/** Extended result codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) are grouped by their primary code. */
function primaryCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const m = /^SQLITE_[A-Z]+/.exec(code);
  return m ? m[0] : code;
}

/** True for errors of the disk or the file, where the same write may succeed later. */
export function isStorageFault(err: unknown): boolean {
  if (err instanceof SautiError) return err.retryable;
  switch (primaryCode(err)) {
    case 'SQLITE_FULL':
    case 'SQLITE_READONLY':
    case 'SQLITE_IOERR':
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_NOMEM':
    case 'SQLITE_PERM':
      return true;
    default:
      return false;
  }
}

/** Wraps anything a SQLite call threw into a SautiError naming what happened to the call log. */
export function toStoreError(err: unknown, file: string): SautiError {
  if (err instanceof SautiError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  const retryable = isStorageFault(err);
  const code = primaryCode(err);
  switch (code) {
    case 'SQLITE_FULL':
      return new SautiError('STORE_DISK_FULL', `The call log cannot be written: the disk is full (${file})`, {
        retryable,
        cause: err,
      });
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return new SautiError('STORE_READ_ONLY', `The call log file is read-only (${file})`, {
        retryable,
        cause: err,
      });
    case 'SQLITE_CANTOPEN':
      return new SautiError('STORE_CANT_OPEN', `The call log cannot be opened (${file}): ${detail}`, {
        retryable,
        cause: err,
      });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new SautiError('STORE_BUSY', `The call log is locked by another program (${file})`, {
        retryable,
        cause: err,
      });
    case 'SQLITE_IOERR':
    case 'SQLITE_NOMEM':
      return new SautiError('STORE_IO', `The call log cannot be written: ${detail}`, {
        retryable,
        cause: err,
      });
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new SautiError(
        'STORE_CORRUPT',
        `The call log file is damaged (${file}): move it away and restart to begin a new log`,
        { cause: err },
      );
    default:
      return new SautiError('STORE_FAILED', `The call log failed: ${detail}`, { retryable, cause: err });
  }
}
