// Faults on the team port never take the app down. As a user hit it: a damaged team.json, hosting on,
// and a handful of connections to the team port made the headless app exit (70) — each connection
// threw while its token was checked. Now a real `serve` process reports the damaged record, keeps
// hosting off until the host starts a new team, and refuses bad connections one by one; and on the
// real LAN listener, a handler that throws fails only its own connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { consoleProtocols } from '../../bridge/console/console-socket';
import { FakeClock } from '../../bridge/base/clock';
import { createHostCertificate } from '../../bridge/team/host-certificate';
import { startLanListener, type LanListener } from '../../bridge/team/lan-listener';
import { captureLog } from '../harness/capture-log';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const START_TIMEOUT_MS = 45_000;
const CONNECTIONS = 8;

const dirs: string[] = [];
const running: ChildProcess[] = [];
let listener: LanListener | undefined;
afterEach(async () => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await listener?.close();
  listener = undefined;
});

const freePort = async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
};

/** How a console upgrade to the team port ended: an HTTP status, or the socket error's code. */
const teamUpgrade = (port: number, token: string) =>
  new Promise<number | string>((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/console`, consoleProtocols(token), {
      rejectUnauthorized: false,
    });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

/** A request to the listener (self-signed: no certificate check), with its status and body. */
const httpsRequest = (port: number, method: string, target: string, json?: unknown) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, method, path: target, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(json === undefined ? undefined : JSON.stringify(json));
  });

describe('a damaged team record on a running app', () => {
  it('is reported, keeps hosting off, and connections to the team port never end the process', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-team-faults-'));
    dirs.push(dataDir);
    writeFileSync(path.join(dataDir, 'team-hosting.json'), JSON.stringify({ hosting: true }));
    writeFileSync(path.join(dataDir, 'team.json'), '{"teammates": [');
    const teamPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bridge/serve.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dataDir,
        PORT: '0',
        CONSOLE_PORT: '0',
        TEAM_HOST: '127.0.0.1',
        TEAM_PORT: String(teamPort),
        DATA_DIR: dataDir,
        AI_PROVIDER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    const stdout: string[] = [];
    let stderr = '';
    let closed = false;
    child.stdout!.on('data', (b: Buffer) => stdout.push(b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', () => (closed = true));
    // Up once it prints the console's address, the last thing it says on the way up.
    await waitFor(
      () => {
        if (/#token=\S+/.test(stderr)) return true;
        if (closed) throw new Error(`did not start:\n${stderr}`);
        return false;
      },
      START_TIMEOUT_MS,
      'the console address on stderr',
    );
    const publicUrl = /answering calls at (http:\/\/127\.0\.0\.1:\d+)\/voice/.exec(stderr)![1]!;
    const [, consoleOrigin, token] = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(stderr)!;

    // Hosting stayed off: nothing listens on the team port, however often a client tries.
    for (let i = 0; i < CONNECTIONS; i++)
      expect(await teamUpgrade(teamPort, 'sat_guess')).toBe('ECONNREFUSED');
    const log = () =>
      stdout
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log().find((l) => l.code === 'TEAM_RECORD_DAMAGED')).toMatchObject({
      file: path.join(dataDir, 'team.json'),
    });

    // The host's window says what happened and what turning hosting on will do.
    const ws = new WebSocket(
      `${consoleOrigin!.replace('http', 'ws')}/console`,
      consoleProtocols(decodeURIComponent(token!)),
    );
    await new Promise((r) => ws.once('open', r));
    const host = TestConsole.overSocket(ws);
    const view = await host.cmd('team.get', {});
    expect(view.hosting).toBe(false);
    expect(view.problem).toMatch(/is damaged.*starts a new list/s);

    // Turning it on starts a new team, keeping the damaged file beside it.
    const on = await host.cmd('team.setHosting', { on: true });
    expect(on).toMatchObject({ hosting: true, teammates: [] });
    expect(on.problem).toBeUndefined();
    expect(readdirSync(dataDir).some((f) => f.startsWith('team.json.damaged-'))).toBe(true);
    for (let i = 0; i < CONNECTIONS; i++) expect(await teamUpgrade(teamPort, 'sat_guess')).toBe(401);
    ws.close();

    expect(child.exitCode).toBeNull();
    expect((await fetch(`${publicUrl}/healthz`)).status).toBe(200);
    expect(log().filter((l) => String(l.code).startsWith('PROCESS_'))).toEqual([]);
    child.kill('SIGTERM');
  });
});

describe('the team LAN listener', () => {
  it('answers a connection whose handler throws with 500, and goes on serving the others', async () => {
    const captured = captureLog();
    const certificate = await createHostCertificate(Date.UTC(2026, 0, 1));
    listener = await startLanListener({
      host: '127.0.0.1',
      port: 0,
      certificate,
      rendererDir: mkdtempSync(path.join(os.tmpdir(), 'sauti-ui-')),
      log: captured.log,
      clock: new FakeClock(),
      pair: async () => {
        throw new Error('the roster is gone');
      },
      authenticate: (token) => {
        if (token === 'sat_boom') throw new Error('the team record could not be read');
        return { ok: false, reason: 'unknown' };
      },
      attach: () => () => undefined,
    });
    const port = listener.port;
    for (let i = 0; i < CONNECTIONS; i++) expect(await teamUpgrade(port, 'sat_boom')).toBe(500);
    expect(await teamUpgrade(port, 'sat_other')).toBe(401);
    const pair = await httpsRequest(port, 'POST', '/pair', {
      code: 'K7QM-2XPA',
      name: 'A',
      number: '0711000111',
    });
    expect(pair).toMatchObject({ status: 500, body: expect.stringContaining('TEAM_PAIR_FAILED') });
    expect(await httpsRequest(port, 'GET', '/join')).toMatchObject({ status: 200 });
    expect(captured.lines.filter((l) => l.code === 'HTTP_HANDLER_FAULT')).toHaveLength(CONNECTIONS);
  });
});
