// Connection limits over a real server on port 0 with small numbers: a peer over its cap is refused
// (and the refusal logged at most once a minute), a socket that sends nothing is closed by the idle
// timeout, and an upgraded WebSocket is not.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FakeClock } from '../../../bridge/base/clock';
import {
  isLoopback,
  limitConnections,
  peerAddress,
  REFUSAL_LOG_INTERVAL_MS,
  type ConnectionGate,
  type ConnectionLimits,
} from '../../../bridge/http/connection-limits';
import { waitFor } from '../../sim/carrier';
import { captureLog } from '../../harness/capture-log';

const SMALL: ConnectionLimits = {
  perAddress: 2,
  loopback: 3,
  total: 4,
  idleMs: 300,
  headersMs: 2_000,
  requestMs: 3_000,
  keepAliveMs: 1_000,
};

let server: http.Server | undefined;
const clients: net.Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function start(limits: ConnectionLimits = SMALL) {
  const captured = captureLog();
  const clock = new FakeClock();
  const s = http.createServer((_req, res) => res.end('ok'));
  const gate = limitConnections(s, { surface: 'public', log: captured.log, clock, limits });
  server = s;
  await new Promise<void>((r) => s.listen(0, '0.0.0.0', r));
  return { captured, clock, gate, port: (s.address() as AddressInfo).port };
}

/** A raw TCP connection to `host` (its source address is the peer the server sees); resolves once the server has counted it (or refused it). */
async function connect(port: number, gate: ConnectionGate, host = '127.0.0.1') {
  const before = gate.open().total;
  const socket = net.connect({ port, host });
  clients.push(socket);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.on('error', () => undefined);
  await new Promise((r) => socket.once('connect', r));
  let refused = false;
  void closed.then(() => (refused = true));
  await waitFor(() => refused || gate.open().total > before, 5_000);
  return { socket, closed, refused: () => refused };
}

const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('connection limits', () => {
  it('knows loopback peers, over IPv4 and IPv6-mapped sockets', () => {
    expect(peerAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(isLoopback(peerAddress('::ffff:127.0.0.9'))).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.168.1.20')).toBe(false);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });

  it('refuses loopback peers over their shared cap, logging the refusals at most once a minute', async () => {
    const { captured, clock, gate, port } = await start();
    for (let i = 0; i < 3; i++) expect((await connect(port, gate)).refused()).toBe(false);
    const over = await connect(port, gate);
    await over.closed;
    await (
      await connect(port, gate)
    ).closed;
    const refusals = () => captured.lines.filter((l) => l.code === 'HTTP_CONNECTION_REFUSED');
    expect(refusals()).toEqual([
      expect.objectContaining({ surface: 'public', reason: 'loopback', address: '127.0.0.1', refused: 1 }),
    ]);
    clock.advance(REFUSAL_LOG_INTERVAL_MS);
    await (
      await connect(port, gate)
    ).closed;
    expect(refusals()).toHaveLength(2);
    expect(refusals()[1]).toMatchObject({ refused: 2 });
    expect(gate.open().total).toBe(3);
  });

  it('frees a place when a connection closes', async () => {
    const { gate, port } = await start();
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await connect(port, gate));
    held[0]!.socket.destroy();
    await waitFor(() => gate.open().total === 2, 5_000);
    expect((await connect(port, gate)).refused()).toBe(false);
  });

  it.skipIf(!lanAddress)('caps a non-loopback peer at its own share', async () => {
    const { captured, gate, port } = await start();
    for (let i = 0; i < 2; i++) expect((await connect(port, gate, lanAddress)).refused()).toBe(false);
    await (
      await connect(port, gate, lanAddress)
    ).closed;
    expect(captured.lines.find((l) => l.code === 'HTTP_CONNECTION_REFUSED')).toMatchObject({
      reason: 'per-address',
      address: lanAddress,
    });
    // Loopback still has its own places.
    expect((await connect(port, gate)).refused()).toBe(false);
  });

  it('closes a socket that sends nothing, but not an upgraded WebSocket that stays quiet', async () => {
    const { gate, port } = await start();
    const wss = new WebSocketServer({ noServer: true });
    server!.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => undefined));
    const idle = await connect(port, gate);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await new Promise((r) => ws.once('open', r));
    await idle.closed;
    // The idle socket was closed after idleMs; the WebSocket opened at the same time is still open.
    await new Promise((r) => setTimeout(r, SMALL.idleMs * 2));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.terminate();
    wss.close();
  });

  it('sets the header, request and keep-alive timeouts on an HTTP server', async () => {
    await start();
    expect(server).toMatchObject({
      headersTimeout: SMALL.headersMs,
      requestTimeout: SMALL.requestMs,
      keepAliveTimeout: SMALL.keepAliveMs,
      timeout: SMALL.idleMs,
    });
  });
});
