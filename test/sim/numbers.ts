// The simulator's numbers endpoints, written from sautikit.com/developers: GET /v1/numbers (the
// workspace's numbers), GET and PATCH /v1/numbers/{id}/routing (voice URL, events_url,
// voice_signing_secret — the secret is write-only), bearer keys, and the error envelope
// `{"error":{"code","message"}}` with codes such as api_key.invalid. It also signs and POSTs voice
// webhooks the way a routed number would: with the routing's secret to the routing's voice URL.
// Mount `numbers.handle` on the REST simulator, or run it alone with `startNumbersSim`.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, type WebhookResult } from './carrier';

export interface SimNumber {
  id: string;
  number: string;
  status: 'active' | 'suspended' | 'released';
  routing: { voiceUrl?: string; eventsUrl?: string; signingSecret?: string };
}

export interface NumbersSimOptions {
  readonly apiKey: string;
  /** Which spellings of the voice URL PATCH accepts (default: the guide's and the blog's). */
  readonly voiceFields?: readonly string[];
}

export class NumbersSim {
  readonly numbers = new Map<string, SimNumber>();
  readonly patches: { id: string; body: Record<string, unknown> }[] = [];
  /** When set, every request fails like an outage. */
  down: 'refuse' | '503' | null = null;

  constructor(readonly options: NumbersSimOptions) {}

  addNumber(number: string, routing: SimNumber['routing'] = {}): SimNumber {
    const n: SimNumber = { id: randomUUID(), number, status: 'active', routing: { ...routing } };
    this.numbers.set(n.id, n);
    return n;
  }

  byNumber(e164: string): SimNumber | undefined {
    return [...this.numbers.values()].find((n) => n.number === e164);
  }

  /** A call to `e164` arrives: Sautikit POSTs its routing's voice URL, signed with its secret. */
  async ring(e164: string, from = '+254712345678'): Promise<WebhookResult & { callSid: string }> {
    const n = this.byNumber(e164);
    if (!n?.routing.voiceUrl) throw new Error(`${e164} routes nowhere`);
    const callSid = `CA${randomUUID().replace(/-/g, '')}`;
    const res = await postWebhook(
      n.routing.voiceUrl,
      { CallId: callSid, From: from, To: e164, Direction: 'inbound', CallStatus: 'ringing' },
      { secret: n.routing.signingSecret },
    );
    return { ...res, callSid };
  }

  /** Handles a numbers request; false when the path is not a numbers endpoint. */
  handle = (req: IncomingMessage, res: ServerResponse, body: string): boolean => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const m = /^\/v1\/numbers(?:\/([^/]+)(\/routing)?)?\/?$/.exec(url.pathname);
    if (!m || m[1] === 'available') return false;
    if (this.down === 'refuse') {
      req.socket.destroy();
      return true;
    }
    if (this.down === '503') return (fail(res, 503, 'internal_error', 'service unavailable'), true);
    if (req.headers.authorization !== `Bearer ${this.options.apiKey}`)
      return (fail(res, 401, 'api_key.invalid', 'invalid API key'), true);
    const [, id, routing] = m;
    if (!id) {
      if (req.method !== 'GET') return (fail(res, 405, 'method_not_allowed', 'method not allowed'), true);
      return (
        json(res, 200, [...this.numbers.values()].filter((n) => n.status !== 'released').map(numberJson)),
        true
      );
    }
    const n = this.numbers.get(decodeURIComponent(id));
    if (!n) return (fail(res, 404, 'numbers.not_found', 'number not found'), true);
    if (!routing)
      return req.method === 'GET'
        ? (json(res, 200, numberJson(n)), true)
        : (fail(res, 405, 'method_not_allowed', 'method not allowed'), true);
    if (req.method === 'GET') return (json(res, 200, routingJson(n)), true);
    if (req.method !== 'PATCH') return (fail(res, 405, 'method_not_allowed', 'method not allowed'), true);
    let patch: Record<string, unknown>;
    try {
      patch = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return (fail(res, 400, 'request.invalid_json', 'body is not JSON'), true);
    }
    const voiceFields = this.options.voiceFields ?? ['voice_callback_url', 'voice_url'];
    const allowed = new Set([...voiceFields, 'events_url', 'voice_signing_secret']);
    const unknown = Object.keys(patch).find((k) => !allowed.has(k));
    if (unknown) return (fail(res, 400, 'validation.unknown_field', `unknown field ${unknown}`), true);
    for (const [k, v] of Object.entries(patch)) {
      if (v !== null && typeof v !== 'string')
        return (fail(res, 400, 'validation.invalid', `${k} must be a string`), true);
      if (k !== 'voice_signing_secret' && typeof v === 'string' && !/^https?:\/\//.test(v))
        return (fail(res, 400, 'validation.invalid_url', `${k} must be an http(s) URL`), true);
    }
    this.patches.push({ id: n.id, body: patch });
    const voice = voiceFields.find((f) => f in patch);
    if (voice) n.routing.voiceUrl = (patch[voice] as string | null) ?? undefined;
    if ('events_url' in patch) n.routing.eventsUrl = (patch.events_url as string | null) ?? undefined;
    if ('voice_signing_secret' in patch)
      n.routing.signingSecret = (patch.voice_signing_secret as string | null) ?? undefined;
    return (json(res, 200, routingJson(n)), true);
  };
}

function routingJson(n: SimNumber) {
  return {
    voice_callback_url: n.routing.voiceUrl ?? null,
    events_url: n.routing.eventsUrl ?? null,
    voice_signing_secret_set: Boolean(n.routing.signingSecret),
  };
}

function numberJson(n: SimNumber) {
  return {
    id: n.id,
    number: n.number,
    country: 'KE',
    status: n.status,
    capabilities: ['voice'],
    currency: 'KES',
    routing: routingJson(n),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message, request_id: randomUUID() } });
}

/** Runs the numbers endpoints on their own server (port 0) until the REST simulator mounts them. */
export async function startNumbersSim(sim: NumbersSim): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!sim.handle(req, res, Buffer.concat(chunks).toString('utf8'))) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'not_found', message: 'no such endpoint' } }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
