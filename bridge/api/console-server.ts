// Browser mode's console: a loopback HTTP server that serves the built renderer and carries the
// console API over a WebSocket at /console. The token travels as a subprotocol (never in a URL that
// could be logged) and is compared in constant time; the console API never goes through the tunnel.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Log } from '../log';
import type { Pipe } from './pipe';

export const CONSOLE_SUBPROTOCOL = 'sauti.console.v1';
const TOKEN_PREFIX = 'sauti.token.';
const MAX_CONSOLE_MESSAGE_BYTES = 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'; base-uri 'none'";

export interface ConsoleServerOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly rendererDir: string;
  readonly log: Log;
  readonly attach: (pipe: Pipe) => () => void;
}

export interface ConsoleServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function tokenMatches(expected: string, offered: string | undefined): boolean {
  if (!offered) return false;
  return timingSafeEqual(digest(expected), digest(offered));
}

export function wsPipe(ws: WebSocket, log: Log): Pipe {
  return {
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
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

export function serveStatic(rendererDir: string, req: IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const file = path.resolve(rendererDir, `.${rel}`);
  const inside = file.startsWith(path.resolve(rendererDir) + path.sep);
  const target =
    inside && existsSync(file) && statSync(file).isFile() ? file : path.join(rendererDir, 'index.html');
  if (!existsSync(target)) {
    res
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end(
        'The console UI is not built yet. Run `npm run build` (npm start does it for you), then reload.\n',
      );
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(target).pipe(res);
}

export function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const { log } = options;
  const server = http.createServer((req, res) => serveStatic(options.rendererDir, req, res));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CONSOLE_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(CONSOLE_SUBPROTOCOL) ? CONSOLE_SUBPROTOCOL : false),
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    const token = offered.find((p) => p.startsWith(TOKEN_PREFIX))?.slice(TOKEN_PREFIX.length);
    const fail = (status: number, text: string) =>
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (url.pathname !== '/console') return fail(404, 'Not Found');
    if (!offered.includes(CONSOLE_SUBPROTOCOL)) return fail(400, 'Bad Request');
    if (!tokenMatches(options.token, token)) {
      log.warn({ code: 'CONSOLE_BAD_TOKEN' }, 'console connection refused');
      return fail(401, 'Unauthorized');
    }
    const origin = req.headers.origin;
    if (origin && !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin)) {
      log.warn({ code: 'CONSOLE_BAD_ORIGIN', origin }, 'console connection refused');
      return fail(403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const detach = options.attach(wsPipe(ws, log));
      ws.on('close', detach);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
      resolve({
        port,
        url: `http://${host}:${port}/#token=${encodeURIComponent(options.token)}`,
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
