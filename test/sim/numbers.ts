// The simulator's numbers endpoints, written from sautikit.com/developers: GET /v1/numbers (the
// workspace's numbers, each with its routing), bearer keys, the error envelope
// `{"error":{"code","message"}}` with codes such as api_key.invalid, and a switch for which ways of setting
// a number's routing the API takes (the sources disagree: sautikit.md, REST → Numbers). By default it takes
// only the documented ones: `PATCH …/routing` with `voice_callback_url` (the "Claim and Route a Number"
// guide) or `voice_url` (the "call stack" post), and `PATCH /v1/numbers/{id}` with `routing_url` (use-case
// pages); `PUT …/routing` (seen in live code) only when asked. `GET …/routing` is documented nowhere and
// not served. The voice signing secret is write-only. It also signs and POSTs voice webhooks the way a
// routed number would: with the routing's secret to the routing's voice URL.
// Mount `numbers.handle` on the REST simulator, or run it alone with `startNumbersSim`.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, type WebhookResult } from './carrier';
import { callStateFields, primaryId, shapeOf, type WebhookShape } from './webhook-shape';

export type SimRoutingForm =
  'put-routing' | 'patch-routing-voice-callback-url' | 'patch-routing-voice-url' | 'patch-number-routing-url';

export const DOCUMENTED_ROUTING_FORMS: readonly SimRoutingForm[] = [
  'patch-routing-voice-callback-url',
  'patch-routing-voice-url',
  'patch-number-routing-url',
];

export interface SimNumber {
  id: string;
  number: string;
  status: 'active' | 'suspended' | 'released';
  routing: { voiceUrl?: string; eventsUrl?: string; signingSecret?: string };
}

export interface NumbersSimOptions {
  readonly apiKey: string;
  /** Which ways of setting routing the API takes (default: the documented ones). */
  readonly routingForms?: readonly SimRoutingForm[];
  /** How ring() shapes its voice webhook (documented by default). */
  readonly shape?: Partial<WebhookShape>;
}

export interface RoutingWrite {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export class NumbersSim {
  readonly numbers = new Map<string, SimNumber>();
  /** Accepted routing changes, in order. */
  readonly writes: RoutingWrite[] = [];
  /** Every request and its answer's status, in order (`/v1/numbers/{id}` paths keep the real id). */
  readonly requests: { method: string; path: string; status: number }[] = [];
  /** When set, every request fails like an outage. */
  down: 'refuse' | '503' | null = null;
  /** Which ways of setting routing the API takes now (a test may change it mid-way). */
  routingForms: readonly SimRoutingForm[];

  constructor(readonly options: NumbersSimOptions) {
    this.routingForms = options.routingForms ?? DOCUMENTED_ROUTING_FORMS;
  }

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
    const shape = shapeOf(this.options.shape);
    const ids = {
      callId: `CA${randomUUID().replace(/-/g, '')}`,
      sessionId: `HD_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    };
    const res = await postWebhook(
      n.routing.voiceUrl,
      callStateFields(shape.fields, {
        ...ids,
        from,
        to: e164,
        direction: 'inbound',
        status: 'ringing',
        active: true,
      }),
      { secret: n.routing.signingSecret, format: shape.format, signature: shape.signature },
    );
    return { ...res, callSid: primaryId(shape.fields, ids) };
  }

  /** Handles a numbers request; false when the path is not a numbers endpoint. */
  handle = (req: IncomingMessage, res: ServerResponse, body: string): boolean => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const m = /^\/v1\/numbers(?:\/([^/]+)(\/routing)?)?\/?$/.exec(url.pathname);
    if (!m || m[1] === 'available') return false;
    const method = req.method ?? 'GET';
    const answer = (status: number, payload: unknown) => {
      this.requests.push({ method, path: url.pathname, status });
      json(res, status, payload);
      return true;
    };
    const fail = (status: number, code: string, message: string) =>
      answer(status, { error: { code, message, request_id: randomUUID() } });
    if (this.down === 'refuse') {
      req.socket.destroy();
      return true;
    }
    if (this.down === '503') return fail(503, 'internal_error', 'service unavailable');
    if (req.headers.authorization !== `Bearer ${this.options.apiKey}`)
      return fail(401, 'api_key.invalid', 'invalid API key');
    const [, id, routing] = m;
    if (!id) {
      if (method !== 'GET') return fail(405, 'method_not_allowed', 'method not allowed');
      return answer(200, [...this.numbers.values()].filter((n) => n.status !== 'released').map(numberJson));
    }
    const n = this.numbers.get(decodeURIComponent(id));
    if (!n) return fail(404, 'numbers.not_found', 'number not found');
    // Which fields this path and method take for the voice URL, by the forms switched on.
    let voiceFields: string[];
    if (!routing) {
      if (method === 'GET') return answer(200, numberJson(n));
      if (method !== 'PATCH' || !this.routingForms.includes('patch-number-routing-url'))
        return fail(405, 'method_not_allowed', 'method not allowed');
      voiceFields = ['routing_url'];
    } else if (method === 'PUT') {
      if (!this.routingForms.includes('put-routing'))
        return fail(405, 'method_not_allowed', 'method not allowed');
      voiceFields = ['voice_callback_url'];
    } else if (method === 'PATCH') {
      voiceFields = [
        ...(this.routingForms.includes('patch-routing-voice-callback-url') ? ['voice_callback_url'] : []),
        ...(this.routingForms.includes('patch-routing-voice-url') ? ['voice_url'] : []),
      ];
      if (voiceFields.length === 0) return fail(405, 'method_not_allowed', 'method not allowed');
    } else {
      return fail(405, 'method_not_allowed', 'method not allowed');
    }
    let change: Record<string, unknown>;
    try {
      change = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return fail(400, 'request.invalid_json', 'body is not JSON');
    }
    const allowed = new Set([...voiceFields, 'events_url', 'voice_signing_secret']);
    const unknown = Object.keys(change).find((k) => !allowed.has(k));
    if (unknown) return fail(400, 'validation.unknown_field', `unknown field ${unknown}`);
    for (const [k, v] of Object.entries(change)) {
      if (v !== null && typeof v !== 'string')
        return fail(400, 'validation.invalid', `${k} must be a string`);
      if (k !== 'voice_signing_secret' && typeof v === 'string' && !/^https?:\/\//.test(v))
        return fail(400, 'validation.invalid_url', `${k} must be an http(s) URL`);
    }
    this.writes.push({ id: n.id, method, path: url.pathname, body: change });
    const voice = voiceFields.find((f) => f in change);
    if (voice) n.routing.voiceUrl = (change[voice] as string | null) ?? undefined;
    if ('events_url' in change) n.routing.eventsUrl = (change.events_url as string | null) ?? undefined;
    if ('voice_signing_secret' in change)
      n.routing.signingSecret = (change.voice_signing_secret as string | null) ?? undefined;
    return answer(200, routing ? routingJson(n) : numberJson(n));
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
