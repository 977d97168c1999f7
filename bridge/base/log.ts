// Structured logging with pino: static messages, structured fields, secrets never, caller data masked
// unless the team turns call-content logging on.
import pino, { type Logger } from 'pino';

export type Log = Logger;

const SECRET_PATHS = [
  'apiKey',
  'key',
  'token',
  'secret',
  'authorization',
  '*.apiKey',
  '*.key',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'config.sautikitApiKey',
  'config.geminiApiKey',
  'config.openaiApiKey',
  'config.consoleToken',
  'config.webhookSecret',
  'config.ngrokAuthtoken',
  'authtoken',
  '*.authtoken',
  'config.mediaTokenSecret',
];

export interface LogOptions {
  level?: string;
  /** When false (default), caller numbers and transcript text are masked in logs. */
  logCallContent?: boolean;
  /** Where JSON lines go; defaults to stdout (asynchronous). */
  destination?: pino.DestinationStream;
}

let contentLogging = false;

export function createLog(options: LogOptions = {}): Log {
  contentLogging = options.logCallContent ?? false;
  const destination = options.destination ?? pino.destination({ sync: false });
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { app: 'sauti' },
      redact: { paths: SECRET_PATHS, censor: '[secret]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function createSilentLog(): Log {
  return pino({ level: 'silent' });
}

/** Masks a phone number for logs: +254712345678 → +2547******78. */
export function maskNumber(value: string | undefined): string | undefined {
  if (value === undefined || contentLogging) return value;
  if (value.length <= 6) return '*'.repeat(value.length);
  return value.slice(0, 5) + '*'.repeat(Math.max(0, value.length - 7)) + value.slice(-2);
}

/** Masks transcript text for logs unless call-content logging is on. */
export function maskText(value: string | undefined): string | undefined {
  if (value === undefined || contentLogging) return value;
  return `[${value.length} chars]`;
}
