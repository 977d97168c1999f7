// Picks the transport for this window: Electron's preload exposes `window.sauti.connect()` and hands us a
// MessagePort; in a browser we use the authenticated WebSocket at /console with the token from the URL.
import { createConsoleClient, realTimers, type ConsoleClient } from './console-client';
import { takeConsoleToken } from './console-token';
import { createMessagePortTransport, type PortLike, type PortMessageEvent } from './message-port-transport';
import { createWebSocketTransport, type SocketLike } from './websocket-transport';

/** What Electron's preload exposes on window (a pipe only: it asks main for a port). */
export interface SautiBridge {
  connect(): void;
}

export type Connection =
  { readonly kind: 'ok'; readonly client: ConsoleClient } | { readonly kind: 'no-token' };

export function connectConsole(win: Window & typeof globalThis & { sauti?: SautiBridge }): Connection {
  const bridge = win.sauti;
  if (bridge && typeof bridge.connect === 'function') {
    const transport = createMessagePortTransport({
      self: win,
      timers: realTimers,
      requestPort: () => bridge.connect(),
      listen: (listener) => {
        const onMessage = (ev: MessageEvent) =>
          listener({
            data: ev.data,
            source: ev.source,
            ports: ev.ports as unknown as readonly PortLike[],
          } satisfies PortMessageEvent);
        win.addEventListener('message', onMessage);
        return () => win.removeEventListener('message', onMessage);
      },
    });
    return { kind: 'ok', client: createConsoleClient(transport) };
  }
  const token = takeConsoleToken({
    hash: win.location.hash,
    storage: win.sessionStorage,
    clearHash: () =>
      win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}#/live`),
  });
  if (!token) return { kind: 'no-token' };
  const wsUrl = `${win.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${win.location.host}/console`;
  const transport = createWebSocketTransport({
    token,
    timers: realTimers,
    createSocket: (protocols) => new win.WebSocket(wsUrl, protocols) as unknown as SocketLike,
    probeServer: () =>
      win.fetch('/healthz', { cache: 'no-store' }).then(
        (r) => r.ok,
        () => false,
      ),
  });
  return { kind: 'ok', client: createConsoleClient(transport) };
}
