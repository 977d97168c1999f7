// The host's LAN listener for teammates: HTTPS with the host's self-signed certificate (pinned by
// desktop teammates at pairing), serving only the console — POST /pair (a pairing code or proof →
// a per-agent token), the built renderer for browser teammates, and the console WebSocket, where the
// agent token travels as a subprotocol. It never forwards to the public webhook surface, and the
// tunnel never forwards to it.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { serveStatic } from '../console/console-server';
import { serveConsoleSockets, wsPipe } from '../console/console-socket';
import type { Pipe } from '../console/pipe';
import { MAX_TYPED_NUMBER_CHARS } from '../base/phone-number';
import type { Clock } from '../base/clock';
import { limitConnections, TEAM_CONNECTION_LIMITS, type ConnectionLimits } from '../http/connection-limits';
import { containRequest } from '../http/contain-faults';
import { parseRequestTarget } from '../http/request-target';
import type { Log } from '../base/log';
import { describeFault } from '../base/process-guard';
import type { HostCertificate } from './host-certificate';
import { JOIN_HTML, JOIN_JS } from './join-page';

const MAX_PAIR_BODY_BYTES = 4096;
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The request body as text, or null when it was too large or the client went away (the socket is gone). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.destroy();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
    req.on('close', () => resolve(null));
  });
}

export interface PairRequest {
  readonly name: string;
  readonly number: string;
  /** Browser teammates type the code. */
  readonly code?: string;
  /** Desktop teammates prove it, bound to the fingerprint they saw. */
  readonly proof?: string;
  readonly nonce?: string;
}

export type PairOutcome =
  | {
      readonly ok: true;
      readonly agentId: string;
      readonly token: string;
      readonly hostProof?: string;
      readonly hostName?: string;
    }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

export interface LanListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly certificate: HostCertificate;
  readonly rendererDir: string;
  readonly log: Log;
  readonly clock: Clock;
  /** TEAM_CONNECTION_LIMITS unless a test sets its own. */
  readonly limits?: ConnectionLimits;
  readonly pair: (request: PairRequest, remote: string) => Promise<PairOutcome>;
  /** The agent a token belongs to, or why not. */
  readonly authenticate: (
    token: string | undefined,
  ) => { ok: true; agentId: string } | { ok: false; reason: string };
  readonly attach: (pipe: Pipe, identity: { agentId: string }) => () => void;
}

export interface LanListener {
  readonly port: number;
  /** Closes every console of one agent (4403: revoked; 4000: they left). */
  disconnect(agentId: string, closeCode: number, reason: string): void;
  connectedAgents(): Set<string>;
  close(): Promise<void>;
}

export async function startLanListener(options: LanListenerOptions): Promise<LanListener> {
  const { log } = options;
  const sockets = new Map<string, Set<WebSocket>>();

  const server = https.createServer(
    {
      cert: options.certificate.certPem,
      key: options.certificate.keyPem,
      minVersion: 'TLSv1.2',
      // A socket that never finishes the TLS handshake holds a file descriptor: 120 s by default.
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    },
    containRequest(log, 'team', (req, res) => {
      const url = parseRequestTarget(req.url);
      if (!url) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request\n');
      if (url.pathname === '/pair') return handlePair(req, res);
      if (url.pathname === '/join' || url.pathname === '/join.js') {
        const js = url.pathname === '/join.js';
        res.writeHead(200, {
          'content-type': js ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        return void res.end(js ? JOIN_JS : JOIN_HTML);
      }
      serveStatic(options.rendererDir, req, res);
    }),
  );
  limitConnections(server, {
    surface: 'team',
    log,
    clock: options.clock,
    limits: options.limits ?? TEAM_CONNECTION_LIMITS,
  });

  /** Answers POST /pair; its promise rejects only on a fault, which containRequest answers 500. */
  const handlePair = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown): void => {
      res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return send(405, { error: { code: 'TEAM_METHOD', message: 'POST only' } });
    const raw = await readBody(req, MAX_PAIR_BODY_BYTES);
    if (raw === null) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    // JSON that is not an object (null, a number, a list) is no pairing request either.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return send(400, {
        error: { code: 'TEAM_BAD_REQUEST', message: 'The pairing request was not a JSON object' },
      });
    }
    const body = parsed as Partial<Record<keyof PairRequest, unknown>>;
    const str = (v: unknown, max: number) =>
      typeof v === 'string' && v.trim().length > 0 && v.length <= max ? v.trim() : undefined;
    const request: PairRequest = {
      name: str(body.name, 80) ?? '',
      number: str(body.number, MAX_TYPED_NUMBER_CHARS) ?? '',
      code: str(body.code, 20),
      proof: str(body.proof, 128),
      nonce: str(body.nonce, 128),
    };
    let outcome: PairOutcome;
    try {
      outcome = await options.pair(request, req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      log.error({ code: 'TEAM_PAIR_FAILED', ...describeFault(err) }, 'pairing failed');
      return send(500, { error: { code: 'TEAM_PAIR_FAILED', message: 'Pairing failed on the host' } });
    }
    if (outcome.ok)
      send(200, {
        agentId: outcome.agentId,
        token: outcome.token,
        hostProof: outcome.hostProof,
        hostName: outcome.hostName,
      });
    else send(outcome.status, { error: { code: outcome.code, message: outcome.message } });
  };

  const consoles = await serveConsoleSockets(server, {
    host: options.host,
    port: options.port,
    log,
    surface: 'team',
    admit: (req, token) => {
      const origin = req.headers.origin;
      if (origin && origin !== `https://${req.headers.host ?? ''}`) {
        log.warn({ code: 'TEAM_BAD_ORIGIN' }, 'teammate console refused');
        return { ok: false, status: 403, text: 'Forbidden' };
      }
      const who = options.authenticate(token);
      if (!who.ok) {
        log.warn({ code: 'TEAM_BAD_TOKEN', reason: who.reason }, 'teammate console refused');
        // 401 for an unknown token, 403 for a revoked one: the window tells the two apart.
        return who.reason === 'revoked'
          ? { ok: false, status: 403, text: 'Forbidden' }
          : { ok: false, status: 401, text: 'Unauthorized' };
      }
      return { ok: true, identity: who.agentId };
    },
    open: (ws, agentId) => {
      let set = sockets.get(agentId);
      if (!set) sockets.set(agentId, (set = new Set()));
      set.add(ws);
      const detach = options.attach(wsPipe(ws, log), { agentId });
      ws.on('close', () => {
        detach();
        set.delete(ws);
        if (set.size === 0) sockets.delete(agentId);
      });
    },
  });
  log.info({ port: consoles.port }, 'team LAN listener (TLS) listening');
  return {
    port: consoles.port,
    disconnect(agentId, closeCode, reason) {
      for (const ws of sockets.get(agentId) ?? []) ws.close(closeCode, reason.slice(0, 100));
    },
    connectedAgents: () => new Set(sockets.keys()),
    close: () => consoles.close(),
  };
}
