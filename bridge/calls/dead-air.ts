// The dead-air watchdog: when the caller should be hearing the AI (at connect, after the caller spoke)
// and nothing comes for `deadAirMs`, the AI leg has failed. It waits while anyone is still talking.
import type { Clock, TimerHandle } from '../base/clock';
import type { ErrorCode } from '../base/errors';

/** Shorter sounds (a cough, a click) need no answer, so the model's silence after them is not dead air. */
const MIN_UTTERANCE_MS = 400;

export interface DeadAirOptions {
  readonly clock: Clock;
  readonly deadAirMs: number;
  /** Audio still playing or the caller still talking: not dead air yet, look again later. */
  readonly busy: () => boolean;
  /** Silence can still be the AI's fault: there is an AI leg, not failed, the call not leaving or over. */
  readonly watching: () => boolean;
  readonly onDeadAir: (code: ErrorCode, message: string, detail: string) => void;
}

export class DeadAirWatchdog {
  private timer: TimerHandle | undefined;
  private heardModel = false;

  constructor(private readonly o: DeadAirOptions) {}

  get armed(): boolean {
    return this.timer !== undefined;
  }

  /** The AI leg is opening: connect, setup and the greeting must reach the caller within deadAirMs. */
  startUp(): void {
    this.armIfWatching('AI_DEAD_AIR', 'The AI did not greet the caller');
  }

  /** Model audio is playing to the caller. */
  modelSpoke(): void {
    this.clear();
    this.heardModel = true;
  }

  callerStarted(): void {
    // Before the first model audio the start-up watchdog keeps running: the caller's "hello?" does not stop it.
    if (this.heardModel) this.clear();
  }

  /** The caller stopped after `utteranceMs` of speech: a real question is owed an answer. */
  callerEnded(utteranceMs: number): void {
    if (this.heardModel && utteranceMs >= MIN_UTTERANCE_MS) {
      this.armIfWatching('AI_DEAD_AIR', 'The AI went silent after the caller spoke');
    }
  }

  clear(): void {
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private armIfWatching(code: ErrorCode, detail: string): void {
    if (this.o.watching()) this.arm(code, detail);
  }

  /** (Re)starts the wait; `detail` says what the caller was waiting for. */
  private arm(code: ErrorCode, detail: string): void {
    this.clear();
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.o.busy()) return this.arm(code, detail);
      this.o.onDeadAir(code, `No audio from the AI for ${this.o.deadAirMs} ms`, detail);
    }, this.o.deadAirMs);
  }
}
