// A fault in one connection's handler ends that connection, never the process: every request and
// upgrade listener of our servers (public, console, team) runs inside these wrappers. A throw, or a
// rejected promise, is logged with a code and where it came from (never its message: it may carry a
// token or a caller's words) and the client gets a bare 500, or a closed socket when one can no longer
// be written. Without this, Node turns the throw into an uncaught exception, and a few of them in a
// row make the process guard exit on purpose (process-guard.ts): one bad file took the app down.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Log } from '../base/log';
import { describeFault } from '../base/process-guard';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;

/** Which server a fault happened on, for the log line. */
export type Surface = 'public' | 'console' | 'team';

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

function logFault(log: Log, surface: Surface, kind: 'request' | 'upgrade', err: unknown): void {
  log.error(
    { code: 'HTTP_HANDLER_FAULT', surface, kind, ...describeFault(err) },
    'a connection handler failed: that connection was ended, the app keeps running',
  );
}

/** Runs `fn`, sending any throw or rejection to `onFault` (which must not throw itself). */
function contain(fn: () => unknown, onFault: (err: unknown) => void): void {
  let result: unknown;
  try {
    result = fn();
  } catch (err) {
    onFault(err);
    return;
  }
  if (isPromise(result)) result.then(undefined, onFault);
}

/** A request listener whose faults answer 500 (or cut a response already under way). */
export function containRequest(log: Log, surface: Surface, handler: RequestListener): RequestListener {
  return (req, res) =>
    contain(
      () => handler(req, res),
      (err) => {
        logFault(log, surface, 'request', err);
        if (res.headersSent || res.writableEnded) res.destroy();
        else
          res
            .writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
            .end('Internal Server Error\n');
      },
    );
}

/** An upgrade listener whose faults answer 500 before the handshake, or close the socket after it. */
export function containUpgrade(log: Log, surface: Surface, handler: UpgradeListener): UpgradeListener {
  return (req, socket, head) => {
    // Bytes written by the handler mean a handshake (or a refusal) went out: then no HTTP answer fits.
    // (A TLS socket has written its handshake before this point, so only the difference counts.)
    const writtenBefore = bytesWritten(socket);
    contain(
      () => handler(req, socket, head),
      (err) => {
        logFault(log, surface, 'upgrade', err);
        if (socket.destroyed) return;
        socket.on('error', () => socket.destroy());
        if (bytesWritten(socket) > writtenBefore || !socket.writable) socket.destroy();
        else
          socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      },
    );
  };
}

function bytesWritten(socket: Duplex): number {
  return (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
}
