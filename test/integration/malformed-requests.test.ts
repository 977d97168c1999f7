// Malformed requests, hand-written on raw sockets, against every port the app listens on: the public
// port (plain requests and WebSocket upgrades: what the tunnel exposes), the loopback console port and
// the team's LAN listener (before any authentication). Each is answered 4xx, and the app goes on
// serving: /healthz, a call already streaming, and a new call. Then a console that breaks the WebSocket
// protocol once admitted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { consoleProtocols } from '../../bridge/console/console-socket';
import { pairWithHost } from '../../bridge/team/join-team';
import { waitFor } from '../sim/carrier';
import { startTestApp, tone, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';

let app: TestApp | undefined;
let rendererDir: string | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
  rendererDir = undefined;
});

const ANSWER_TIMEOUT_MS = 5000;

type Connect = () => net.Socket;

/** Writes one hand-written request and resolves with the status code of the answer (0: none). */
function exchange(connect: Connect, request: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect();
    let data = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0));
    };
    const timer = setTimeout(done, ANSWER_TIMEOUT_MS);
    socket.once('error', done);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) done();
    });
    socket.write(request);
  });
}

const plain = (target: string) => `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;
const upgrade = (target: string, protocols: string) =>
  `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
  `Sec-WebSocket-Protocol: ${protocols}\r\n\r\n`;

const tcp =
  (port: number): Connect =>
  () =>
    net.connect(port, '127.0.0.1');
const overTls =
  (port: number): Connect =>
  () =>
    tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false });

/** Targets `new URL(target, base)` or `decodeURIComponent` throw on. */
const BROKEN_TARGETS = ['http://[', 'http://[/media', '/%', '/console%', '/media%zz?t=x'];

async function expectStillServing(a: TestApp): Promise<void> {
  const health = await fetch(`${a.url}/healthz`);
  expect(health.status).toBe(200);
  const call = await a.sim.placeCall();
  expect(call.streamElement).toBeDefined();
  await call.connectMedia();
  await waitFor(() => a.core.registry.get(call.callSid)?.phase === 'ai', 5000, 'new call streaming');
  await call.hangUp();
}

describe('malformed request-targets', () => {
  it('on the public port: plain requests and upgrades are answered 4xx, the live call goes on', async () => {
    app = await startTestApp({ echoMode: true });
    const live = await app.sim.placeCall();
    await live.connectMedia();
    await waitFor(() => app!.core.registry.get(live.callSid)?.phase === 'ai', 5000, 'streaming');
    const port = app.started.port;

    for (const target of [...BROKEN_TARGETS, '//[', '*']) {
      const status = await exchange(tcp(port), plain(target));
      expect({ target, status }).toEqual({
        target,
        status: expect.toSatisfy((s: number) => s >= 400 && s < 500),
      });
    }
    for (const target of BROKEN_TARGETS) {
      expect({ target, status: await exchange(tcp(port), upgrade(target, 'audio.drachtio.org')) }).toEqual({
        target,
        status: 400,
      });
    }
    expect(await exchange(tcp(port), upgrade('//[', 'audio.drachtio.org'))).toBe(404);
    expect(await exchange(tcp(port), upgrade('//x/media', 'audio.drachtio.org'))).toBe(404);

    expect(app.core.registry.get(live.callSid)?.phase).toBe('ai');
    const heardBefore = live.playout.heard.length;
    await live.streamAudio(tone(400));
    await waitFor(
      () => live.playout.heard.slice(heardBefore).some((h) => h.rms > 1000),
      5000,
      'the live call still echoed',
    );
    await live.hangUp();
    await expectStillServing(app);
  });

  it('on the public port: express’s own error paths answer plainly and the app goes on', async () => {
    app = await startTestApp({ echoMode: true });
    const port = app.started.port;
    const post = (target: string, headers: string, body: string) =>
      `POST ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const answers: Record<string, number> = {
      badJson: await exchange(tcp(port), post('/events', 'Content-Type: application/json\r\n', '{"a":')),
      badEncoding: await exchange(tcp(port), post('/events', 'Content-Encoding: x-bogus\r\n', 'abc')),
      tooBig: await exchange(tcp(port), post('/events', '', 'x'.repeat(70 * 1024))),
      badTargetPost: await exchange(tcp(port), post('/voice%', '', 'CallId=x')),
    };
    expect(answers).toEqual({ badJson: 400, badEncoding: 415, tooBig: 413, badTargetPost: 404 });
    // A body cut off halfway: the connection is dropped by the client, nothing answers, nothing breaks.
    // Once the bytes are on the wire the app reads them before the close that follows (TCP keeps order).
    const cut = net.connect(port, '127.0.0.1');
    await new Promise((resolve) =>
      cut.write('POST /voice HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nCallId=', resolve),
    );
    cut.destroy();
    await expectStillServing(app);
  });

  it('on the loopback console port: answered 400, before and instead of the token check', async () => {
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-renderer-'));
    app = await startTestApp({ echoMode: true }, { consoleServer: true, rendererDir });
    const port = app.started.consolePort!;
    for (const target of BROKEN_TARGETS) {
      expect({ target, status: await exchange(tcp(port), plain(target)) }).toEqual({ target, status: 400 });
      const offered = `sauti.console.v1, sauti.token.${app.core.config.consoleToken}`;
      expect({ target, status: await exchange(tcp(port), upgrade(target, offered)) }).toEqual({
        target,
        status: 400,
      });
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    await expectStillServing(app);
  });

  it('on the team LAN listener (TLS, unauthenticated): answered 400', async () => {
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-renderer-'));
    app = await startTestApp({ echoMode: true, teamHost: '127.0.0.1', teamPort: 0 }, { rendererDir });
    const host = new TestConsole(app);
    await host.cmd('team.setHosting', { on: true });
    const address = (await host.cmd('team.get', {})).addresses[0]!;
    const port = Number(address.split(':').at(-1));
    for (const target of [...BROKEN_TARGETS, '/pair%']) {
      expect({ target, status: await exchange(overTls(port), plain(target)) }).toEqual({
        target,
        status: 400,
      });
      const offered = 'sauti.console.v1, sauti.token.sat_not_a_token';
      expect({ target, status: await exchange(overTls(port), upgrade(target, offered)) }).toEqual({
        target,
        status: 400,
      });
    }
    expect(await exchange(overTls(port), plain('/join'))).toBe(200);
    // Pairing bodies that are JSON but not an object.
    for (const body of ['null', '7', '"text"', '[]']) {
      const pair =
        `POST /pair HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`;
      expect({ body, status: await exchange(overTls(port), pair) }).toEqual({ body, status: 400 });
    }
    await expectStillServing(app);
  });
});

describe('a console breaking the WebSocket protocol', () => {
  it('is closed (1009 for a frame over the cap) and the app goes on', async () => {
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-renderer-'));
    app = await startTestApp({ echoMode: true }, { consoleServer: true, rendererDir });
    const ws = new WebSocket(
      `ws://127.0.0.1:${app.started.consolePort}/console`,
      consoleProtocols(app.core.config.consoleToken),
    );
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await expectStillServing(app);
  });
});

describe('a pairing host answering nonsense', () => {
  it('is a refused pairing in plain words, never a fault in the teammate’s app', async () => {
    const tlsDir = path.resolve(__dirname, '..', 'fixtures', 'tls');
    const answers: { status: number; body: string }[] = [
      { status: 200, body: 'null' },
      { status: 200, body: '[1,2]' },
      { status: 200, body: '{"agentId":5,"token":{"x":1}}' },
      { status: 403, body: '{"error":{"code":7,"message":["x"]}}' },
      { status: 403, body: '{"error":null}' },
    ];
    let next = 0;
    const host = https.createServer(
      {
        cert: readFileSync(path.join(tlsDir, 'fake-provider-cert.pem')),
        key: readFileSync(path.join(tlsDir, 'fake-provider-key.pem')),
      },
      (req, res) => {
        req.resume();
        const answer = answers[next++]!;
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      },
    );
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const address = `127.0.0.1:${(host.address() as net.AddressInfo).port}`;
      while (next < answers.length) {
        await expect(
          pairWithHost({ address, code: 'ABCD-EFGH', name: 'Achieng', number: '+254722000333' }),
        ).rejects.toMatchObject({ code: 'TEAM_PAIR_FAILED', message: expect.stringMatching(/HTTP \d{3}/) });
      }
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });
});
