import { describe, expect, it } from 'vitest';
import {
  createMessagePortCarrier,
  PORT_MESSAGE,
  type PortLike,
  type PortMessageEvent,
} from '../../../../renderer/src/api/message-port-carrier';

function fakePort() {
  const posted: unknown[] = [];
  const closeListeners: (() => void)[] = [];
  const port: PortLike & { posted: unknown[]; started: boolean; fireClose(): void } = {
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
  };
  return port;
}

describe('MessagePort carrier (Electron)', () => {
  it('asks the preload for a port and takes only the one this window posted', () => {
    const self = {};
    let listener: ((ev: PortMessageEvent) => void) | null = null;
    let requested = 0;
    const carrier = createMessagePortCarrier({
      self,
      requestPort: () => requested++,
      listen: (l) => {
        listener = l;
        return () => (listener = null);
      },
    });
    expect(requested).toBe(1);
    expect(carrier.status).toBe('connecting');
    const intruder = fakePort();
    listener!({ data: PORT_MESSAGE, source: {}, ports: [intruder] });
    expect(carrier.status).toBe('connecting');
    const port = fakePort();
    listener!({ data: PORT_MESSAGE, source: self, ports: [port] });
    expect(carrier.status).toBe('open');
    expect(port.started).toBe(true);
    const got: unknown[] = [];
    carrier.onMessage((m) => got.push(m));
    port.onmessage?.({ data: { type: 'evt', name: 'x', data: 1 } });
    carrier.send({ type: 'cmd', id: 1, name: 'queue.get', args: {} });
    expect(got).toEqual([{ type: 'evt', name: 'x', data: 1 }]);
    expect(port.posted).toEqual([{ type: 'cmd', id: 1, name: 'queue.get', args: {} }]);
    port.fireClose();
    expect(carrier.status).toBe('closed');
  });
});
