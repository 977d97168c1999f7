// Electron's carrier: the preload brokers a MessagePort. We ask for it with window.sauti.connect(),
// then take it from the 'sauti:port' message the preload posts to this window (structured clones,
// no JSON). Only a message whose source is this window counts, so a frame cannot hand us a port.
import type { WireMessage } from './contract';
import type { Carrier } from './carrier';
import { StatusCell } from './status-cell';

export interface PortLike {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  addEventListener(type: 'close', listener: () => void): void;
}

export interface PortMessageEvent {
  readonly data: unknown;
  readonly source: unknown;
  readonly ports: readonly PortLike[];
}

export interface MessagePortCarrierOptions {
  /** The window itself, to compare with a message's source. */
  readonly self: unknown;
  readonly requestPort: () => void;
  readonly listen: (listener: (ev: PortMessageEvent) => void) => () => void;
}

export const PORT_MESSAGE = 'sauti:port';

export function createMessagePortCarrier(options: MessagePortCarrierOptions): Carrier {
  const status = new StatusCell('connecting');
  const listeners = new Set<(message: unknown) => void>();
  let port: PortLike | null = null;

  const stopListening = options.listen((ev) => {
    if (ev.data !== PORT_MESSAGE || ev.source !== options.self || port) return;
    const p = ev.ports[0];
    if (!p) return;
    port = p;
    p.onmessage = (m) => {
      for (const fn of [...listeners]) fn(m.data);
    };
    p.addEventListener('close', () => {
      port = null;
      status.set('closed');
    });
    p.start();
    status.set('open');
  });
  options.requestPort();

  return {
    send(message: WireMessage) {
      port?.postMessage(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus: (listener) => status.subscribe(listener),
    get status() {
      return status.value;
    },
    close() {
      stopListening();
      port?.close();
      port = null;
      status.set('closed');
    },
  };
}
