// The dead-air watchdog: when the caller should be hearing the AI (at connect, after the caller spoke)
// and nothing comes for `deadAirMs`, the AI leg has failed. It waits while anyone is still talking.
import type { Clock, TimerHandle } from '../clock';
import type { ErrorCode } from '../errors';

export interface DeadAirOptions {
  readonly clock: Clock;
  readonly deadAirMs: number;
  /** Audio still playing or the caller still talking: not dead air yet, look again later. */
  readonly busy: () => boolean;
  readonly onDeadAir: (code: ErrorCode, message: string, detail: string) => void;
}

export class DeadAirWatchdog {
  private timer: TimerHandle | undefined;

  constructor(private readonly o: DeadAirOptions) {}

  get armed(): boolean {
    return this.timer !== undefined;
  }

  /** (Re)starts the wait; `detail` says what the caller was waiting for. */
  arm(code: ErrorCode, detail: string): void {
    this.clear();
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.o.busy()) return this.arm(code, detail);
      this.o.onDeadAir(code, `No audio from the AI for ${this.o.deadAirMs} ms`, detail);
    }, this.o.deadAirMs);
  }

  clear(): void {
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
