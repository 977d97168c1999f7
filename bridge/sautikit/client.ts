// Sautikit's REST API as the bridge uses it: redirect a live call to the human route, read a call's
// record (CDR), hang up, place a call (an agent's leg into a queue room). Bearer key, JSON, a timeout
// on every request, retries with exponential backoff on network errors, 429 and 5xx (never on other
// 4xx: those carry Sautikit's error code to the user), and idempotency: a repeated request with the
// same key shares one outcome instead of acting twice.
// Wire shapes follow sautikit.com/developers and the official Node SDK (SautiKit/sautikit-node):
// errors are `{"error":{"code","message","request_id"}}`; POST /v1/calls takes `from`, `to` (a list),
// `caller_id`, `voice_callback_url` (the call-level answer URL), `client_request_id` and an
// `Idempotency-Key` header; GET /v1/calls/{id} answers `{"call":{…}}`; hangup answers
// `{"call_id","status":"hung_up"}`. The live-call redirect is not in the public docs or the SDK; its
// path and body field follow our wire contract (sautikit.md) and live in one place below.
import { asCarrierCallSid, type CarrierCallSid } from '../domain/ids';
import { backoffDelayMs, type Backoff } from '../base/backoff';
import type { Clock } from '../base/clock';
import { SautiError, type ErrorCode } from '../base/errors';
import type { Log } from '../base/log';
import type { Config } from '../config/config';
import { asObject, restRequest, str, type RestMethod, type RestReply } from './rest';

/** Body field naming the new routing URL in a redirect (sautikit.md; not in the public docs). */
export const REDIRECT_URL_FIELD = 'routing_url';
const IDEMPOTENCY_MEMORY = 1000;

export class SautikitApiError extends SautiError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: { status?: number; carrierCode?: string; attempts: number; retryable: boolean },
  ) {
    super(code, message, { retryable: details.retryable });
  }
}

/** A call detail record, as GET /v1/calls/{id} gives it. */
export interface CallRecord {
  readonly id: string;
  readonly status: string;
  readonly direction?: string;
  readonly answeredAt?: string;
  readonly endedAt?: string;
  readonly durationS?: number;
  readonly costMinor?: number;
  readonly ratePerMinuteMinor?: number;
  readonly failureCode?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface PlacedCall {
  readonly callId?: CarrierCallSid;
  readonly sessionId?: CarrierCallSid;
  readonly status: string;
  readonly clientRequestId?: string;
  readonly attempts: number;
}

export interface PlaceCallInput {
  /** One of the workspace's numbers. */
  readonly from: string;
  readonly to: string;
  /** The call-level answer URL: Sautikit POSTs it when the callee answers. */
  readonly voiceCallbackUrl: string;
  readonly clientRequestId: string;
  /** Repeats with the same key place the call once. */
  readonly idempotencyKey: string;
}

/** A setting read when each request is made: a function follows the live config (Settings apply at once). */
export type LiveSetting = string | (() => string | undefined);

export interface SautikitClientOptions {
  readonly baseUrl: LiveSetting;
  readonly apiKey: LiveSetting;
  readonly clock: Clock;
  readonly log: Log;
  readonly timeoutMs?: number;
  /** Extra attempts after the first on network errors, 429 and 5xx. */
  readonly retries?: number;
  /** The first backoff; doubles per attempt, ±20 % jitter. */
  readonly backoffMs?: number;
  readonly fetch?: typeof fetch;
}

interface Attempted<T> {
  readonly body: T;
  readonly attempts: number;
}

/** The carrier's id for a call, as its reply names it (absent when it names none). */
const carrierSid = (id: string | undefined): CarrierCallSid | undefined =>
  id === undefined ? undefined : asCarrierCallSid(id);

export class SautikitClient {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoff: Backoff;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: SautikitClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 3;
    this.backoff = { firstMs: options.backoffMs ?? 250, maxMs: Infinity, jitter: 0.2 };
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Points a live call at a new routing URL; Sautikit fetches it and runs what it returns. */
  redirect(
    callSid: CarrierCallSid,
    routingUrl: string,
    idempotencyKey: string,
  ): Promise<{ attempts: number }> {
    return this.once(`redirect ${idempotencyKey}`, async () => {
      const r = await this.request('POST', `/v1/calls/${encodeURIComponent(callSid)}/redirect`, {
        code: 'SAUTIKIT_REDIRECT_FAILED',
        what: 'the redirect',
        body: { [REDIRECT_URL_FIELD]: routingUrl },
        idempotencyKey,
      });
      return { attempts: r.attempts };
    });
  }

  /** The call's record: status, answered/ended times, billed seconds and cost once it ended. */
  async getCall(callSid: CarrierCallSid): Promise<CallRecord> {
    const r = await this.request('GET', `/v1/calls/${encodeURIComponent(callSid)}`, {
      code: 'SAUTIKIT_GET_CALL_FAILED',
      what: 'the call lookup',
    });
    const outer = asObject(r.body);
    const call = asObject(outer.call ?? outer);
    return {
      id: str(call.id) ?? callSid,
      status: str(call.status) ?? 'unknown',
      direction: str(call.direction),
      answeredAt: str(call.answered_at),
      endedAt: str(call.ended_at),
      durationS: num(call.duration_seconds),
      costMinor: num(call.cost_minor),
      ratePerMinuteMinor: num(call.rate_per_minute_minor),
      failureCode: str(call.failure_code),
      raw: call,
    };
  }

  /** Ends a live call; a call that already ended still counts as success (documented idempotent). */
  hangUp(callSid: CarrierCallSid): Promise<void> {
    return this.once(`hangup ${callSid}`, async () => {
      await this.request('POST', `/v1/calls/${encodeURIComponent(callSid)}/hangup`, {
        code: 'SAUTIKIT_HANGUP_FAILED',
        what: 'the hang-up',
      });
    });
  }

  /** Places an outbound call whose answer runs `voiceCallbackUrl`. */
  placeCall(input: PlaceCallInput): Promise<PlacedCall> {
    return this.once(`call ${input.idempotencyKey}`, async () => {
      const r = await this.request('POST', '/v1/calls', {
        code: 'SAUTIKIT_PLACE_CALL_FAILED',
        what: 'placing the call',
        body: {
          from: input.from,
          to: [input.to],
          voice_callback_url: input.voiceCallbackUrl,
          client_request_id: input.clientRequestId,
        },
        idempotencyKey: input.idempotencyKey,
      });
      const b = asObject(r.body);
      return {
        callId: carrierSid(str(b.call_id)),
        sessionId: carrierSid(str(b.session_id)),
        status: str(b.status) ?? 'ringing',
        clientRequestId: str(b.client_request_id),
        attempts: r.attempts,
      };
    });
  }

  /** One outcome per key: concurrent and later repeats share a success; a failure may be tried again. */
  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const p = run();
    this.inflight.set(key, p);
    if (this.inflight.size > IDEMPOTENCY_MEMORY)
      this.inflight.delete(this.inflight.keys().next().value as string);
    p.catch(() => this.inflight.delete(key));
    return p;
  }

  private async request(
    method: RestMethod,
    path: string,
    spec: { code: ErrorCode; what: string; body?: unknown; idempotencyKey?: string },
  ): Promise<Attempted<unknown>> {
    const { log } = this.options;
    const maxAttempts = 1 + Math.max(0, this.retries);
    let lastProblem = 'no attempt made';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      // Attempt 2 is the first retry (retry 0 of the backoff).
      if (attempt > 1) await this.sleep(backoffDelayMs(this.backoff, attempt - 2));
      // Read on every attempt: a key or base URL changed in Settings applies from the next request.
      const apiKey = live(this.options.apiKey);
      const baseUrl = live(this.options.baseUrl)?.replace(/\/+$/, '');
      if (!apiKey || !baseUrl) {
        throw new SautikitApiError(
          apiKey ? spec.code : 'SAUTIKIT_NO_API_KEY',
          apiKey
            ? `No Sautikit API address is set: cannot make ${spec.what}`
            : `No Sautikit API key is set: cannot make ${spec.what}`,
          { attempts: attempt - 1, retryable: false },
        );
      }
      let reply: RestReply;
      try {
        reply = await restRequest({
          baseUrl,
          apiKey,
          method,
          path,
          body: spec.body,
          idempotencyKey: spec.idempotencyKey,
          timeoutMs: this.timeoutMs,
          fetch: this.fetchImpl,
        });
      } catch (err) {
        const timedOut = (err as { name?: string }).name === 'TimeoutError';
        lastProblem = timedOut
          ? `no answer within ${this.timeoutMs} ms`
          : `network error (${errorText(err)})`;
        log.warn(
          { code: spec.code, path, attempt, problem: lastProblem },
          'Sautikit request failed: will retry',
        );
        continue;
      }
      if (reply.ok) {
        if (attempt > 1) log.info({ path, attempts: attempt }, 'Sautikit request succeeded after retries');
        return { body: reply.body, attempts: attempt };
      }
      const { status, carrierCode, carrierMessage } = reply;
      const retryable = status >= 500 || status === 429;
      if (!retryable) {
        log.warn({ code: spec.code, path, status, carrierCode }, 'Sautikit refused the request');
        throw new SautikitApiError(
          spec.code,
          `Sautikit refused ${spec.what}: ${carrierCode} (${carrierMessage}) [HTTP ${status}]`,
          { status, carrierCode, attempts: attempt, retryable: false },
        );
      }
      lastProblem = `HTTP ${status} ${carrierCode}`;
      log.warn(
        { code: spec.code, path, attempt, status, carrierCode },
        'Sautikit request failed: will retry',
      );
    }
    throw new SautikitApiError(
      spec.code,
      `Sautikit did not complete ${spec.what} after ${maxAttempts} attempts: ${lastProblem}`,
      { attempts: maxAttempts, retryable: true },
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, ms));
  }
}

function live(setting: LiveSetting): string | undefined {
  const v = typeof setting === 'function' ? setting() : setting;
  return v && v.length > 0 ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function errorText(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return cause ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Sautikit's REST API as the settings say now: the client reads the key and base URL at each request (a
 * change in Settings applies at once), and there is none while no API key is set.
 */
export function configuredSautikit(deps: {
  readonly config: Pick<
    Config,
    'sautikitApiBase' | 'sautikitApiKey' | 'sautikitTimeoutMs' | 'sautikitRetries'
  >;
  readonly clock: Clock;
  readonly log: Log;
}): () => SautikitClient | null {
  const { config, clock, log } = deps;
  const client = new SautikitClient({
    baseUrl: () => config.sautikitApiBase,
    apiKey: () => config.sautikitApiKey,
    clock,
    log,
    timeoutMs: config.sautikitTimeoutMs,
    retries: config.sautikitRetries,
  });
  return () => (config.sautikitApiKey ? client : null);
}
