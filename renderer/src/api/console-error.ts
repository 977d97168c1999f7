// Errors of console commands: the core's ApiError as data, raised as an Error so callers can `catch`.
import type { ApiError } from './contract';

export class ConsoleError extends Error implements ApiError {
  readonly code: string;
  readonly retryable?: boolean;
  readonly fields?: Readonly<Record<string, string>>;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ConsoleError';
    this.code = error.code;
    if (error.retryable !== undefined) this.retryable = error.retryable;
    if (error.fields !== undefined) this.fields = error.fields;
  }
}

/** Any thrown value as an ApiError, for showing in plain words. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ConsoleError)
    return { code: err.code, message: err.message, retryable: err.retryable, fields: err.fields };
  if (err instanceof Error) return { code: 'CONSOLE_INTERNAL', message: err.message };
  return { code: 'CONSOLE_INTERNAL', message: String(err) };
}
