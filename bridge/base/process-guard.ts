// The last resort for an exception or a rejection nobody handled (the headless entry and Electron's main
// process install it). It is logged with a code, the error's kind and where it was thrown: never its
// message, which can carry a URL with a token, a key or a caller's words. The process keeps running:
// exiting would drop every live call at once and leave the number unanswered until someone restarts the
// app, while the fault most likely ended one handler's work only (calls are independent, the call log
// runs on its own threads with synchronous transactions). A burst of faults means the process is broken,
// not unlucky: then it exits (70, EX_SOFTWARE) so that it is restarted clean.
import type { Clock } from './clock';
import type { Log } from './log';

export const FAULT_EXIT_CODE = 70;
const MAX_FRAMES = 8;

/** The part of `process` the guard uses. */
export interface GuardedProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

export interface ProcessGuardOptions {
  /** The log of the moment (Electron's is replaced once the settings are read). */
  readonly log: () => Log;
  readonly clock: Clock;
  /** More faults than this within `burstWindowMs` and the process exits. */
  readonly maxFaultsPerBurst?: number;
  readonly burstWindowMs?: number;
}

/** What can be logged of a fault without its message: its kind, its code and its stack frames. */
export function describeFault(error: unknown): { errName: string; errCode?: string; frames: string[] } {
  if (!(error instanceof Error)) return { errName: typeof error, frames: [] };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, MAX_FRAMES);
  return { errName: error.name, errCode: typeof code === 'string' ? code : undefined, frames };
}

/** Installs the guard on `target`; returns its removal. */
export function guardProcess(target: GuardedProcess, options: ProcessGuardOptions): () => void {
  const maxFaults = options.maxFaultsPerBurst ?? 5;
  const windowMs = options.burstWindowMs ?? 60_000;
  let faultTimesMs: number[] = [];

  const fault = (code: string) => (error: unknown) => {
    const now = options.clock.nowMs();
    faultTimesMs = [...faultTimesMs.filter((t) => now - t < windowMs), now];
    const log = options.log();
    const burst = faultTimesMs.length > maxFaults;
    const fields = { code, ...describeFault(error), faultsInWindow: faultTimesMs.length };
    if (!burst) {
      log.error(fields, 'unhandled fault: kept running');
      return;
    }
    log.fatal(fields, 'unhandled faults in a burst: exiting');
    log.flush();
    target.exit(FAULT_EXIT_CODE);
  };
  const onException = fault('PROCESS_UNCAUGHT_EXCEPTION');
  const onRejection = fault('PROCESS_UNHANDLED_REJECTION');
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
