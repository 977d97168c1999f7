// The workspace's numbers and where each one routes (Sautikit REST): GET /v1/numbers, GET and
// PATCH /v1/numbers/{id}/routing. Bearer key, JSON, a timeout on every request; errors keep
// Sautikit's code (`{"error":{"code","message"}}`, e.g. api_key.invalid) and say what to do.
// The docs spell the voice URL three ways — the "Claim and Route a Number" guide and the Node SDK say
// `voice_callback_url`, the "call stack" post says `voice_url` (beside `events_url` and
// `voice_signing_secret`), use-case pages say `routing_url` on PATCH /v1/numbers/{id}. We send the
// guide's spelling, fall back once to the other when Sautikit says the field is unknown, and read
// whichever comes back. The spellings live here only.
import { SautiError } from '../errors';
import type { Log } from '../log';
import { asObject, restRequest, str, type RestMethod, type RestReply } from './rest';

export const ROUTING_FIELDS = {
  voiceUrl: ['voice_callback_url', 'voice_url', 'routing_url'],
  eventsUrl: 'events_url',
  signingSecret: 'voice_signing_secret',
} as const;

export interface NumberRouting {
  readonly voiceUrl?: string;
  readonly eventsUrl?: string;
  /** Sautikit never returns the secret; only whether one is set, when it says. */
  readonly signingSecretSet?: boolean;
}

export interface WorkspaceNumber {
  readonly id: string;
  /** E.164. */
  readonly number: string;
  readonly status: string;
  readonly routing?: NumberRouting;
}

export interface RoutingChange {
  /** null clears it (restoring a number that routed nowhere). */
  readonly voiceUrl: string | null;
  readonly eventsUrl: string | null;
  readonly signingSecret?: string;
}

export interface NumbersClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly log: Log;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class NumbersClient {
  private readonly baseUrl: string;
  private voiceField: string = ROUTING_FIELDS.voiceUrl[0];

  constructor(private readonly options: NumbersClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async list(): Promise<WorkspaceNumber[]> {
    const body = await this.request('GET', '/v1/numbers', 'listing your numbers');
    const rows = Array.isArray(body)
      ? body
      : (asArray(asObject(body).numbers) ?? asArray(asObject(body).data) ?? []);
    const out: WorkspaceNumber[] = [];
    for (const row of rows) {
      const r = asObject(row);
      const id = str(r.id);
      const number = str(r.number) ?? str(r.e164) ?? str(r.phone_number);
      if (!id || !number) continue;
      const routing =
        r.routing !== undefined ? readRouting(r.routing) : hasRoutingFields(r) ? readRouting(r) : undefined;
      out.push({ id, number, status: str(r.status) ?? 'active', routing });
    }
    return out;
  }

  async getRouting(numberId: string): Promise<NumberRouting> {
    const body = await this.request(
      'GET',
      `/v1/numbers/${encodeURIComponent(numberId)}/routing`,
      'reading the number’s routing',
    );
    const b = asObject(body);
    return readRouting(b.routing ?? b);
  }

  async setRouting(numberId: string, change: RoutingChange): Promise<NumberRouting> {
    const path = `/v1/numbers/${encodeURIComponent(numberId)}/routing`;
    const bodyFor = (voiceField: string) => ({
      [voiceField]: change.voiceUrl,
      [ROUTING_FIELDS.eventsUrl]: change.eventsUrl,
      ...(change.signingSecret ? { [ROUTING_FIELDS.signingSecret]: change.signingSecret } : {}),
    });
    try {
      const body = await this.request(
        'PATCH',
        path,
        'changing the number’s routing',
        bodyFor(this.voiceField),
      );
      const b = asObject(body);
      return readRouting(b.routing ?? b);
    } catch (err) {
      const other = ROUTING_FIELDS.voiceUrl.find((f) => f !== this.voiceField && f !== 'routing_url');
      if (
        !(err instanceof SautiError) ||
        err.code !== 'NUMBERS_REFUSED' ||
        !other ||
        !err.message.includes(this.voiceField)
      )
        throw err;
      this.options.log.warn(
        { field: this.voiceField, other },
        'Sautikit did not take the voice URL field: trying the other documented spelling',
      );
      const body = await this.request('PATCH', path, 'changing the number’s routing', bodyFor(other));
      this.voiceField = other;
      const b = asObject(body);
      return readRouting(b.routing ?? b);
    }
  }

  private async request(method: RestMethod, path: string, what: string, body?: unknown): Promise<unknown> {
    const { apiKey, log } = this.options;
    if (!apiKey)
      throw new SautiError(
        'NUMBERS_NO_KEY',
        'No Sautikit API key is set: add it under Settings → Phone line (Sautikit), or set SAUTIKIT_API_KEY.',
      );
    let reply: RestReply;
    try {
      reply = await restRequest({
        baseUrl: this.baseUrl,
        apiKey,
        method,
        path,
        body,
        timeoutMs: this.options.timeoutMs ?? 8000,
        fetch: this.options.fetch,
      });
    } catch (err) {
      log.warn({ path, method, err: (err as Error).name }, 'Sautikit numbers API unreachable');
      throw new SautiError(
        'NUMBERS_API_DOWN',
        `Could not reach Sautikit while ${what}: nothing was changed. Check the internet connection and try again.`,
        {
          cause: err,
          retryable: true,
        },
      );
    }
    if (reply.ok) return reply.body;
    const { status, carrierCode, carrierMessage } = reply;
    log.warn({ path, method, status, carrierCode }, 'Sautikit refused a numbers request');
    if (status === 401 || carrierCode.startsWith('api_key.')) {
      throw new SautiError(
        'NUMBERS_BAD_KEY',
        `Sautikit did not accept the API key (${carrierCode}). Paste a live key from the Sautikit console (Settings → API keys).`,
      );
    }
    if (status === 403) {
      throw new SautiError(
        'NUMBERS_FORBIDDEN',
        `This API key may not ${what} (${carrierCode}). Give the key the numbers scope in the Sautikit console.`,
      );
    }
    if (status === 404) {
      throw new SautiError(
        'NUMBERS_NOT_FOUND',
        `Sautikit does not know that number in this workspace (${carrierCode}). Refresh the list.`,
      );
    }
    if (status >= 500 || status === 429) {
      throw new SautiError(
        'NUMBERS_API_DOWN',
        `Sautikit is having trouble (${carrierCode}) while ${what}: nothing was changed. Try again in a minute.`,
        { retryable: true },
      );
    }
    throw new SautiError('NUMBERS_REFUSED', `Sautikit refused ${what}: ${carrierCode} (${carrierMessage}).`);
  }
}

function readRouting(v: unknown): NumberRouting {
  const r = asObject(v);
  const voiceUrl = ROUTING_FIELDS.voiceUrl.map((f) => str(r[f])).find((x) => x !== undefined);
  const secretFlag = r.voice_signing_secret_set ?? r.has_voice_signing_secret;
  return {
    voiceUrl,
    eventsUrl: str(r[ROUTING_FIELDS.eventsUrl]),
    signingSecretSet: typeof secretFlag === 'boolean' ? secretFlag : undefined,
  };
}

function hasRoutingFields(r: Record<string, unknown>): boolean {
  return [...ROUTING_FIELDS.voiceUrl, ROUTING_FIELDS.eventsUrl].some((f) => r[f] !== undefined);
}

function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}
