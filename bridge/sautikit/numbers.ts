// The workspace's numbers and where each one routes (Sautikit REST): GET /v1/numbers lists them with
// their routing, and the routing is set by whichever form this account's API takes. Bearer key, JSON, a
// timeout on every request; errors keep Sautikit's code (`{"error":{"code","message"}}`, e.g.
// api_key.invalid) and say what to do.
// The sources disagree on how routing is set (sautikit.md, REST → Numbers): live code uses
// `PUT /v1/numbers/{id}/routing {voice_callback_url, events_url}` [field]; the "Claim and Route a Number"
// guide and the Node SDK spell the voice URL `voice_callback_url` on `PATCH …/routing`; the "call stack"
// post says `voice_url` there (beside `events_url` and `voice_signing_secret`); use-case pages say
// `routing_url` on `PATCH /v1/numbers/{id}`. Each is tried in that order; an answer that says the form
// does not exist here (404/405/501, or an "unknown field" 400/422) moves on to the next; the form that
// worked is remembered per API base and key, and tried first next time. Nothing reads a number's routing
// from `GET …/routing`: no page documents it.
import { createHash } from 'node:crypto';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import { asObject, restRequest, str, type RestMethod, type RestReply } from './rest';

export type RoutingForm =
  'put-routing' | 'patch-routing-voice-callback-url' | 'patch-routing-voice-url' | 'patch-number-routing-url';

/** Tried in this order (after the remembered one). */
export const ROUTING_FORMS: readonly RoutingForm[] = [
  'put-routing',
  'patch-routing-voice-callback-url',
  'patch-routing-voice-url',
  'patch-number-routing-url',
];

const VOICE_URL_FIELDS = ['voice_callback_url', 'voice_url', 'routing_url'] as const;

interface FormRequest {
  readonly method: RestMethod;
  readonly path: string;
  readonly voiceField: (typeof VOICE_URL_FIELDS)[number];
}

function formRequest(form: RoutingForm, numberId: string): FormRequest {
  const number = `/v1/numbers/${encodeURIComponent(numberId)}`;
  switch (form) {
    case 'put-routing':
      return { method: 'PUT', path: `${number}/routing`, voiceField: 'voice_callback_url' };
    case 'patch-routing-voice-callback-url':
      return { method: 'PATCH', path: `${number}/routing`, voiceField: 'voice_callback_url' };
    case 'patch-routing-voice-url':
      return { method: 'PATCH', path: `${number}/routing`, voiceField: 'voice_url' };
    case 'patch-number-routing-url':
      return { method: 'PATCH', path: number, voiceField: 'routing_url' };
  }
}

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

/** Which routing form worked for this account last time. */
export interface RoutingFormMemory {
  get(): RoutingForm | undefined;
  set(form: RoutingForm): void;
}

export interface NumbersClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly log: Log;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly formMemory?: RoutingFormMemory;
}

/** A routing-form memory kept in a JSON record, one entry per API base and key (the key itself is not kept). */
export function rememberRoutingForms(
  record: { read(): Record<string, RoutingForm>; write(value: Record<string, RoutingForm>): void },
  baseUrl: string,
  apiKey: string | undefined,
): RoutingFormMemory {
  const fingerprint = createHash('sha256')
    .update(apiKey ?? '')
    .digest('hex')
    .slice(0, 16);
  const slot = `${baseUrl.replace(/\/+$/, '')} ${fingerprint}`;
  return {
    get: () => {
      const form = record.read()[slot];
      return form && ROUTING_FORMS.includes(form) ? form : undefined;
    },
    set: (form) => record.write({ ...record.read(), [slot]: form }),
  };
}

export class NumbersClient {
  private readonly baseUrl: string;

  constructor(private readonly options: NumbersClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async list(): Promise<WorkspaceNumber[]> {
    const what = 'listing your numbers';
    const reply = await this.request('GET', '/v1/numbers', what);
    if (!reply.ok) throw this.refusal(reply, what);
    const body = reply.body;
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

  /**
   * Sets a number's routing with the first form this account's API takes: `preferred` first (the form
   * that set it before), then the remembered one, then the rest in order.
   */
  async setRouting(
    numberId: string,
    change: RoutingChange,
    preferred?: RoutingForm,
  ): Promise<{ routing: NumberRouting; form: RoutingForm }> {
    const what = 'changing the number’s routing';
    const remembered = this.options.formMemory?.get();
    const order = [...new Set([preferred, remembered, ...ROUTING_FORMS])].filter(
      (f): f is RoutingForm => f !== undefined,
    );
    const missing: string[] = [];
    for (const form of order) {
      const { method, path, voiceField } = formRequest(form, numberId);
      const body = {
        [voiceField]: change.voiceUrl,
        events_url: change.eventsUrl,
        ...(change.signingSecret ? { voice_signing_secret: change.signingSecret } : {}),
      };
      const reply = await this.request(method, path, what, body);
      if (reply.ok) {
        if (form !== remembered) {
          this.options.formMemory?.set(form);
          this.options.log.info({ form, tried: missing }, 'number routing set: this form is remembered');
        }
        const b = asObject(reply.body);
        return { routing: readRouting(b.routing ?? b), form };
      }
      if (!formMissing(reply)) throw this.refusal(reply, what);
      missing.push(`${method} ${path.replace(encodeURIComponent(numberId), '{id}')} ${voiceField}`);
      this.options.log.warn(
        { form, status: reply.status, carrierCode: reply.carrierCode },
        'Sautikit does not take this form of setting a number’s routing: trying the next',
      );
    }
    throw new SautiError(
      'NUMBERS_ROUTING_UNSUPPORTED',
      `Sautikit took none of the known ways to set a number’s routing (${missing.join('; ')}): nothing was changed. ` +
        'Set the voice URL in the Sautikit dashboard instead.',
    );
  }

  private async request(method: RestMethod, path: string, what: string, body?: unknown): Promise<RestReply> {
    const { apiKey, log } = this.options;
    if (!apiKey)
      throw new SautiError(
        'NUMBERS_NO_KEY',
        'No Sautikit API key is set: add it under Settings → Phone line (Sautikit), or set SAUTIKIT_API_KEY.',
      );
    try {
      return await restRequest({
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
  }

  private refusal(reply: RestReply, what: string): SautiError {
    const { status, carrierCode, carrierMessage } = reply;
    this.options.log.warn({ status, carrierCode }, 'Sautikit refused a numbers request');
    if (status === 401 || carrierCode.startsWith('api_key.')) {
      return new SautiError(
        'NUMBERS_BAD_KEY',
        `Sautikit did not accept the API key (${carrierCode}). Paste a live key from the Sautikit console (Settings → API keys).`,
      );
    }
    if (status === 403) {
      return new SautiError(
        'NUMBERS_FORBIDDEN',
        `This API key may not ${what} (${carrierCode}). Give the key the numbers scope in the Sautikit console.`,
      );
    }
    if (status === 404) {
      return new SautiError(
        'NUMBERS_NOT_FOUND',
        `Sautikit does not know that number in this workspace (${carrierCode}). Refresh the list.`,
      );
    }
    if (status >= 500 || status === 429) {
      return new SautiError(
        'NUMBERS_API_DOWN',
        `Sautikit is having trouble (${carrierCode}) while ${what}: nothing was changed. Try again in a minute.`,
        { retryable: true },
      );
    }
    return new SautiError('NUMBERS_REFUSED', `Sautikit refused ${what}: ${carrierCode} (${carrierMessage}).`);
  }
}

/**
 * Does this refusal say the form does not exist here (rather than refusing the change itself)? A 404 that
 * names the number (`numbers.not_found`) is about the number, not the form.
 */
function formMissing(reply: RestReply): boolean {
  const { status, carrierCode, carrierMessage } = reply;
  if (status === 405 || status === 501) return true;
  if (status === 404) return !carrierCode.startsWith('numbers.');
  if (status === 400 || status === 422)
    return /unknown[_ ]field|unrecogni[sz]ed field|unexpected (field|property|key)/i.test(
      `${carrierCode} ${carrierMessage}`,
    );
  return false;
}

function readRouting(v: unknown): NumberRouting {
  const r = asObject(v);
  const voiceUrl = VOICE_URL_FIELDS.map((f) => str(r[f])).find((x) => x !== undefined);
  const secretFlag = r.voice_signing_secret_set ?? r.has_voice_signing_secret;
  return {
    voiceUrl,
    eventsUrl: str(r.events_url),
    signingSecretSet: typeof secretFlag === 'boolean' ? secretFlag : undefined,
  };
}

function hasRoutingFields(r: Record<string, unknown>): boolean {
  return [...VOICE_URL_FIELDS, 'events_url'].some((f) => r[f] !== undefined);
}

function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}
