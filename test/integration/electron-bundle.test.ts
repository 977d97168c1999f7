// The built desktop main bundle (out/main/main.js, what Electron runs) under plain Node with a stand-in
// for 'electron' (test/integration/electron-bundle/): it starts the real core and its store thread from
// the bundle, serves the renderer on the app scheme with the CSP header, opens the locked-down window,
// answers a console command over the brokered port, refuses a stranger's request, and stops the core on
// quit. It catches what unit tests with electron mocked cannot: bundling, paths, the worker entry.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../sim/carrier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = path.join(root, 'out', 'main', 'main.js');
const built = existsSync(bundle) && existsSync(path.join(root, 'out', 'renderer', 'index.html'));
const TIMEOUT_MS = 45_000;

interface Report {
  what: string;
  [key: string]: unknown;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// `npm test` builds before it runs vitest; run `npm run build` first when running this file alone.
describe.skipIf(!built)('built Electron main bundle', () => {
  it('boots the core, serves the app, brokers the console port and stops on quit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-bundle-'));
    dirs.push(dir);
    const child = spawn(
      process.execPath,
      ['--import', path.join(root, 'test', 'integration', 'electron-bundle', 'register.mjs'), bundle],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          STAND_IN_USER_DATA: path.join(dir, 'user-data'),
          DATA_DIR: path.join(dir, 'data'),
          PORT: '0',
          OPENAI_API_KEY: 'sk-bundle-test-never-logged',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const reports: Report[] = [];
    const logs: Array<{ msg?: string; code?: string }> = [];
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as { msg?: string });
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
      const lines = stderr.split('\n');
      stderr = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('[stand-in] ')) reports.push(JSON.parse(line.slice(11)) as Report);
      }
    });
    const find = <T>(what: string) => reports.find((r) => r.what === what) as unknown as T | undefined;
    // 'close', not 'exit': the exit code once both pipes were read to the end, so every line is in.
    let closed = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        closed = true;
        resolve(code);
      }),
    );
    try {
      // The scripted window's one command answered over the brokered port: everything before it is done.
      await waitFor(
        () => {
          if (reports.some((r) => r.what === 'reply')) return true;
          if (closed) throw new Error(`the bundle ended before the reply:\n${JSON.stringify(reports)}`);
          return false;
        },
        TIMEOUT_MS,
        'the console reply over the brokered port',
      );
      const window = find<{ webPreferences: Record<string, unknown> }>('window');
      expect(window?.webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
      });
      expect(existsSync(window!.webPreferences.preload as string)).toBe(true);
      expect(reports.find((r) => r.what === 'load')).toMatchObject({ url: 'sauti://console/index.html' });
      const page = find<{ status: number; csp: string; html: string }>('page')!;
      expect(page.status).toBe(200);
      expect(page.csp).toContain("script-src 'self'");
      expect(page.html).toContain('<html');
      const reply = find<{ data: unknown }>('reply')!;
      expect(reply.data).toMatchObject({ type: 'res', id: 1, result: { ok: true } });
      expect(reports).toContainEqual({ what: 'event', name: 'link.changed', state: 'local' });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      // With the process gone and its output read to the end: the stranger never got a port (no second
      // reply, ever), and the log (stdout, a pipe of its own) says so.
      expect(reports.filter((r) => r.what === 'reply')).toHaveLength(1);
      expect(logs.map((l) => l.code)).toContain('SHELL_IPC_SENDER_REFUSED');
      expect(logs.map((l) => l.msg)).toContain('call log open');
      expect(logs.map((l) => l.msg)).toContain('core stopped');
      expect(JSON.stringify(logs)).not.toContain('sk-bundle-test-never-logged');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
