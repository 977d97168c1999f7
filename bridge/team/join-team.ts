// A desktop teammate joins a host: first contact over TLS without a CA (the host's certificate is
// self-signed), so the pairing code is proven bound to the certificate seen, the host proves it back,
// and that certificate is pinned; every later connection trusts only it and sends the agent token
// only after the pinned certificate checked out.
import { randomBytes, X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { WebSocket, type ClientOptions } from 'ws';
import { CONSOLE_SUBPROTOCOL } from '../api/console-server';
import { SautiError } from '../errors';
import { certificateFingerprint } from './host-certificate';
import { hostProof, pairingProof } from './pairing-codes';

export interface JoinedTeam {
  readonly hostAddress: string;
  readonly agentId: string;
  readonly token: string;
  /** The host certificate pinned at pairing. */
  readonly certPem: string;
  readonly fingerprint: string;
}

/** "192.168.1.20:8443" or "https://192.168.1.20:8443" → https://192.168.1.20:8443 */
export function hostBaseUrl(address: string): string {
  const trimmed = address.trim().replace(/\/+$/, '');
  const url = new URL(
    /^https?:\/\//i.test(trimmed) ? trimmed.replace(/^http:/i, 'https:') : `https://${trimmed}`,
  );
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
  const nonce = randomBytes(16).toString('hex');
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
        // The proof is computed now, over the certificate this connection really presented.
        req.end(
          JSON.stringify({
            name: input.name,
            number: input.number,
            nonce,
            proof: pairingProof(input.code, fingerprint, nonce),
          }),
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
          error?: { code?: string; message?: string };
        } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          /* handled below */
        }
        if (res.statusCode !== 200 || !body.agentId || !body.token) {
          const code =
            body.error?.code === 'TEAM_CODE_EXPIRED'
              ? 'TEAM_CODE_EXPIRED'
              : body.error?.code?.startsWith('TEAM_')
                ? 'TEAM_PAIR_REFUSED'
                : 'TEAM_PAIR_FAILED';
          return reject(
            new SautiError(code, body.error?.message ?? `The host refused pairing (HTTP ${res.statusCode})`),
          );
        }
        if (body.hostProof !== hostProof(input.code, fingerprint, nonce)) {
          return reject(
            new SautiError(
              'TEAM_HOST_NOT_PROVEN',
              'The computer at that address could not prove it is your host. Do not use this network for the console; ask the host to check.',
            ),
          );
        }
        resolve({ hostAddress: base, agentId: body.agentId, token: body.token, certPem, fingerprint });
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
  return new WebSocket(url, [CONSOLE_SUBPROTOCOL, `sauti.token.${team.token}`], {
    ...(pinned as ClientOptions),
    maxPayload: 1024 * 1024,
  });
}
