// `npm run sim:call` as a user runs it from the repository: the recording of what the caller heard goes
// to the OS temp folder (or where --out says), the path is printed, and nothing lands in the repo.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);
let app: TestApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await app?.stop();
  app = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const simCall = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'test/sim/cli.ts', ...args], { cwd: root, timeout: 60_000 });

describe('npm run sim:call', () => {
  it('writes what the caller heard to the temp folder by default and says where', async () => {
    app = await startTestApp({ echoMode: true });
    const { stdout } = await simCall(['--url', app.url, '--listen-ms', '200']);
    const written = /recording written to (.+\.wav)/.exec(stdout)?.[1];
    expect(written).toBe(path.join(os.tmpdir(), 'sauti-sim-call-heard.wav'));
    expect(statSync(written!).size).toBeGreaterThan(44);
    expect(existsSync(path.join(root, 'sim-call-heard.wav'))).toBe(false);
  });

  it('writes to the file --out names', async () => {
    app = await startTestApp({ echoMode: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-sim-out-'));
    dirs.push(dir);
    const out = path.join(dir, 'heard.wav');
    const { stdout } = await simCall(['--url', app.url, '--listen-ms', '200', '--out', out]);
    expect(stdout).toContain(`recording written to ${out}`);
    expect(existsSync(out)).toBe(true);
  });
});
