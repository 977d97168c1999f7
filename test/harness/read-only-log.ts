// A call log the app cannot write: a real SQLite file made immutable with chattr +i, which stops
// even root (the usual way tests make a read-only file fails as root). Not every file system allows
// it: `immutableSupported()` says whether this one does.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openWriter } from '../../bridge/store/db';
import { tempDir } from '../unit/store/test-db';

export function immutableSupported(): boolean {
  const tmp = tempDir();
  const f = path.join(tmp.dir, 'probe');
  writeFileSync(f, 'x');
  try {
    execFileSync('chattr', ['+i', f], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', f], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    tmp.remove();
  }
}

export interface ReadOnlyLog {
  /** The data dir holding the log (sauti.db). */
  readonly dir: string;
  /** Lets the log be written again. */
  makeWritable(): void;
  /** Writable again, then deleted with its dir. */
  remove(): void;
}

export function readOnlyLog(): ReadOnlyLog {
  const tmp = tempDir();
  const file = path.join(tmp.dir, 'sauti.db');
  openWriter(file).db.close();
  execFileSync('chattr', ['+i', file]);
  return {
    dir: tmp.dir,
    makeWritable: () => execFileSync('chattr', ['-i', file]),
    remove: () => {
      execFileSync('chattr', ['-i', file]);
      tmp.remove();
    },
  };
}
