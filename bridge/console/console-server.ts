// Browser mode's console: a loopback HTTP server that serves the built renderer and carries the
// console API over a WebSocket at /console. The token travels as a subprotocol (never in a URL that
// could be logged) and is compared in constant time; the console API never goes through the tunnel.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import path from 'node:path';
import { containRequest } from '../http/contain-faults';
import { parseRequestTarget } from '../http/request-target';
import type { Log } from '../base/log';
import { serveConsoleSockets, wsPipe } from './console-socket';
import type { Pipe } from './pipe';

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

export function serveStatic(rendererDir: string, req: IncomingMessage, res: http.ServerResponse): void {
  const requested = parseRequestTarget(req.url);
  if (!requested) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  if (requested.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const rel = requested.pathname === '/' ? '/index.html' : requested.decodedPath;
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
  // A file gone between the check and the read (a rebuild) must not become an unhandled 'error'.
  else
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res);
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const { log } = options;
  const server = http.createServer(
    containRequest(log, 'console', (req, res) => serveStatic(options.rendererDir, req, res)),
  );
  const sockets = await serveConsoleSockets(server, {
    host: options.host,
    port: options.port,
    log,
    surface: 'console',
    admit: (req, token) => {
      if (!tokenMatches(options.token, token)) {
        log.warn({ code: 'CONSOLE_BAD_TOKEN' }, 'console connection refused');
        return { ok: false, status: 401, text: 'Unauthorized' };
      }
      const origin = req.headers.origin;
      if (origin && !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin)) {
        log.warn({ code: 'CONSOLE_BAD_ORIGIN', origin }, 'console connection refused');
        return { ok: false, status: 403, text: 'Forbidden' };
      }
      return { ok: true, identity: null };
    },
    open: (ws) => {
      const detach = options.attach(wsPipe(ws, log));
      ws.on('close', detach);
    },
  });
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    port: sockets.port,
    url: `http://${host}:${sockets.port}/#token=${encodeURIComponent(options.token)}`,
    close: () => sockets.close(),
  };
}
