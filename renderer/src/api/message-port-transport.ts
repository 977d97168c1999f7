// Electron's transport: the preload brokers a MessagePort. We ask for it with window.sauti.connect(),
// then take it from the 'sauti:port' message the preload posts to this window (structured clones,
// no JSON). Only a message whose source is this window counts, so a frame cannot hand us a port.
// Main says where the console behind the port is with `link.changed` (this computer's own core, or a
// team host it relays): the status follows it, so a teammate's window goes 'reconnecting' while the
// host is away and 'open' again when it is back. A port that closes is asked for again with backoff.
// Listen-in audio arrives as ArrayBuffer messages (binary listen frames); the window sends none.
import type { HostLinkView, WireMessage } from './contract';
import type { Transport, TransportStatus } from './transport';
import { TransportFace } from './transport-face';
import type { Timers } from './console-client';
import { reconnectDelayMs } from './reconnect-delay';

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

export interface MessagePortTransportOptions {
  /** The window itself, to compare with a message's source. */
  readonly self: unknown;
  readonly requestPort: () => void;
  readonly listen: (listener: (ev: PortMessageEvent) => void) => () => void;
  /** For asking again after a port closed. */
  readonly timers: Timers;
  readonly random01?: () => number;
}

export const PORT_MESSAGE = 'sauti:port';

/** The transport status a link state means; `opened` tells a first connection from a reconnection. */
export function statusOfLink(state: HostLinkView['state'], opened: boolean): TransportStatus {
  switch (state) {
    case 'local':
    case 'online':
      return 'open';
    case 'connecting':
      return opened ? 'reconnecting' : 'connecting';
    case 'lost':
      return 'reconnecting';
    case 'revoked':
      return 'revoked';
  }
}

export function createMessagePortTransport(options: MessagePortTransportOptions): Transport {
  const face = new TransportFace('connecting');
  const { status } = face;
  let port: PortLike | null = null;
  let opened = false;
  let attempt = 0;
  let retryTimer: unknown = null;
  let closedByUs = false;

  const setStatus = (next: TransportStatus) => {
    if (next === 'open') {
      opened = true;
      attempt = 0;
    }
    status.set(next);
  };

  const askAgain = () => {
    retryTimer = null;
    if (!closedByUs) options.requestPort();
  };

  const stopListening = options.listen((ev) => {
    if (ev.data !== PORT_MESSAGE || ev.source !== options.self || port || closedByUs) return;
    const p = ev.ports[0];
    if (!p) return;
    port = p;
    p.onmessage = (m) => {
      // Listen-in audio: main posts each frame as an ArrayBuffer of its own (cloned across processes).
      if (m.data instanceof ArrayBuffer) return face.deliverBinary(m.data);
      const message = m.data as Partial<WireMessage> | null;
      if (message?.type === 'evt' && message.name === 'link.changed') {
        const link = message.data as HostLinkView | undefined;
        if (link) setStatus(statusOfLink(link.state, opened));
      }
      face.deliver(m.data);
    };
    p.addEventListener('close', () => {
      if (port !== p) return;
      port = null;
      if (closedByUs) return;
      setStatus(opened ? 'reconnecting' : 'connecting');
      retryTimer = options.timers.set(askAgain, reconnectDelayMs(attempt++, options.random01));
    });
    p.start();
  });
  options.requestPort();

  return face.transport({
    send(message) {
      port?.postMessage(message);
    },
    sendBinary(frame) {
      port?.postMessage(frame);
    },
    close() {
      closedByUs = true;
      if (retryTimer !== null) options.timers.clear(retryTimer);
      stopListening();
      port?.close();
      port = null;
      status.set('closed');
    },
  });
}
