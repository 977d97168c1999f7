// Browser mode's transport: the authenticated WebSocket at /console (token as a subprotocol, JSON text
// frames, listen-in audio as binary frames received as ArrayBuffers), reconnecting with backoff. A refused handshake looks like any drop to a page, so when the
// server answers /healthz but the socket keeps being refused, the token is what is wrong. A team host
// closes a revoked teammate's socket with 4403: that ends retrying at once.
import type { Transport } from './transport';
import { TransportFace } from './transport-face';
import type { Timers } from './console-client';
import { reconnectDelayMs } from './reconnect-delay';

export const CONSOLE_SUBPROTOCOL = 'sauti.console.v1';

/** The part of the DOM WebSocket this transport uses (a real WebSocket fits; tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | ArrayBuffer): void;
  close(code?: number): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WebSocketTransportOptions {
  readonly createSocket: (protocols: string[]) => SocketLike;
  readonly token: string;
  /** Does the console server answer plain HTTP? (GET /healthz) */
  readonly probeServer: () => Promise<boolean>;
  readonly timers: Timers;
  readonly random01?: () => number;
}

const SOCKET_OPEN = 1;
/** bridge/team/host-relay.ts REVOKED_CLOSE_CODE: the host revoked this teammate. */
export const REVOKED_CLOSE_CODE = 4403;
/** Refusals in a row, with the server up, before we decide it is the token. */
const REFUSALS_BEFORE_UNAUTHORIZED = 2;

export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const face = new TransportFace('connecting');
  const { status } = face;
  let socket: SocketLike | null = null;
  let attempt = 0;
  let refusals = 0;
  let retryTimer: unknown = null;
  let closedByUs = false;

  const scheduleRetry = () => {
    if (closedByUs) return;
    status.set('reconnecting');
    retryTimer = options.timers.set(connect, reconnectDelayMs(attempt++, options.random01));
  };

  const onRefusedOrDropped = (opened: boolean) => {
    if (closedByUs) return;
    if (opened) {
      refusals = 0;
      scheduleRetry();
      return;
    }
    options.probeServer().then(
      (serverUp) => {
        if (closedByUs) return;
        refusals = serverUp ? refusals + 1 : 0;
        if (refusals >= REFUSALS_BEFORE_UNAUTHORIZED) status.set('unauthorized');
        else scheduleRetry();
      },
      () => scheduleRetry(),
    );
  };

  function connect(): void {
    retryTimer = null;
    let opened = false;
    const ws = options.createSocket([CONSOLE_SUBPROTOCOL, `sauti.token.${options.token}`]);
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      refusals = 0;
      status.set('open');
    };
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) return face.deliverBinary(ev.data);
      if (typeof ev.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(ev.data);
      } catch {
        return;
      }
      face.deliver(message);
    };
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      if (ev.code === REVOKED_CLOSE_CODE && !closedByUs) status.set('revoked');
      else onRefusedOrDropped(opened);
    };
  }

  connect();

  return face.transport({
    send(message) {
      if (socket && socket.readyState === SOCKET_OPEN) socket.send(JSON.stringify(message));
    },
    sendBinary(frame) {
      if (socket && socket.readyState === SOCKET_OPEN) socket.send(frame);
    },
    close() {
      closedByUs = true;
      if (retryTimer !== null) options.timers.clear(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000);
      status.set('closed');
    },
  });
}
