// `npm run serve` and `npm start`'s fallback as a user runs them: a real process on real ports. stdout is
// one JSON log line per event with no secrets; the console URL goes to stderr; Ctrl-C stops cleanly; a
// busy port is explained by the setting's name; without Electron, `npm start` says why and serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook, waitFor } from '../sim/carrier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRETS = {
  GEMINI_API_KEY: 'AIzaTestGeminiKeyNeverLogged123',
  SAUTIKIT_API_KEY: 'sk_test_sautikit_never_logged',
  SAUTIKIT_WEBHOOK_SECRET: 'whsec_never_logged_456',
  CONSOLE_TOKEN: 'console-token-never-in-logs-789',
};
const START_TIMEOUT_MS = 45_000;

interface Run {
  child: ChildProcess;
  dataDir: string;
  stdout: string[];
  stderr: string[];
  /** The exit code, once the process ended and its output was read to the end. */
  exited: Promise<number | null>;
  closed: boolean;
}

const dirs: string[] = [];
const running: ChildProcess[] = [];

function launch(args: string[], env: Record<string, string>): Run {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-serve-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/start.ts', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      PORT: '0',
      CONSOLE_PORT: '0',
      DATA_DIR: dataDir,
      SAUTI_NO_BUILD: '1',
      AI_PROVIDER: 'gemini',
      ...SECRETS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const run: Run = {
    child,
    dataDir: env.DATA_DIR ?? dataDir,
    stdout: [],
    stderr: [],
    // 'close', not 'exit': the exit code once the output was read to the end, so the lines are all there.
    exited: new Promise((r) =>
      child.on('close', (code) => {
        run.closed = true;
        r(code);
      }),
    ),
    closed: false,
  };
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    run.stdout.push(...lines.filter((l) => l.length > 0));
  });
  child.stderr!.on('data', (b: Buffer) => run.stderr.push(b.toString('utf8')));
  return run;
}

/** Resolves once stderr matches `pattern`; fails at once if the process ends without saying it. */
async function waitForStderr(run: Run, pattern: RegExp): Promise<RegExpMatchArray> {
  const probe = () => {
    const match = run.stderr.join('').match(pattern);
    if (!match && run.closed) throw new Error(`no ${pattern} before the process ended`);
    return match;
  };
  return waitFor(probe, START_TIMEOUT_MS, `${pattern} in stderr`).catch((err: unknown) => {
    throw new Error(`${String(err)}\nstderr:\n${run.stderr.join('')}\nstdout:\n${run.stdout.join('\n')}`);
  });
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm run serve', () => {
  it('serves webhooks and the console, logs JSON lines without secrets, and stops on Ctrl-C', async () => {
    const run = launch(['--headless'], {});
    const [, publicUrl] = await waitForStderr(run, /answering calls at (http:\/\/127\.0\.0\.1:\d+)\/voice/);
    const [, consoleOrigin, token] = await waitForStderr(
      run,
      /console in your browser: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/,
    );
    expect(decodeURIComponent(token!)).toBe(SECRETS.CONSOLE_TOKEN);
    expect((await fetch(`${publicUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${consoleOrigin}/healthz`)).status).toBe(200);
    const unsigned = await fetch(`${publicUrl}/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ call_id: 'c1', from: '+254712345678', to: '+254700000000' }),
    });
    // Refused, yet valid XML: a forged call gets an apology and a hang-up, never a stream.
    expect(unsigned.status).toBe(200);
    const answer = await unsigned.text();
    expect(answer).toMatch(/<Hangup\s*\/>/);
    expect(answer).not.toContain('<Stream');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(2);
    const events = run.stdout.map((line) => JSON.parse(line) as { msg?: string });
    expect(events.map((e) => e.msg)).toContain('core stopped');
    const everything = run.stdout.join('\n') + run.stderr.join('');
    for (const [name, secret] of Object.entries(SECRETS)) {
      if (name === 'CONSOLE_TOKEN') expect(run.stdout.join('\n')).not.toContain(secret);
      else expect(everything, name).not.toContain(secret);
    }
  });

  it('with no AI key, says the built-in demo agent answers, to the person and in the log', async () => {
    const run = launch(['--headless'], { GEMINI_API_KEY: '' });
    await waitForStderr(run, /No AI key is set: the built-in demo agent \(a short script, not a real AI\)/);
    await waitForStderr(run, /console in your browser/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const lines = run.stdout.map((line) => JSON.parse(line) as { msg?: string; reason?: string });
    const demo = lines.find((l) => l.msg?.startsWith('no AI key: the built-in demo agent'));
    expect(demo?.reason).toBe('no AI key is set (GEMINI_API_KEY): the demo agent answers calls');
  });

  it('names the setting when the public port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = launch(['--headless'], { PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.stderr.join('')).toContain(`Port ${port} is already in use`);
      expect(run.stderr.join('')).toContain('set PORT to another port');
    } finally {
      blocker.close();
    }
  });
});

describe('npm run serve and its data folder', () => {
  it('refuses a second copy on the same data folder at once, naming the first, with a non-zero exit', async () => {
    const first = launch(['--headless'], {});
    await waitForStderr(first, /answering calls at/);
    const second = launch(['--headless'], { DATA_DIR: first.dataDir });
    expect(await second.exited).toBe(1);
    expect(second.stderr.join('')).toMatch(
      new RegExp(
        `Another Sauti Console \\(pid ${first.child.pid}, started \\d\\d:\\d\\d\\) is using ` +
          `${first.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Close it or set DATA_DIR to another folder\\.`,
      ),
    );
    // The first copy was not disturbed.
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });

  it('starts at once on a folder that cannot hold files, says why, and answers calls', async () => {
    const run = launch(['--headless'], { DATA_DIR: '/proc/sauti-console' });
    const [, publicUrl] = await waitForStderr(run, /answering calls at (http:\/\/127\.0\.0\.1:\d+)\/voice/);
    await waitForStderr(run, /The data folder \/proc\/sauti-console cannot be used: .*Set DATA_DIR/);
    // Health says the log is broken (and nothing an outsider could count) …
    const health = await fetch(`${publicUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, store: 'error' });
    // … and a call is still answered with the caller's stream.
    const voice = await postWebhook(
      `${publicUrl}/voice`,
      { CallId: 'CA-proc-1', From: '+254712345678', To: '+254709000000' },
      { secret: SECRETS.SAUTIKIT_WEBHOOK_SECRET },
    );
    expect(voice.status).toBe(200);
    expect(voice.body).toContain('<Stream');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });
});

describe('npm start without an Electron binary', () => {
  it('says why and serves the browser console instead', async () => {
    const run = launch([], { ELECTRON_OVERRIDE_DIST_PATH: path.join(os.tmpdir(), 'no-electron-here') });
    await waitForStderr(run, /Starting without the desktop window: Electron's binary is not installed/);
    await waitForStderr(run, /console in your browser: http:\/\/127\.0\.0\.1:\d+\/#token=/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
