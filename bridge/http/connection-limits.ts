// Limits on who may hold connections to our public and team listeners, so idle or slow sockets cannot
// pile up until the process runs out of file descriptors and Sautikit's next webhook is refused with
// nothing logged: a cap per peer address and in total, timeouts for a socket that sends nothing (or
// its headers too slowly) and for keep-alive, and one log line, at most once a minute, when a
// connection is refused or the server cannot accept one.
//
// Loopback is special on the public port: every connection a tunnel (cloudflared, ngrok) forwards
// arrives from 127.0.0.1, Sautikit's and an attacker's alike, so a per-address cap there would cap all
// of Sautikit's traffic. Loopback therefore shares the whole budget (its cap is the total), and the
// timeouts are what free sockets held through a tunnel. A direct peer (Sautikit without a tunnel, or a
// reverse proxy of your own) gets a fixed share. On the team port, which no tunnel forwards to,
// loopback is an ordinary peer.
import type http from 'node:http';
import type net from 'node:net';
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import type { Surface } from './contain-faults';

export interface ConnectionLimits {
  /** Open connections one non-loopback peer address may hold. */
  readonly perAddress: number;
  /** Open connections loopback peers (127.0.0.0/8, ::1) may hold together. */
  readonly loopback: number;
  /** Open connections in all. */
  readonly total: number;
  /** A socket that receives nothing for this long, outside a WebSocket, is closed. */
  readonly idleMs: number;
  /** How long a client may take to send its request headers. */
  readonly headersMs: number;
  /** How long a client may take to send its whole request. */
  readonly requestMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveMs: number;
}

/**
 * The public port: about 50 live calls hold one media socket each, plus short webhook requests, all
 * through the tunnel on loopback. The total stays well below a default file limit (1024).
 */
export const PUBLIC_CONNECTION_LIMITS: ConnectionLimits = {
  perAddress: 64,
  loopback: 480,
  total: 480,
  idleMs: 20_000,
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 5_000,
};

/** The team port: a teammate's windows hold one console socket each, plus a few page loads. */
export const TEAM_CONNECTION_LIMITS: ConnectionLimits = {
  perAddress: 16,
  loopback: 16,
  total: 128,
  idleMs: 20_000,
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 5_000,
};

/** One line per surface at most this often, with the count refused since the last one. */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

export interface ConnectionGateOptions {
  readonly surface: Surface;
  readonly log: Log;
  readonly clock: Clock;
  readonly limits: ConnectionLimits;
}

export interface ConnectionGate {
  /** Open connections now, in all and per peer address. */
  open(): { total: number; byAddress: ReadonlyMap<string, number> };
}

/** "::ffff:127.0.0.1" → "127.0.0.1": the same peer over IPv4 and IPv6-mapped sockets. */
export function peerAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  return remote.startsWith('::ffff:') && remote.includes('.') ? remote.slice(7) : remote;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** Applies `limits` to `server` (before it listens). */
export function limitConnections(server: net.Server, options: ConnectionGateOptions): ConnectionGate {
  const { limits, log, clock, surface } = options;
  const httpServer = server as Partial<http.Server>;
  if (typeof httpServer.headersTimeout === 'number') {
    const s = server as http.Server;
    s.headersTimeout = limits.headersMs;
    s.requestTimeout = limits.requestMs;
    s.keepAliveTimeout = limits.keepAliveMs;
    // Node clears this for a socket once it is upgraded: media and console sockets may be quiet for long.
    s.timeout = limits.idleMs;
  }

  const byAddress = new Map<string, number>();
  let total = 0;
  let loopbackOpen = 0;
  let lastLogMs = Number.NEGATIVE_INFINITY;
  let refusedSinceLog = 0;

  const report = (fields: Record<string, unknown>, message: string) => {
    refusedSinceLog++;
    const now = clock.nowMs();
    if (now - lastLogMs < REFUSAL_LOG_INTERVAL_MS) return;
    log.warn({ surface, refused: refusedSinceLog, open: total, ...fields }, message);
    lastLogMs = now;
    refusedSinceLog = 0;
  };

  server.on('connection', (socket: net.Socket) => {
    const address = peerAddress(socket.remoteAddress);
    const loopback = isLoopback(address);
    const mine = byAddress.get(address) ?? 0;
    const reason =
      total >= limits.total
        ? 'total'
        : loopback
          ? loopbackOpen >= limits.loopback
            ? 'loopback'
            : null
          : mine >= limits.perAddress
            ? 'per-address'
            : null;
    if (reason) {
      report(
        { code: 'HTTP_CONNECTION_REFUSED', reason, address },
        'connection refused: too many open connections (see the README on connection limits)',
      );
      socket.destroy();
      return;
    }
    byAddress.set(address, mine + 1);
    total++;
    if (loopback) loopbackOpen++;
    socket.once('close', () => {
      total--;
      if (loopback) loopbackOpen--;
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left > 0) byAddress.set(address, left);
      else byAddress.delete(address);
    });
  });

  // Once listening, an 'error' on the server is a failed accept (EMFILE: out of file descriptors);
  // without a listener Node throws it as an uncaught exception.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (!server.listening) return;
    report(
      { code: 'HTTP_ACCEPT_FAILED', errCode: err.code },
      'could not accept a connection (out of file descriptors?)',
    );
  });

  return { open: () => ({ total, byAddress: new Map(byAddress) }) };
}
