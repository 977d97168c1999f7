// The Node build of the SQLite addon survives `npm run dist`: a kept file is put back when a step
// rewrote or deleted it (folder included), and left alone when nothing changed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepFileAsItIs } from '../../../electron/kept-file';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function addon() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-kept-'));
  dirs.push(dir);
  const file = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from('node-abi-115'));
  return { dir, file };
}

describe('a kept file', () => {
  it('is put back after a step deleted its whole folder', () => {
    const { dir, file } = addon();
    const restore = keepFileAsItIs(file);
    rmSync(path.join(dir, 'build'), { recursive: true });
    expect(restore()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('node-abi-115');
  });

  it('is put back after a step rewrote it, and left alone when nothing changed', () => {
    const { file } = addon();
    const restore = keepFileAsItIs(file);
    expect(restore()).toBe(false);
    writeFileSync(file, 'electron-abi');
    expect(restore()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('node-abi-115');
  });

  it('does nothing for a file that was not there', () => {
    const { dir } = addon();
    const missing = path.join(dir, 'nothing.node');
    expect(keepFileAsItIs(missing)()).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });
});
