import { describe, expect, it } from 'vitest';
import type { CarrierStatus } from '../../../../renderer/src/api/carrier';
import { CarrierFace } from '../../../../renderer/src/api/carrier-face';
import type { WireMessage } from '../../../../renderer/src/api/contract';

describe('carrier face', () => {
  it('hands each message heard to every listener until it unsubscribes', () => {
    const face = new CarrierFace('connecting');
    const carrier = face.carrier({
      send: () => undefined,
      sendBinary: () => undefined,
      close: () => undefined,
    });
    const a: unknown[] = [];
    const b: unknown[] = [];
    carrier.onMessage((m) => a.push(m));
    const offB = carrier.onMessage((m) => b.push(m));
    face.deliver({ n: 1 });
    offB();
    face.deliver({ n: 2 });
    expect(a).toEqual([{ n: 1 }, { n: 2 }]);
    expect(b).toEqual([{ n: 1 }]);
  });

  it('reports the status the carrier sets, and only changes', () => {
    const face = new CarrierFace('connecting');
    const carrier = face.carrier({
      send: () => undefined,
      sendBinary: () => undefined,
      close: () => undefined,
    });
    const seen: CarrierStatus[] = [];
    carrier.onStatus((s) => seen.push(s));
    expect(carrier.status).toBe('connecting');
    face.status.set('open');
    face.status.set('open');
    face.status.set('reconnecting');
    expect(carrier.status).toBe('reconnecting');
    expect(seen).toEqual(['open', 'reconnecting']);
  });

  it('sends and closes through the transport', () => {
    const face = new CarrierFace('open');
    const sent: WireMessage[] = [];
    let closed = 0;
    const carrier = face.carrier({
      send: (m) => sent.push(m),
      sendBinary: () => undefined,
      close: () => closed++,
    });
    carrier.send({ type: 'cmd', id: 1, name: 'status.get', args: {} });
    carrier.close();
    expect(sent).toEqual([{ type: 'cmd', id: 1, name: 'status.get', args: {} }]);
    expect(closed).toBe(1);
  });
});
