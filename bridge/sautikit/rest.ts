// One request to Sautikit's REST API, as both of our clients make it (client.ts: live calls; numbers.ts:
// the workspace's numbers): the Bearer key, JSON both ways, a timeout, redirects never followed, and a
// refusal's error envelope (`{"error":{"code","message"}}`) read into Sautikit's code and words. What to
// retry and what to tell the user stays with each client.

export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'PUT';

export interface RestRequest {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  /** Absent for the public endpoints (GET /v1/public/pricing needs no key, so none is sent). */
  readonly apiKey?: string;
  readonly method: RestMethod;
  readonly path: string;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

export interface RestReply {
  readonly status: number;
  /** A 2xx answer. */
  readonly ok: boolean;
  /** The body as JSON, its text when it is not JSON, undefined when empty. */
  readonly body: unknown;
  /** Sautikit's error code (`http_<status>` when it gave none): what a refusal is about. */
  readonly carrierCode: string;
  /** Sautikit's words for a refusal (`HTTP <status>` when it gave none). */
  readonly carrierMessage: string;
}

/** Makes the request; rejects only when no answer came (network error, or a timeout: 'TimeoutError'). */
export async function restRequest(request: RestRequest): Promise<RestReply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.apiKey) headers.authorization = `Bearer ${request.apiKey}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  const res = await (request.fetch ?? fetch)(`${request.baseUrl}${request.path}`, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: AbortSignal.timeout(request.timeoutMs),
    // A redirect would take the key to another address.
    redirect: 'manual',
  });
  const body = parseJson(await res.text().catch(() => ''));
  const envelope = asObject(asObject(body).error ?? body);
  return {
    status: res.status,
    ok: res.status >= 200 && res.status < 300,
    body,
    carrierCode: str(envelope.code) ?? `http_${res.status}`,
    carrierMessage: str(envelope.message) ?? str(envelope.reason) ?? `HTTP ${res.status}`,
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The value as a JSON object, or an empty one. */
export function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A non-empty string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
