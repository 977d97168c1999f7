import { describe, expect, it } from 'vitest';
import type { Timers } from '../../../../renderer/src/api/console-client';
import {
  createWebSocketTransport,
  CONSOLE_SUBPROTOCOL,
  type SocketLike,
} from '../../../../renderer/src/api/websocket-transport';
import { reconnectDelayMs } from '../../../../renderer/src/api/reconnect-delay';
import { takeConsoleToken } from '../../../../renderer/src/api/console-token';
import { settle } from '../fake-console';

class FakeSocket implements SocketLike {
  readyState = 0;
  binaryType = 'blob';
  readonly sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly protocols: string[]) {}
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function rig(serverUp = true) {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const t: Timers = { set: (fn, ms) => timers.push({ fn, ms }), clear: () => undefined };
  const transport = createWebSocketTransport({
    token: 'tok-123',
    timers: t,
    random01: () => 0.5,
    createSocket: (p) => {
      const s = new FakeSocket(p);
      sockets.push(s);
      return s;
    },
    probeServer: () => Promise.resolve(serverUp),
  });
  return { transport, sockets, timers };
}

describe('WebSocket transport', () => {
  it('offers the console subprotocol and the token, and carries JSON both ways once open', () => {
    const r = rig();
    expect(r.sockets[0]!.protocols).toEqual([CONSOLE_SUBPROTOCOL, 'sauti.token.tok-123']);
    const got: unknown[] = [];
    r.transport.onMessage((m) => got.push(m));
    r.sockets[0]!.open();
    expect(r.transport.status).toBe('open');
    r.transport.send({ type: 'cmd', id: 1, name: 'queue.get', args: {} });
    r.sockets[0]!.onmessage?.({ data: '{"type":"evt","name":"x","data":1}' });
    r.sockets[0]!.onmessage?.({ data: 'not json' });
    expect(JSON.parse(r.sockets[0]!.sent[0]!)).toMatchObject({ name: 'queue.get' });
    expect(got).toEqual([{ type: 'evt', name: 'x', data: 1 }]);
  });

  it('asks for binary frames as ArrayBuffers and hands them to binary listeners only', () => {
    const r = rig();
    const socket = r.sockets[0]!;
    expect(socket.binaryType).toBe('arraybuffer');
    const messages: unknown[] = [];
    const frames: ArrayBuffer[] = [];
    r.transport.onMessage((m) => messages.push(m));
    r.transport.onBinary((f) => frames.push(f));
    socket.open();
    const frame = new Uint8Array([1, 0, 1, 0, 65, 0, 7, 0]).buffer;
    socket.onmessage?.({ data: frame });
    socket.onmessage?.({ data: '{"type":"evt","name":"x","data":1}' });
    expect(frames).toEqual([frame]);
    expect(messages).toEqual([{ type: 'evt', name: 'x', data: 1 }]);
  });

  it('reconnects with backoff after a drop', () => {
    const r = rig();
    r.sockets[0]!.open();
    r.sockets[0]!.drop();
    expect(r.transport.status).toBe('reconnecting');
    expect(r.timers[0]!.ms).toBe(reconnectDelayMs(0, () => 0.5));
    r.timers[0]!.fn();
    expect(r.sockets).toHaveLength(2);
  });

  it('says the token is wrong when the server is up but keeps refusing', async () => {
    const r = rig(true);
    r.sockets[0]!.drop();
    await settle();
    r.timers[0]!.fn();
    r.sockets[1]!.drop();
    await settle();
    expect(r.transport.status).toBe('unauthorized');
  });

  it('stops at once when a team host revokes this teammate (close 4403): no reconnect loop', async () => {
    const r = rig(true);
    r.sockets[0]!.open();
    r.sockets[0]!.drop(4403);
    await settle();
    expect(r.transport.status).toBe('revoked');
    expect(r.timers).toHaveLength(0);
    expect(r.sockets).toHaveLength(1);
  });

  it('keeps retrying while the server is down', async () => {
    const r = rig(false);
    for (let i = 0; i < 3; i++) {
      r.sockets[i]!.drop();
      await settle();
      r.timers[i]!.fn();
    }
    expect(r.transport.status).toBe('reconnecting');
    expect(r.timers.map((t) => t.ms)).toEqual([0, 1, 2].map((a) => reconnectDelayMs(a, () => 0.5)));
  });
});

describe('reconnect delay and token', () => {
  it('doubles up to a cap', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 10].map((a) => reconnectDelayMs(a, mid))).toEqual([500, 1000, 2000, 10000]);
  });

  it('takes the token from the fragment once, keeps it for the tab, and clears the address bar', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    let cleared = 0;
    expect(takeConsoleToken({ hash: '#token=abc', storage, clearHash: () => cleared++ })).toBe('abc');
    expect(cleared).toBe(1);
    expect(takeConsoleToken({ hash: '#/live', storage, clearHash: () => cleared++ })).toBe('abc');
    expect(
      takeConsoleToken({
        hash: '',
        storage: { getItem: () => null, setItem: () => undefined },
        clearHash: () => undefined,
      }),
    ).toBeNull();
  });
});
