// A desktop teammate joins a host: first contact over TLS without a CA (the host's certificate is
// self-signed), so the pairing code is proven bound to the certificate seen, the host proves it back,
// and that certificate is pinned; every later connection trusts only it and sends the agent token
// only after the pinned certificate checked out.
import { randomBytes, X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { WebSocket, type ClientOptions } from 'ws';
import { consoleProtocols } from '../console/console-socket';
import { toE164 } from '../base/phone-number';
import { SautiError } from '../base/errors';
import { certificateFingerprint } from './host-certificate';
import { deriveCodeKey, proofFromKey } from './pairing-codes';

export interface JoinedTeam {
  readonly hostAddress: string;
  readonly agentId: string;
  readonly token: string;
  /** The host certificate pinned at pairing. */
  readonly certPem: string;
  readonly fingerprint: string;
  /** The host laptop's name, as it gave it at pairing. */
  readonly hostName?: string;
}

/** "192.168.1.20:8443", "https://192.168.1.20:8443" or the /join link → https://192.168.1.20:8443 */
export function hostBaseUrl(address: string): string {
  const trimmed = address.trim();
  const bad = () =>
    new SautiError(
      'TEAM_BAD_ADDRESS',
      'Enter the host’s address as shown on its screen, for example 192.168.1.20:8443',
    );
  let url: URL;
  try {
    url = new URL(
      /^https?:\/\//i.test(trimmed) ? trimmed.replace(/^http:/i, 'https:') : `https://${trimmed}`,
    );
  } catch {
    throw bad();
  }
  if (!url.hostname || url.username || url.password) throw bad();
  if (!url.port) url.port = '8443';
  return `${url.protocol}//${url.host}`;
}

export async function pairWithHost(input: {
  address: string;
  code: string;
  name: string;
  number: string;
  timeoutMs?: number;
}): Promise<JoinedTeam> {
  const base = hostBaseUrl(input.address);
  const number = toE164(input.number);
  const nonce = randomBytes(16).toString('hex');
  // Derived off the event loop (scrypt, on the thread pool) while the TLS connection opens.
  const codeKey = deriveCodeKey(input.code);
  codeKey.catch(() => undefined);
  return new Promise((resolve, reject) => {
    const req = https.request(`${base}/pair`, {
      method: 'POST',
      agent: false,
      rejectUnauthorized: false,
      headers: { 'content-type': 'application/json' },
      timeout: input.timeoutMs ?? 10_000,
    });
    let certPem = '';
    let fingerprint = '';
    req.on('socket', (socket) => {
      (socket as TLSSocket).once('secureConnect', () => {
        const raw = (socket as TLSSocket).getPeerCertificate().raw;
        fingerprint = certificateFingerprint(raw);
        certPem = new X509Certificate(raw).toString();
        // The proof is made now, over the certificate this connection really presented.
        codeKey.then(
          (key) =>
            req.end(
              JSON.stringify({
                name: input.name,
                number,
                nonce,
                proof: proofFromKey(key, 'client', fingerprint, nonce),
              }),
            ),
          (err: unknown) => req.destroy(err instanceof Error ? err : new Error(String(err))),
        );
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      reject(
        new SautiError(
          'TEAM_HOST_UNREACHABLE',
          `Could not reach the host at ${base} (${err.message}). Check the address and that both computers are on the same network.`,
          { cause: err, retryable: true },
        ),
      ),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let body: {
          agentId?: string;
          token?: string;
          hostProof?: string;
          hostName?: string;
          error?: { code?: string; message?: string };
        } = {};
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          // Not yet a proven host: anything but an object is no answer (handled below).
          if (typeof parsed === 'object' && parsed !== null) body = parsed as typeof body;
        } catch {
          /* handled below */
        }
        if (
          res.statusCode !== 200 ||
          typeof body.agentId !== 'string' ||
          !body.agentId ||
          typeof body.token !== 'string' ||
          !body.token
        ) {
          const refusal = typeof body.error === 'object' && body.error !== null ? body.error : {};
          const hostCode = typeof refusal.code === 'string' ? refusal.code : '';
          const code =
            hostCode === 'TEAM_CODE_EXPIRED'
              ? 'TEAM_CODE_EXPIRED'
              : hostCode.startsWith('TEAM_')
                ? 'TEAM_PAIR_REFUSED'
                : 'TEAM_PAIR_FAILED';
          return reject(
            new SautiError(
              code,
              typeof refusal.message === 'string'
                ? refusal.message.slice(0, 300)
                : `The host refused pairing (HTTP ${res.statusCode})`,
            ),
          );
        }
        const { agentId, token } = body;
        const hostName =
          typeof body.hostName === 'string' && body.hostName.length <= 100 ? body.hostName : undefined;
        codeKey.then((key) => {
          if (body.hostProof !== proofFromKey(key, 'host', fingerprint, nonce)) {
            return reject(
              new SautiError(
                'TEAM_HOST_NOT_PROVEN',
                'The computer at that address could not prove it is your host. Do not use this network for the console; ask the host to check.',
              ),
            );
          }
          resolve({ hostAddress: base, agentId, token, certPem, fingerprint, hostName });
        }, reject);
      });
    });
  });
}

/** Opens the host's console WebSocket trusting only the pinned certificate. */
export function connectToHost(
  team: Pick<JoinedTeam, 'hostAddress' | 'token' | 'certPem' | 'fingerprint'>,
): WebSocket {
  const url = `${team.hostAddress.replace(/^https:/, 'wss:')}/console`;
  const pinned: ConnectionOptions = {
    ca: [team.certPem],
    checkServerIdentity: (_host, cert) =>
      certificateFingerprint(cert.raw) === team.fingerprint
        ? undefined
        : new Error('the host certificate is not the one pinned at pairing'),
  };
  return new WebSocket(url, consoleProtocols(team.token), {
    ...(pinned as ClientOptions),
    maxPayload: 1024 * 1024,
  });
}

/** The host closes the consoles of a teammate who left with this code (team-host.ts). */
export const LEFT_CLOSE_CODE = 4000;

/**
 * Tells the host this teammate leaves (team.leave over a fresh pinned socket), so the token stops
 * working there too. Resolves false when the host could not be reached in time: leaving still goes
 * ahead on this computer, and the host can revoke the teammate itself.
 */
export function leaveHost(
  team: Pick<JoinedTeam, 'hostAddress' | 'token' | 'certPem' | 'fingerprint'>,
  options: { timeoutMs?: number; connect?: typeof connectToHost } = {},
): Promise<boolean> {
  const ws = (options.connect ?? connectToHost)(team);
  return new Promise<boolean>((resolve) => {
    const done = (left: boolean) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(left);
    };
    const timer = setTimeout(() => done(false), options.timeoutMs ?? 5000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'cmd', id: 1, name: 'team.leave', args: {} })));
    ws.on('message', (data) => {
      try {
        const m = JSON.parse(String(data)) as { type?: string; id?: number; result?: { ok?: boolean } };
        if (m.type === 'res' && m.id === 1) done(m.result?.ok === true);
      } catch {
        /* not ours: keep waiting */
      }
    });
    ws.on('unexpected-response', () => done(false));
    ws.on('error', () => done(false));
    // The host closes a leaving teammate's consoles with 4000 once their token is void, which may
    // overtake the reply to the command itself.
    ws.on('close', (code) => done(code === LEFT_CLOSE_CODE));
  });
}
