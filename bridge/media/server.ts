// The media WebSocket on the public port (`/media`): the token and subprotocol are checked in the
// upgrade handler, so a refused client never completes a handshake. ws defaults are not left alone:
// payloads are bounded, only audio.drachtio.org is echoed, dead sockets are pinged and terminated.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../base/clock';
import { containUpgrade } from '../http/contain-faults';
import { parseRequestTarget } from '../http/request-target';
import type { Log } from '../base/log';
import { verifyCallToken, type CallTokenClaims } from './call-token';
import { MEDIA_SUBPROTOCOL } from './carrier-protocol';

/** 1 s of 16 kHz PCM is 32 000 bytes; anything much larger is not a carrier audio frame. */
export const MAX_MEDIA_PAYLOAD_BYTES = 64 * 1024;
const PING_INTERVAL_MS = 15_000;

export type AdmitResult = { ok: true } | { ok: false; status: 404 | 409 | 410; reason: string };

export interface MediaServerOptions {
  readonly path: string;
  readonly tokenSecret: string;
  readonly clock: Clock;
  readonly log: Log;
  /**
   * Is this stream one we are waiting for: a caller's call we answered (`media`), or an agent phone leg
   * we placed (`agent-media`)? The claims come from the signed token in the URL: they are the authority.
   */
  readonly admit: (claims: CallTokenClaims) => AdmitResult;
  readonly onStream: (ws: WebSocket, claims: CallTokenClaims, request: IncomingMessage) => void;
}

export interface MediaServer {
  close(): Promise<void>;
  readonly socketCount: () => number;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  const text = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function statusText(status: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      409: 'Conflict',
      410: 'Gone',
    }[status] ?? 'Error'
  );
}

export function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function attachMediaServer(server: Server, options: MediaServerOptions): MediaServer {
  const { log } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MEDIA_PAYLOAD_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(MEDIA_SUBPROTOCOL) ? MEDIA_SUBPROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseRequestTarget(request.url);
    // Another upgrade handler owns other paths, and answers a target that does not parse (the public
    // surface: refuseOtherUpgrades).
    if (url?.pathname !== options.path) return;
    socket.on('error', () => socket.destroy());
    if (!offeredProtocols(request).includes(MEDIA_SUBPROTOCOL)) {
      log.warn(
        { code: 'MEDIA_BAD_SUBPROTOCOL', offered: request.headers['sec-websocket-protocol'] },
        'media socket refused',
      );
      refuse(socket, 400, `subprotocol ${MEDIA_SUBPROTOCOL} required`);
      return;
    }
    const check = verifyCallToken(
      options.tokenSecret,
      url.searchParams.get('t'),
      ['media', 'agent-media'],
      options.clock.epochMs(),
    );
    if (!check.ok) {
      log.warn({ code: 'MEDIA_BAD_TOKEN', reason: check.reason }, 'media socket refused');
      refuse(socket, check.reason === 'expired' ? 401 : 403, `media token ${check.reason}`);
      return;
    }
    const { claims } = check;
    const admitted = options.admit(claims);
    if (!admitted.ok) {
      log.warn(
        { code: 'MEDIA_CALL_REFUSED', callSid: claims.callSid, legId: claims.legId, reason: admitted.reason },
        'media socket refused',
      );
      refuse(socket, admitted.status, admitted.reason);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Until a session listens (and after a self-test probe is closed), a protocol error from the
      // client must not be an 'error' event nobody handles: ws closes the socket itself.
      ws.on('error', (err) => log.debug({ err: err.message }, 'media socket protocol error'));
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      options.onStream(ws, claims, request);
    });
  };
  // A throw in `admit` or `onStream` (a session that fails to start) ends this one stream only.
  const contained = containUpgrade(log, 'public', onUpgrade);
  server.on('upgrade', contained);

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        log.warn('media socket unresponsive: terminating');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    socketCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        server.off('upgrade', contained);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
