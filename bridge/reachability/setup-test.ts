// "Test my setup": the app calls its own public URL from the outside in (through the tunnel, like
// Sautikit would) and reports each hop: the URL is one Sautikit can reach at all (public https), tunnel
// up, webhook reachable, signature secret matches (a signed self-test event is accepted and an unsigned
// one refused), media socket upgrade works. A loopback or LAN URL fails the first hop even when the
// others pass from here: this computer reaching itself proves nothing about Sautikit reaching it.
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { SetupHop, SetupReport } from '../api/contract';
import { MEDIA_SUBPROTOCOL } from '../media/carrier-protocol';
import { signBody } from '../sautikit/signature';
import { checkPublicUrl, type LookupAll } from './public-address';

export const SELF_TEST_EVENT = 'sauti.self_test';

export interface SetupTestDeps {
  readonly publicUrl: string;
  /** The tunnel's own verdict (state and words). */
  readonly tunnel: { readonly ok: boolean; readonly detail: string };
  readonly signingSecrets: readonly string[];
  /** A media URL (wss://…/media?t=…) the app will accept once, for a probe. */
  readonly mediaProbeUrl: string;
  readonly nowS: number;
  readonly nowMs: number;
  readonly fetch?: typeof fetch;
  /** DNS for the address hop (a stand-in in tests). */
  readonly lookup?: LookupAll;
  readonly timeoutMs?: number;
}

export async function testSetup(deps: SetupTestDeps): Promise<SetupReport> {
  const f = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const address = await checkPublicUrl(deps.publicUrl, deps.lookup);
  const hops: SetupHop[] = [
    { hop: 'address', ok: address.ok, detail: address.detail },
    { hop: 'tunnel', ok: deps.tunnel.ok, detail: deps.tunnel.detail },
  ];

  let reachable = false;
  try {
    const res = await f(`${deps.publicUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => ({}))) as { ok?: boolean; version?: string };
    // 503 with the app's version: this app answered, and says its call log is not working.
    reachable = (res.ok || res.status === 503) && typeof body.version === 'string';
    hops.push({
      hop: 'webhook',
      ok: reachable,
      detail: !reachable
        ? `${deps.publicUrl}/healthz answered HTTP ${res.status}, not this app`
        : body.ok === true
          ? `${deps.publicUrl}/healthz answered from this app`
          : `${deps.publicUrl}/healthz answered from this app, which says its call log is not working`,
    });
  } catch (err) {
    hops.push({
      hop: 'webhook',
      ok: false,
      detail: `Could not reach ${deps.publicUrl}/healthz (${(err as Error).name === 'TimeoutError' ? 'no answer' : (err as Error).message})`,
    });
  }

  if (!reachable) {
    hops.push({ hop: 'signature', ok: false, detail: 'Skipped: the webhook is not reachable' });
    hops.push({ hop: 'media', ok: false, detail: 'Skipped: the webhook is not reachable' });
  } else {
    hops.push(await signatureHop(deps, f, timeoutMs));
    hops.push(await mediaHop(deps.mediaProbeUrl, timeoutMs));
  }
  return { ok: hops.every((h) => h.ok), publicUrl: deps.publicUrl, hops, testedAtMs: deps.nowMs };
}

async function signatureHop(deps: SetupTestDeps, f: typeof fetch, timeoutMs: number): Promise<SetupHop> {
  const secret = deps.signingSecrets[0];
  if (!secret) {
    return {
      hop: 'signature',
      ok: false,
      detail:
        'No signing secret is enforced yet: set the webhook secret in Settings, or use "Answer this number here" ' +
        '(the app enforces its secret once Sautikit has signed a call with it)',
    };
  }
  const body = JSON.stringify({
    event_kind: SELF_TEST_EVENT,
    event_id: `selftest-${randomBytes(8).toString('hex')}`,
    payload: {},
  });
  const post = (signature?: string) =>
    f(`${deps.publicUrl}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-sautikit-signature': signature } : {}),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  try {
    const signed = await post(signBody(secret, body, deps.nowS));
    const unsigned = await post();
    if (signed.status >= 200 && signed.status < 300 && (unsigned.status === 401 || unsigned.status === 403)) {
      return {
        hop: 'signature',
        ok: true,
        detail: 'A request signed with the secret was accepted and an unsigned one refused',
      };
    }
    if (signed.status === 401 || signed.status === 403)
      return {
        hop: 'signature',
        ok: false,
        detail: 'The app refused its own signed request: the signing secret does not match',
      };
    return {
      hop: 'signature',
      ok: false,
      detail: `Unsigned requests are not refused (HTTP ${unsigned.status}): signatures are not enforced`,
    };
  } catch (err) {
    return { hop: 'signature', ok: false, detail: `The signed self-test failed (${(err as Error).message})` };
  }
}

function mediaHop(url: string, timeoutMs: number): Promise<SetupHop> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, [MEDIA_SUBPROTOCOL], { handshakeTimeout: timeoutMs });
    const done = (hop: SetupHop) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(hop);
    };
    ws.once('open', () =>
      done(
        ws.protocol === MEDIA_SUBPROTOCOL
          ? {
              hop: 'media',
              ok: true,
              detail: 'The media socket upgrade went through with the audio.drachtio.org subprotocol',
            }
          : { hop: 'media', ok: false, detail: `The media socket answered subprotocol "${ws.protocol}"` },
      ),
    );
    ws.once('unexpected-response', (_req, res) =>
      done({
        hop: 'media',
        ok: false,
        detail: `The media socket upgrade was refused with HTTP ${res.statusCode} (does the tunnel pass WebSockets?)`,
      }),
    );
    ws.once('error', (err) =>
      done({ hop: 'media', ok: false, detail: `The media socket upgrade failed (${err.message})` }),
    );
  });
}
