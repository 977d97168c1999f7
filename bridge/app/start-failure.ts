// Why the core could not start, in words that name the setting to change (a busy port is the usual one).
import { ENV_NAMES, type Config } from '../config/config';
import { SautiError } from '../base/errors';

/** A start failure in words that name the setting to change. */
export function explainStartFailure(err: unknown, config: Pick<Config, 'port' | 'consolePort'>): string {
  if (err instanceof SautiError) return `${err.code}: ${err.message}`;
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES') {
    const setting = e.port === config.consolePort ? ENV_NAMES.consolePort : ENV_NAMES.port;
    const port = e.port ?? (setting === ENV_NAMES.port ? config.port : config.consolePort);
    const why =
      e.code === 'EADDRINUSE'
        ? 'is already in use (is Sauti Console already running?)'
        : 'needs more privileges';
    return `Port ${port} ${why}: set ${setting} to another port.`;
  }
  return err instanceof Error ? err.message : String(err);
}
