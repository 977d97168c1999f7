import { describe, expect, it } from 'vitest';
import type { TransportStatus } from '../../../../renderer/src/api/transport';
import { TransportFace } from '../../../../renderer/src/api/transport-face';
import { createConsoleClient, type Timers } from '../../../../renderer/src/api/console-client';
import type { WireMessage } from '../../../../renderer/src/api/contract';

function fakeTransport(initial: TransportStatus = 'open') {
  const face = new TransportFace(initial);
  const sent: WireMessage[] = [];
  const transport = face.transport({
    send: (m) => sent.push(m),
    sendBinary: () => undefined,
    close: () => face.status.set('closed'),
  });
  return {
    transport,
    sent,
    status: face.status,
    deliver: (m: unknown) => face.deliver(m),
    deliverBinary: (f: ArrayBuffer) => face.deliverBinary(f),
  };
}

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    set: (fn) => {
      pending.set(next, fn);
      return next++;
    },
    clear: (h) => void pending.delete(h as number),
  };
  return { timers, fireAll: () => [...pending.values()].forEach((f) => f()), count: () => pending.size };
}

describe('console client', () => {
  it('matches answers to commands by id and resolves or rejects with the core’s error', async () => {
    const c = fakeTransport();
    const t = manualTimers();
    const client = createConsoleClient(c.transport, { timers: t.timers });
    const a = client.call('queue.get', {});
    const b = client.call('call.hangUp', { callId: 'X' });
    expect(c.sent.map((m) => m.type === 'cmd' && m.name)).toEqual(['queue.get', 'call.hangUp']);
    const [ma, mb] = c.sent as { id: number }[];
    c.deliver({
      type: 'res',
      id: mb!.id,
      result: { ok: false, error: { code: 'CALL_NOT_FOUND', message: 'gone' } },
    });
    c.deliver({ type: 'res', id: ma!.id, result: { ok: true, value: { waiting: 3, longestWaitMs: 1 } } });
    await expect(a).resolves.toEqual({ waiting: 3, longestWaitMs: 1 });
    await expect(b).rejects.toMatchObject({ code: 'CALL_NOT_FOUND', message: 'gone' });
    expect(t.count()).toBe(0);
  });

  it('delivers events to their listeners and ignores junk', () => {
    const c = fakeTransport();
    const client = createConsoleClient(c.transport);
    const got: unknown[] = [];
    const off = client.on('queue.changed', (q) => got.push(q));
    c.deliver({ type: 'evt', name: 'queue.changed', data: { waiting: 1, longestWaitMs: 0 } });
    c.deliver(null);
    c.deliver({ type: 'res', id: 999, result: { ok: true, value: 1 } });
    off();
    c.deliver({ type: 'evt', name: 'queue.changed', data: { waiting: 2, longestWaitMs: 0 } });
    expect(got).toEqual([{ waiting: 1, longestWaitMs: 0 }]);
  });

  it('decodes listen-in frames for its audio listeners, drops malformed ones, and stops on close', () => {
    const c = fakeTransport();
    const client = createConsoleClient(c.transport);
    const heard: { callId: string; direction: string; pcm: number[] }[] = [];
    const events: unknown[] = [];
    client.on('call.ended', (e) => events.push(e));
    client.onListenAudio((a) => heard.push({ ...a, pcm: [...a.pcm] }));
    // 'CA1', the AI's voice, samples 1 and -1 (one pad byte after the odd call id).
    const frame = [1, 1, 3, 0, 0x43, 0x41, 0x31, 0, 1, 0, 0xff, 0xff];
    c.deliverBinary(Uint8Array.from(frame).buffer);
    c.deliverBinary(Uint8Array.from(frame.slice(0, 11)).buffer);
    c.deliverBinary(new ArrayBuffer(0));
    expect(heard).toEqual([{ callId: 'CA1', direction: 'outbound', pcm: [1, -1] }]);
    expect(events).toEqual([]);
    client.close();
    c.deliverBinary(Uint8Array.from(frame).buffer);
    expect(heard).toHaveLength(1);
  });

  it('fails fast when not connected, on a drop, and on a timeout', async () => {
    const c = fakeTransport('reconnecting');
    const t = manualTimers();
    const client = createConsoleClient(c.transport, { timers: t.timers });
    await expect(client.call('queue.get', {})).rejects.toMatchObject({ code: 'CONSOLE_DISCONNECTED' });
    c.status.set('open');
    const dropped = client.call('queue.get', {});
    c.status.set('reconnecting');
    await expect(dropped).rejects.toMatchObject({ code: 'CONSOLE_DISCONNECTED', retryable: true });
    c.status.set('open');
    const slow = client.call('queue.get', {});
    t.fireAll();
    await expect(slow).rejects.toMatchObject({ code: 'CONSOLE_TIMEOUT' });
  });
});
