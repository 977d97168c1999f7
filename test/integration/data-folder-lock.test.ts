// The data folder's lock between real processes: of several starting at the same instant exactly one
// wins, and a holder killed with SIGKILL does not keep the next start out.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderLock, LOCK_FILE_NAME } from '../../bridge/store/data-folder-lock';
import { tempDir } from '../unit/store/test-db';

const ROOT = path.resolve(__dirname, '../..');
const LOCK_MODULE = JSON.stringify(pathToFileURL(path.join(ROOT, 'bridge/store/data-folder-lock.ts')).href);

/** Waits until GO_AT_MS (so every child tries at the same instant), tries once, says how it went, holds. */
const CHILD = `
import { DataFolderLock } from ${LOCK_MODULE};
const goAt = Number(process.env.GO_AT_MS);
while (Date.now() < goAt) {}
DataFolderLock.acquire(process.env.FOLDER).then(
  () => process.stdout.write('won\\n'),
  (err) => process.stdout.write((err.code ?? String(err)) + '\\n'),
);
setInterval(() => {}, 1000);
`;

const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const c of cleanups.splice(0)) c();
});

function startChild(folder: string, goAtMs: number): { child: ChildProcess; said: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { ...process.env, FOLDER: folder, GO_AT_MS: String(goAtMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const said = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => reject(new Error(`child exited: ${err}`)));
  });
  return { child, said };
}

describe('the data folder lock between processes', () => {
  it('lets exactly one of six processes starting together hold the folder', { timeout: 60_000 }, async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    // Far enough ahead for every child to have loaded (tsx start-up) and be spinning on the clock.
    const goAtMs = Date.now() + 6000;
    const runs = Array.from({ length: 6 }, () => startChild(t.dir, goAtMs));
    const outcomes = await Promise.all(runs.map((r) => r.said));
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'won')).toEqual(Array(5).fill('DATA_FOLDER_IN_USE'));
  });

  it(
    'does not keep the next start out after its holder is killed with SIGKILL',
    { timeout: 30_000 },
    async () => {
      const t = tempDir();
      cleanups.push(t.remove);
      const { child, said } = startChild(t.dir, 0);
      expect(await said).toBe('won');
      await expect(DataFolderLock.acquire(t.dir)).rejects.toMatchObject({ code: 'DATA_FOLDER_IN_USE' });
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      expect(existsSync(path.join(t.dir, LOCK_FILE_NAME))).toBe(true);
      const lock = await DataFolderLock.acquire(t.dir);
      expect(lock.holder.pid).toBe(process.pid);
      lock.release();
    },
  );
});
