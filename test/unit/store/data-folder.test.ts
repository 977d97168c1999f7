// The data folder at start: made and private, an existing 0755 folder tightened, and every folder that
// cannot hold the app's files refused at once in words that say what to do.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDataFolder } from '../../../bridge/store/data-folder';
import { immutableSupported } from '../../harness/read-only-log';
import { tempDir } from './test-db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
const dir = () => {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
};

describe('prepareDataFolder', () => {
  it('makes a missing folder 0700 and leaves nothing behind from its write test', () => {
    const folder = path.join(dir(), 'sauti');
    expect(prepareDataFolder(folder)).toEqual({ folder, created: true, tightened: false });
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('tightens an existing folder readable by others', () => {
    const folder = path.join(dir(), 'shared');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    expect(prepareDataFolder(folder)).toEqual({ folder, created: false, widerMode: 0o755, tightened: true });
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it('refuses a file in plain words that name DATA_DIR', () => {
    const file = path.join(dir(), 'sauti.db');
    writeFileSync(file, '');
    expect(() => prepareDataFolder(file)).toThrow(
      expect.objectContaining({
        code: 'DATA_FOLDER_UNUSABLE',
        message:
          `The data folder ${file} cannot be used: it is a file, not a folder. Calls are answered, but ` +
          'nothing is kept (call log, settings, team). Set DATA_DIR to a folder this user can write, then restart.',
      }),
    );
  });

  it.runIf(process.platform === 'linux')('refuses a folder under /proc at once', () => {
    expect(() => prepareDataFolder('/proc/sauti')).toThrow(/\/proc cannot hold folders/);
  });

  it.skipIf(!immutableSupported())('refuses a folder that takes no new file (write-protected)', () => {
    const folder = path.join(dir(), 'locked');
    mkdirSync(folder, { mode: 0o700 });
    // chattr +i stops even root, who ignores mode bits (these tests may run as root).
    execFileSync('chattr', ['+i', folder]);
    cleanups.push(() => execFileSync('chattr', ['-i', folder]));
    expect(() => prepareDataFolder(folder)).toThrow(/this user may not write in .*locked/);
  });
});
