import { describe, expect, it } from 'vitest';
import type { TransportStatus } from '../../../../renderer/src/api/transport';
import { TransportFace } from '../../../../renderer/src/api/transport-face';
import type { WireMessage } from '../../../../renderer/src/api/contract';

describe('transport face', () => {
  it('hands each message heard to every listener until it unsubscribes', () => {
    const face = new TransportFace('connecting');
    const transport = face.transport({
      send: () => undefined,
      sendBinary: () => undefined,
      close: () => undefined,
    });
    const a: unknown[] = [];
    const b: unknown[] = [];
    transport.onMessage((m) => a.push(m));
    const offB = transport.onMessage((m) => b.push(m));
    face.deliver({ n: 1 });
    offB();
    face.deliver({ n: 2 });
    expect(a).toEqual([{ n: 1 }, { n: 2 }]);
    expect(b).toEqual([{ n: 1 }]);
  });

  it('reports the status the transport sets, and only changes', () => {
    const face = new TransportFace('connecting');
    const transport = face.transport({
      send: () => undefined,
      sendBinary: () => undefined,
      close: () => undefined,
    });
    const seen: TransportStatus[] = [];
    transport.onStatus((s) => seen.push(s));
    expect(transport.status).toBe('connecting');
    face.status.set('open');
    face.status.set('open');
    face.status.set('reconnecting');
    expect(transport.status).toBe('reconnecting');
    expect(seen).toEqual(['open', 'reconnecting']);
  });

  it('sends and closes through the transport', () => {
    const face = new TransportFace('open');
    const sent: WireMessage[] = [];
    let closed = 0;
    const transport = face.transport({
      send: (m) => sent.push(m),
      sendBinary: () => undefined,
      close: () => closed++,
    });
    transport.send({ type: 'cmd', id: 1, name: 'status.get', args: {} });
    transport.close();
    expect(sent).toEqual([{ type: 'cmd', id: 1, name: 'status.get', args: {} }]);
    expect(closed).toBe(1);
  });
});
