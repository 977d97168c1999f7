// One error class for the whole bridge: a ROOM_WHAT code, a retryable flag, and data-safe serialisation.

export type ErrorCode = `${Uppercase<string>}_${Uppercase<string>}`;

export class SautiError extends Error {
  override readonly name = 'SautiError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Every bad field of a form (settings.set), by its key, in plain words: the message lists them too. */
  readonly fields?: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown; fields?: Readonly<Record<string, string>> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.fields) this.fields = options.fields;
  }

  toData(): { code: ErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Wraps anything thrown into a SautiError, keeping a SautiError as it is. */
export function asSautiError(err: unknown, code: ErrorCode, fallbackMessage?: string): SautiError {
  if (err instanceof SautiError) return err;
  const message = err instanceof Error ? err.message : (fallbackMessage ?? String(err));
  return new SautiError(code, fallbackMessage ? `${fallbackMessage}: ${message}` : message, { cause: err });
}

export function assertNever(value: never, what = 'value'): never {
  throw new SautiError('INTERNAL_UNREACHABLE', `unexpected ${what}: ${JSON.stringify(value)}`);
}
