// Simulated agent phones for the Sautikit simulator, scripted per test: a phone answers (after a
// ring), does not answer, is busy, or is refused by Sautikit's destination authorisation; once
// connected it may speak a line into the leg's media stream and hears what the app sends. Times are
// simulated seconds (the simulator scales them to real time); audio is real time.
import type { SimCall } from './carrier';

export type PhoneBehaviour = 'answer' | 'no-answer' | 'busy' | 'refused';

export interface PhoneScript {
  readonly behaviour: PhoneBehaviour;
  /** Ring time before answering (simulated seconds). */
  readonly answerAfterS?: number;
  /** Hang up after this long connected (simulated seconds); absent = stays until `hangUp()`. */
  readonly talkS?: number;
  /**
   * What the agent says once their call's media stream is up (16 kHz, real time), then silence — the
   * phone's side of a leg the app bridges into its own media server.
   */
  readonly voice?: Int16Array;
  /**
   * Drives the phone's side of the connected leg's stream itself instead of `voice` then silence (a
   * benchmark sending hundreds of streams from one frame clock).
   */
  readonly talk?: (media: SimCall) => void;
}

export class SimPhone {
  rings = 0;
  answered = 0;
  /** The media stream of the connected leg, when the app answered it with a <Stream> (what the agent hears). */
  media: SimCall | null = null;
  /** Ends the current connected leg (the agent hangs up). */
  private onHangUp: (() => void) | null = null;

  constructor(
    readonly number: string,
    public script: PhoneScript,
  ) {}

  get inCall(): boolean {
    return this.onHangUp !== null;
  }

  /** Called by the simulator when a leg to this phone connects. */
  connect(hangUp: () => void): void {
    this.answered++;
    this.onHangUp = hangUp;
  }

  disconnected(): void {
    this.onHangUp = null;
  }

  /** The agent hangs up. */
  hangUp(): void {
    const h = this.onHangUp;
    this.onHangUp = null;
    h?.();
  }
}

export class SimPhones {
  private readonly phones = new Map<string, SimPhone>();

  set(number: string, script: PhoneScript): SimPhone {
    const existing = this.phones.get(number);
    if (existing) {
      existing.script = script;
      return existing;
    }
    const phone = new SimPhone(number, script);
    this.phones.set(number, phone);
    return phone;
  }

  answers(
    number: string,
    opts: { answerAfterS?: number; talkS?: number; voice?: Int16Array; talk?: (media: SimCall) => void } = {},
  ): SimPhone {
    return this.set(number, { behaviour: 'answer', ...opts });
  }

  noAnswer(number: string): SimPhone {
    return this.set(number, { behaviour: 'no-answer' });
  }

  busy(number: string): SimPhone {
    return this.set(number, { behaviour: 'busy' });
  }

  refused(number: string): SimPhone {
    return this.set(number, { behaviour: 'refused' });
  }

  /** Unknown numbers ring out unanswered. */
  get(number: string): SimPhone {
    return this.phones.get(number) ?? this.set(number, { behaviour: 'no-answer' });
  }
}
