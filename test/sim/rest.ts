// The Sautikit simulator's REST API on a real socket (port 0): bearer key checked, documented error
// envelope `{"error":{"code","message","request_id"}}` (api_key.invalid, calls.not_found, …).
// Serves get call (CDR), hang up and place call (POST /v1/calls with an Idempotency-Key), and the
// published rates (GET /v1/public/pricing, no key: see `PricingShape`). A call's record is final (its
// duration and cost rated) a moment after the call ends, as the real one is. Profiles:
// `documented` (the default: only what Sautikit documents — no live-call redirect, which answers 404
// like any unknown path), `field-observed` (what a live integration saw: the same, with PBX-style
// webhook fields), and `redirect` (an account where the undocumented redirect works: only for the
// accelerator's tests). Faults can be injected (5xx, dropped connections). Other simulator parts (the
// numbers API) mount their routers with `mount()`.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response, type Router } from 'express';
import { EventSender } from './event-sender';
import { cdrCostMinor, SimPbx, type CarrierCall } from './pbx';
import { SimPhones } from './phones';
import type { SignatureScheme, WebhookShape } from './webhook-shape';

const E164 = /^\+[1-9]\d{6,14}$/;

export type SimProfile = 'documented' | 'field-observed' | 'redirect';

/**
 * How GET /v1/public/pricing answers. Two shapes are documented: `kenya-page` (sautikit.com/africa/kenya:
 * flat `outbound_per_min_kes`, `inbound_per_min_kes`, … in KES) and `changelog` (the 2026-06-15 entry:
 * `rates: [{direction, destination, per_minute}]`).
 */
export type PricingShape = 'kenya-page' | 'changelog';
type FaultKind = 'redirect' | 'get' | 'hangup' | 'place' | 'pricing';

export interface SimRestOptions {
  readonly apiKey?: string;
  /** What this carrier offers (see above); `documented` unless a test says otherwise. */
  readonly profile?: SimProfile;
  /** Simulated seconds → real ms (0.01: a 20 s ring takes 200 ms). */
  readonly timeScale?: number;
  readonly webhookSecret?: string;
  /** How the PBX shapes its webhooks (documented by default). */
  readonly shape?: Partial<WebhookShape>;
  /** How lifecycle events are signed (the event pages' bare hex by default). */
  readonly eventSignature?: SignatureScheme;
  /** Per-minute rates the CDR shows and the pricing endpoint publishes (minor units). */
  readonly outboundPerMinMinor?: number;
  readonly inboundPerMinMinor?: number;
  /** The published rates' shape (the Kenya page's by default). */
  readonly pricingShape?: PricingShape;
  /** Real ms after a call ends before its record is rated (duration and cost); until then both are unset. */
  readonly recordRatedAfterMs?: number;
}

export type Fault = { readonly status: number; readonly code?: string } | 'reset';

export interface RestRequestLog {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
  readonly idempotencyKey?: string;
  /** When the request arrived (performance.now(), the clock the simulator's playout uses). */
  readonly atMs: number;
}

export class SimRest {
  readonly phones = new SimPhones();
  readonly events = new EventSender();
  readonly pbx: SimPbx;
  readonly requests: RestRequestLog[] = [];
  readonly apiKey: string;
  readonly profile: SimProfile;
  url = '';
  private server: http.Server | null = null;
  private readonly extra = express.Router();
  private readonly faults = new Map<string, Fault[]>();
  private readonly replays = new Map<string, { status: number; body: unknown }>();

  constructor(private readonly options: SimRestOptions = {}) {
    this.apiKey = options.apiKey ?? 'sk_sim_test_key';
    this.profile = options.profile ?? 'documented';
    this.pbx = new SimPbx({
      appUrl: '',
      webhookSecret: options.webhookSecret,
      shape: options.shape,
      timeScale: options.timeScale ?? 0.01,
      phones: this.phones,
      events: this.events,
      restRedirect: this.profile === 'redirect',
    });
  }

  /** Points the simulator at the app (voice URL base and events URL). */
  connectApp(appUrl: string): void {
    this.pbx.options.appUrl = appUrl;
    this.events.target = {
      url: appUrl,
      secret: this.options.webhookSecret,
      signature: this.options.eventSignature,
    };
  }

  /** Mounts another simulated API (e.g. numbers) on this server. */
  mount(router: Router): void {
    this.extra.use(router);
  }

  /** The next `count` requests of `kind` fail with `fault`. */
  failNext(kind: FaultKind, count: number, fault: Fault): void {
    const list = this.faults.get(kind) ?? [];
    for (let i = 0; i < count; i++) list.push(fault);
    this.faults.set(kind, list);
  }

  count(kind: FaultKind, status?: number): number {
    const pattern = {
      redirect: /\/redirect$/,
      get: /^\/v1\/calls\/[^/]+$/,
      hangup: /\/hangup$/,
      place: /^\/v1\/calls$/,
      pricing: /^\/v1\/public\/pricing$/,
    }[kind];
    return this.requests.filter(
      (r) =>
        pattern.test(r.path) &&
        (kind === 'get' || kind === 'pricing' ? r.method === 'GET' : r.method === 'POST') &&
        (status === undefined || r.status === status),
    ).length;
  }

  async start(): Promise<string> {
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json({ limit: '64kb' }));
    // Public: documented as needing no authentication.
    app.get('/v1/public/pricing', (req, res) => this.pricing(req, res));
    app.use((req, res, next) => {
      if (req.header('authorization') !== `Bearer ${this.apiKey}`) {
        return this.error(req, res, 401, 'api_key.invalid', 'API key is missing or invalid');
      }
      next();
    });
    app.post('/v1/calls/:id/redirect', (req, res) => this.redirect(req, res));
    app.get('/v1/calls/:id', (req, res) => this.getCall(req, res));
    app.post('/v1/calls/:id/hangup', (req, res) => void this.hangUp(req, res));
    app.post('/v1/calls', (req, res) => this.place(req, res));
    app.use(this.extra);
    app.use((req, res) => this.error(req, res, 404, 'not_found', 'no such endpoint'));
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const call of this.pbx.calls.values()) call.run?.abort();
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  private fault(kind: string, req: Request, res: Response): boolean {
    const f = this.faults.get(kind)?.shift();
    if (!f) return false;
    if (f === 'reset') {
      this.log(req, -1);
      req.socket.destroy();
      return true;
    }
    this.error(req, res, f.status, f.code ?? 'internal_error', 'simulated failure');
    return true;
  }

  private redirect(req: Request, res: Response): void {
    // Not documented anywhere: an account without it answers like any path that does not exist.
    if (!this.pbx.options.restRedirect) return this.error(req, res, 404, 'not_found', 'no such endpoint');
    if (this.fault('redirect', req, res)) return;
    const url = (req.body as Record<string, unknown> | undefined)?.routing_url;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      return this.error(req, res, 400, 'calls.invalid_request', 'routing_url must be an http(s) URL');
    }
    const key = req.header('idempotency-key');
    const replay = key ? this.replays.get(`redirect ${key}`) : undefined;
    if (replay) return this.send(req, res, replay.status, replay.body);
    const id = String(req.params.id);
    if (!this.pbx.redirect(id, url))
      return this.error(req, res, 404, 'calls.not_found', 'call not found or not live');
    const body = { call_id: id, status: 'redirected' };
    if (key) this.replays.set(`redirect ${key}`, { status: 200, body });
    this.send(req, res, 200, body);
  }

  private getCall(req: Request, res: Response): void {
    if (this.fault('get', req, res)) return;
    const call = this.pbx.get(String(req.params.id));
    if (!call) return this.error(req, res, 404, 'calls.not_found', 'call not found');
    this.send(req, res, 200, { call: this.cdr(call) });
  }

  private async hangUp(req: Request, res: Response): Promise<void> {
    if (this.fault('hangup', req, res)) return;
    const id = String(req.params.id);
    if (!this.pbx.get(id)) return this.error(req, res, 404, 'calls.not_found', 'call not found');
    // The API answers at once; the call's end (and its events) follow.
    this.send(req, res, 200, { call_id: id, status: 'hung_up' });
    await this.pbx.hangUp(id, 'hung up by API');
  }

  private place(req: Request, res: Response): void {
    if (this.fault('place', req, res)) return;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const key = req.header('idempotency-key');
    const replay = key ? this.replays.get(`call ${key}`) : undefined;
    if (replay) return this.send(req, res, replay.status, replay.body);
    const to = Array.isArray(b.to) ? b.to : [b.to];
    if (
      typeof b.from !== 'string' ||
      !E164.test(b.from) ||
      to.length !== 1 ||
      typeof to[0] !== 'string' ||
      !E164.test(to[0])
    ) {
      return this.error(req, res, 400, 'calls.invalid_request', 'from and to must be E.164 numbers');
    }
    if (typeof b.voice_callback_url !== 'string' || !/^https?:\/\//.test(b.voice_callback_url)) {
      return this.error(req, res, 400, 'calls.invalid_request', 'voice_callback_url must be an http(s) URL');
    }
    if (this.phones.get(to[0]).script.behaviour === 'refused') {
      return this.error(
        req,
        res,
        403,
        'calls.destination_not_allowed',
        `${to[0]} is not an authorised destination`,
      );
    }
    const clientRequestId = typeof b.client_request_id === 'string' ? b.client_request_id : undefined;
    const call = this.pbx.placeOutbound({
      from: b.from,
      to: to[0],
      voiceUrl: b.voice_callback_url,
      clientRequestId,
    });
    const body = {
      call_id: call.id,
      session_id: call.sessionId,
      status: 'ringing',
      client_request_id: clientRequestId,
    };
    if (key) this.replays.set(`call ${key}`, { status: 201, body });
    this.send(req, res, 201, body);
  }

  /** The published headline rates, in the shape this carrier was given (KES, not minor units). */
  private pricing(req: Request, res: Response): void {
    if (this.fault('pricing', req, res)) return;
    const outboundKes = (this.options.outboundPerMinMinor ?? 300) / 100;
    const inboundKes = (this.options.inboundPerMinMinor ?? 0) / 100;
    const updatedAt = '2026-06-27T00:00:00Z';
    if ((this.options.pricingShape ?? 'kenya-page') === 'changelog') {
      return this.send(req, res, 200, {
        currency: 'KES',
        rates: [
          { direction: 'outbound', destination: 'KE-mobile', per_minute: outboundKes },
          {
            direction: 'outbound',
            destination: 'KE-landline',
            per_minute: Math.round(outboundKes * 60) / 100,
          },
          { direction: 'inbound', destination: 'KE-mobile', per_minute: inboundKes },
        ],
        updated_at: updatedAt,
      });
    }
    this.send(req, res, 200, {
      currency: 'KES',
      number_monthly_kes: 100,
      outbound_per_min_kes: outboundKes,
      inbound_per_min_kes: inboundKes,
      recording_free_gb: 5,
      updated_at: updatedAt,
    });
  }

  /** The call detail record as GET /v1/calls/{id} returns it. */
  cdr(call: CarrierCall): Record<string, unknown> {
    const endedAtMs = call.endedAtMs;
    const ratedAfterMs = this.options.recordRatedAfterMs ?? 300;
    // Rated a moment after the end: until then the record has no duration and costs nothing yet.
    const seconds =
      endedAtMs === undefined || Date.now() - endedAtMs < ratedAfterMs
        ? null
        : call.answeredAtMs
          ? this.pbx.simSeconds(call.answeredAtMs, endedAtMs)
          : 0;
    const rate =
      call.direction === 'outbound'
        ? (this.options.outboundPerMinMinor ?? 300)
        : (this.options.inboundPerMinMinor ?? 0);
    return {
      id: call.id,
      session_id: call.sessionId,
      direction: call.direction,
      local_e164: call.direction === 'inbound' ? call.to : call.from,
      remote_e164: call.direction === 'inbound' ? call.from : call.to,
      started_at: new Date(call.startedAtMs).toISOString(),
      answered_at: call.answeredAtMs ? new Date(call.answeredAtMs).toISOString() : null,
      ended_at: call.endedAtMs ? new Date(call.endedAtMs).toISOString() : null,
      duration_seconds: seconds,
      status: call.status,
      cost_minor: seconds === null ? 0 : cdrCostMinor(seconds, rate),
      cost_currency: 'KES',
      rate_per_minute_minor: rate,
      failure_code: call.failureReason ?? null,
      events: [],
    };
  }

  private send(req: Request, res: Response, status: number, body: unknown): void {
    this.log(req, status);
    res.status(status).json(body);
  }

  private error(req: Request, res: Response, status: number, code: string, message: string): void {
    this.send(req, res, status, { error: { code, message, request_id: randomUUID() } });
  }

  private log(req: Request, status: number): void {
    this.requests.push({
      method: req.method,
      path: req.path,
      status,
      body: req.body as unknown,
      idempotencyKey: req.header('idempotency-key'),
      atMs: performance.now(),
    });
  }
}
