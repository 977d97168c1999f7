// The console WebSocket at /console, as the loopback console server and the team's LAN listener both
// serve it: the console subprotocol must be offered, the token travels as a second subprotocol (never
// in a URL that could be logged), a refusal is a bare HTTP status before the handshake, and frames are
// capped. Who may connect is each server's own decision (`admit`).
import type http from 'node:http';
import type https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { containUpgrade, type Surface } from '../http/contain-faults';
import { parseRequestTarget } from '../http/request-target';
import type { Log } from '../base/log';
import type { Pipe } from './pipe';

export const CONSOLE_SUBPROTOCOL = 'sauti.console.v1';
const TOKEN_PREFIX = 'sauti.token.';
const MAX_CONSOLE_MESSAGE_BYTES = 1024 * 1024;

/** What a console offers when it connects: the console subprotocol and its token. */
export function consoleProtocols(token: string): string[] {
  return [CONSOLE_SUBPROTOCOL, `${TOKEN_PREFIX}${token}`];
}

/**
 * A console pipe over one WebSocket: messages as JSON text frames (non-JSON text is dropped), binary
 * frames (listen-in audio) as binary frames.
 */
export function wsPipe(ws: WebSocket, log: Log): Pipe {
  return {
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    sendBinary(frame) {
      if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true });
    },
    onBinary(listener) {
      const h = (data: Buffer, isBinary: boolean) => {
        if (isBinary) listener(data);
      };
      ws.on('message', h);
      return () => ws.off('message', h);
    },
    onMessage(listener) {
      const h = (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        try {
          listener(JSON.parse(data.toString('utf8')));
        } catch {
          log.warn('console sent text that is not JSON: ignored');
        }
      };
      ws.on('message', h);
      return () => ws.off('message', h);
    },
    onClose(listener) {
      ws.on('close', listener);
      return () => ws.off('close', listener);
    },
    close() {
      ws.close(1000);
    },
  };
}

/** A server's answer to a console asking in: who it is, or the HTTP status that refuses it. */
export type Admission<T> =
  | { readonly ok: true; readonly identity: T }
  | { readonly ok: false; readonly status: number; readonly text: string };

export interface ConsoleSocketsOptions<T> {
  readonly host: string;
  readonly port: number;
  /** Decides on an upgrade to /console that offered the console subprotocol, with the token it offered. */
  readonly admit: (req: IncomingMessage, token: string | undefined) => Admission<T>;
  /** A console admitted and connected. */
  readonly open: (ws: WebSocket, identity: T) => void;
  /** Where a console socket's protocol errors, and a fault in `admit` or `open`, are reported. */
  readonly log: Log;
  /** Which server this is (the loopback console or the team's LAN listener), for the log. */
  readonly surface: Surface;
}

export interface ConsoleSockets {
  readonly port: number;
  /** Ends every console socket and connection, then stops listening. */
  close(): Promise<void>;
}

/** Serves the console socket on `server` and starts it listening; resolves with the port it got. */
export function serveConsoleSockets<T>(
  server: http.Server | https.Server,
  options: ConsoleSocketsOptions<T>,
): Promise<ConsoleSockets> {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CONSOLE_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(CONSOLE_SUBPROTOCOL) ? CONSOLE_SUBPROTOCOL : false),
  });

  // A throw in `admit` or `open` (a damaged record file, a bug) ends this one connection.
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const fail = (status: number, text: string) =>
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    const target = parseRequestTarget(req.url);
    if (!target) return fail(400, 'Bad Request');
    if (target.pathname !== '/console') return fail(404, 'Not Found');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.includes(CONSOLE_SUBPROTOCOL)) return fail(400, 'Bad Request');
    const token = offered.find((p) => p.startsWith(TOKEN_PREFIX))?.slice(TOKEN_PREFIX.length);
    const admission = options.admit(req, token);
    if (!admission.ok) return fail(admission.status, admission.text);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // ws closes the socket itself after a protocol error (a frame over the cap, bad UTF-8) and
      // 'close' follows; an 'error' nobody listens to would be thrown and end the process.
      ws.on('error', (err) =>
        options.log.warn({ code: 'CONSOLE_SOCKET_ERROR', err: err.message }, 'console socket error'),
      );
      options.open(ws, admission.identity);
    });
  };
  server.on('upgrade', containUpgrade(options.log, options.surface, onUpgrade));

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : options.port,
        close: () =>
          new Promise<void>((done) => {
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
