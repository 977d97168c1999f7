// Private folders: made one level at a time (never Node's recursive mkdir, which spins on /proc paths),
// each new level 0700, a wider existing mode tightened, and every impossible path refused in words.
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePrivateFolder, modeText, tightenMode } from '../../../bridge/base/private-folder';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sauti-private-folder-'));
  dirs.push(d);
  return d;
};

describe('makePrivateFolder', () => {
  it('makes every missing level 0700 and says it made the folder; an existing folder is left as it is', () => {
    const root = tempDir();
    const folder = path.join(root, 'a', 'b', 'c');
    expect(makePrivateFolder(folder)).toBe(true);
    for (const level of ['a', 'a/b', 'a/b/c']) {
      expect(statSync(path.join(root, level)).mode & 0o777).toBe(0o700);
    }
    expect(makePrivateFolder(folder)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('refuses a path under /proc at once instead of spinning', () => {
    expect(() => makePrivateFolder('/proc/sauti-console/data')).toThrow(
      expect.objectContaining({
        code: 'DATA_FOLDER_UNUSABLE',
        message: expect.stringMatching(/\/proc cannot hold folders/),
      }),
    );
  });

  it('refuses a path that is a file, or runs through a file, naming the file', () => {
    const root = tempDir();
    const file = path.join(root, 'notes.txt');
    writeFileSync(file, 'x');
    expect(() => makePrivateFolder(file)).toThrow(/notes\.txt cannot be used: it is a file, not a folder/);
    expect(() => makePrivateFolder(path.join(file, 'data'))).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a file, not a folder`),
    );
  });

  it('refuses a path under a broken link', () => {
    const root = tempDir();
    symlinkSync(path.join(root, 'gone'), path.join(root, 'link'));
    expect(() => makePrivateFolder(path.join(root, 'link', 'data'))).toThrow(
      /link exists but is not a folder \(a file or a broken link\)/,
    );
  });
});

describe('tightenMode', () => {
  it.skipIf(process.platform === 'win32')('narrows a wider mode and reports what it was', () => {
    const folder = path.join(tempDir(), 'open');
    mkdirSync(folder, { mode: 0o755 });
    expect(tightenMode(folder, 0o700)).toEqual({ wider: 0o755, changed: true });
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(tightenMode(folder, 0o700)).toEqual({ changed: false });
    expect(modeText(0o755)).toBe('0755');
  });
});
