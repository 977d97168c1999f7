// Turns what a provider says when it fails (a WebSocket close code and reason, a handshake HTTP status,
// an OpenAI `error` event) into one SautiError code, so every failure escalates with a clear reason.
import { SautiError, type ErrorCode } from '../base/errors';

const AUTH = /api.?key|unauthenticated|unauthori[sz]ed|permission|credential|forbidden/i;
const QUOTA = /quota|resource.?exhausted|rate.?limit|billing|too many/i;
const MODEL = /model.*(not found|not supported)|not found for api version|unsupported model/i;

/**
 * A Gemini Live socket closed. The service reports failures as close frames after the handshake:
 * 1008 "API key not valid…", 1011 "…exceeded your current quota…" / RESOURCE_EXHAUSTED, 1007
 * "Request contains an invalid argument." (Live API; issue threads of python-genai and livekit/agents).
 */
export function geminiCloseError(code: number, reason: string): SautiError {
  const text = reason.trim() || `socket closed with code ${code}`;
  if (AUTH.test(reason)) return new SautiError('AI_AUTH_FAILED', `Gemini refused the API key: ${text}`);
  if (QUOTA.test(reason))
    return new SautiError('AI_QUOTA', `Gemini quota or rate limit: ${text}`, { retryable: true });
  if (MODEL.test(reason)) return new SautiError('AI_MODEL_UNAVAILABLE', `Gemini model unavailable: ${text}`);
  if (code === 1007) return new SautiError('AI_BAD_REQUEST', `Gemini rejected a message: ${text}`);
  if (code === 1008) return new SautiError('AI_REFUSED', `Gemini refused the session: ${text}`);
  if (code === 1011 || code === 1013 || code === 1014)
    return new SautiError('AI_SERVER_ERROR', `Gemini server error: ${text}`, { retryable: true });
  return new SautiError('AI_SOCKET_CLOSED', `Gemini socket closed (${code}): ${text}`, { retryable: true });
}

/** A refused WebSocket handshake (HTTP status instead of 101). */
export function handshakeError(provider: 'Gemini' | 'OpenAI', status: number): SautiError {
  const what = `${provider} refused the connection (HTTP ${status})`;
  if (status === 401 || status === 403) return new SautiError('AI_AUTH_FAILED', what);
  if (status === 429) return new SautiError('AI_QUOTA', what, { retryable: true });
  if (status === 404) return new SautiError('AI_MODEL_UNAVAILABLE', what);
  if (status >= 500) return new SautiError('AI_SERVER_ERROR', what, { retryable: true });
  return new SautiError('AI_CONNECT_FAILED', what);
}

/** The HTTP status inside ws's "Unexpected server response: 401" error, if that is what it is. */
export function handshakeStatus(message: string): number | null {
  const m = /Unexpected server response: (\d{3})/.exec(message);
  return m ? Number(m[1]) : null;
}

export interface OpenAiErrorBody {
  readonly type?: string | null;
  readonly code?: string | null;
  readonly message?: string | null;
}

export interface ClassifiedOpenAiError {
  readonly error: SautiError;
  /** The session cannot go on (auth, quota, server failure, expired session). */
  readonly fatal: boolean;
}

/**
 * An OpenAI Realtime `error` event. Invalid-request errors about one of our own events (a truncate past
 * the audio, a cancel with no response) are not fatal: the conversation goes on.
 */
export function openAiEventError(body: OpenAiErrorBody): ClassifiedOpenAiError {
  const type = body.type ?? '';
  const code = body.code ?? '';
  const message = body.message?.trim() || `${type || 'error'}${code ? ` (${code})` : ''}`;
  const both = `${type} ${code}`;
  const make = (c: ErrorCode, retryable = false) => new SautiError(c, `OpenAI: ${message}`, { retryable });
  if (/invalid_api_key|authentication|unauthori[sz]ed|permission/i.test(both))
    return { error: make('AI_AUTH_FAILED'), fatal: true };
  if (/insufficient_quota|rate_limit|quota/i.test(both))
    return { error: make('AI_QUOTA', true), fatal: true };
  if (/model_not_found/i.test(both)) return { error: make('AI_MODEL_UNAVAILABLE'), fatal: true };
  if (/session_expired/i.test(both)) return { error: make('AI_SESSION_EXPIRED'), fatal: true };
  if (/server_error|internal/i.test(both)) return { error: make('AI_SERVER_ERROR', true), fatal: true };
  return { error: make('AI_BAD_REQUEST'), fatal: false };
}

/** An OpenAI socket closed; the reason is `<type>.<code>` when the service closed it for an error. */
export function openAiCloseError(code: number, reason: string): SautiError {
  const [type, errCode] = reason.includes('.') ? reason.split('.', 2) : [reason, ''];
  if (reason.trim()) {
    const classified = openAiEventError({ type, code: errCode, message: reason });
    if (classified.fatal) return classified.error;
  }
  return new SautiError('AI_SOCKET_CLOSED', `OpenAI socket closed (${code})${reason ? `: ${reason}` : ''}`, {
    retryable: true,
  });
}
