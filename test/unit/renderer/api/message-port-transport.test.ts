import { describe, expect, it } from 'vitest';
import { createConsoleClient, type Timers } from '../../../../renderer/src/api/console-client';
import {
  createMessagePortTransport,
  PORT_MESSAGE,
  statusOfLink,
  type PortLike,
  type PortMessageEvent,
} from '../../../../renderer/src/api/message-port-transport';
import { reconnectDelayMs } from '../../../../renderer/src/api/reconnect-delay';

function fakePort() {
  const posted: unknown[] = [];
  const closeListeners: (() => void)[] = [];
  const port: PortLike & {
    posted: unknown[];
    started: boolean;
    fireClose(): void;
    deliver(m: unknown): void;
  } = {
    posted,
    started: false,
    postMessage: (m) => posted.push(m),
    start() {
      port.started = true;
    },
    close: () => undefined,
    onmessage: null,
    addEventListener: (_t, l) => closeListeners.push(l),
    fireClose: () => closeListeners.forEach((l) => l()),
    deliver: (m) => port.onmessage?.({ data: m }),
  };
  return port;
}

const link = (state: string, extra: object = {}) => ({
  type: 'evt',
  name: 'link.changed',
  data: { state, message: state, ...extra },
});

function rig() {
  const self = {};
  let listener: ((ev: PortMessageEvent) => void) | null = null;
  let requested = 0;
  const timers: { fn: () => void; ms: number }[] = [];
  const t: Timers = { set: (fn, ms) => timers.push({ fn, ms }), clear: () => undefined };
  const transport = createMessagePortTransport({
    self,
    timers: t,
    random01: () => 0.5,
    requestPort: () => requested++,
    listen: (l) => {
      listener = l;
      return () => (listener = null);
    },
  });
  const hand = (port = fakePort(), source: unknown = self) => {
    listener!({ data: PORT_MESSAGE, source, ports: [port] });
    return port;
  };
  return { transport, hand, timers, requested: () => requested };
}

describe('MessagePort transport (Electron)', () => {
  it('asks the preload for a port, takes only the one this window posted, and opens when main says where it is', () => {
    const r = rig();
    expect(r.requested()).toBe(1);
    expect(r.transport.status).toBe('connecting');
    r.hand(fakePort(), {});
    const port = r.hand();
    expect(port.started).toBe(true);
    expect(r.transport.status).toBe('connecting');
    const got: unknown[] = [];
    r.transport.onMessage((m) => got.push(m));
    port.deliver(link('local'));
    expect(r.transport.status).toBe('open');
    port.deliver({ type: 'evt', name: 'x', data: 1 });
    r.transport.send({ type: 'cmd', id: 1, name: 'queue.get', args: {} });
    expect(got).toEqual([link('local'), { type: 'evt', name: 'x', data: 1 }]);
    expect(port.posted).toEqual([{ type: 'cmd', id: 1, name: 'queue.get', args: {} }]);
  });

  it('hears listen-in audio as ArrayBuffer messages: binary listeners get them, the client plays them', () => {
    const r = rig();
    const port = r.hand();
    port.deliver(link('local'));
    const messages: unknown[] = [];
    const frames: ArrayBuffer[] = [];
    r.transport.onMessage((m) => messages.push(m));
    r.transport.onBinary((f) => frames.push(f));
    const heard: { callId: string; direction: string; pcm: number[] }[] = [];
    createConsoleClient(r.transport).onListenAudio((a) => heard.push({ ...a, pcm: [...a.pcm] }));
    // 'CA12', the caller's voice, samples 0 and 1000 (the shared vector); then a frame of version 2.
    const frame = Uint8Array.from([1, 0, 4, 0, 0x43, 0x41, 0x31, 0x32, 0, 0, 0xe8, 0x03]).buffer;
    port.deliver(frame);
    port.deliver(Uint8Array.from([2, 0, 4, 0, 0x43, 0x41, 0x31, 0x32, 0, 0, 0xe8, 0x03]).buffer);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toBe(frame);
    expect(messages).toEqual([]);
    expect(heard).toEqual([{ callId: 'CA12', direction: 'inbound', pcm: [0, 1000] }]);
    expect(r.transport.status).toBe('open');
  });

  it('follows a relayed team host: connecting, online, lost and back, revoked', () => {
    const r = rig();
    const port = r.hand();
    const seen: string[] = [];
    r.transport.onStatus((s) => seen.push(s));
    port.deliver(link('connecting', { hostAddress: 'https://h:8443' }));
    port.deliver(link('online', { hostAddress: 'https://h:8443' }));
    port.deliver(link('lost', { hostAddress: 'https://h:8443', retryInMs: 500 }));
    port.deliver(link('online', { hostAddress: 'https://h:8443' }));
    port.deliver(link('revoked', { hostAddress: 'https://h:8443' }));
    expect(seen).toEqual(['open', 'reconnecting', 'open', 'revoked']);
    expect(statusOfLink('connecting', false)).toBe('connecting');
    expect(statusOfLink('connecting', true)).toBe('reconnecting');
  });

  it('asks for a new port with backoff when the port closes, and opens on it', () => {
    const r = rig();
    const first = r.hand();
    first.deliver(link('local'));
    first.fireClose();
    expect(r.transport.status).toBe('reconnecting');
    expect(r.timers[0]!.ms).toBe(reconnectDelayMs(0, () => 0.5));
    expect(r.requested()).toBe(1);
    r.timers[0]!.fn();
    expect(r.requested()).toBe(2);
    const second = r.hand();
    second.deliver(link('local'));
    expect(r.transport.status).toBe('open');
    r.transport.send({ type: 'cmd', id: 2, name: 'calls.list', args: {} });
    expect(second.posted).toHaveLength(1);
    expect(first.posted).toHaveLength(0);
  });

  it('closes for good when the window closes it', () => {
    const r = rig();
    const port = r.hand();
    port.deliver(link('local'));
    r.transport.close();
    port.fireClose();
    expect(r.transport.status).toBe('closed');
    expect(r.timers).toHaveLength(0);
  });
});
