// End-to-end language for the AI leg: a fake AI service, the real core with the real provider
// (createProvider, as `npm run serve` wires it) pointed at it, and one simulated Sautikit call into it;
// what the caller heard and which CallEvents came out.
import { afterEach, expect } from 'vitest';
import { createProvider } from '../../bridge/ai/create-provider';
import type { CallEvent, CallEventMap } from '../../bridge/domain/call-events';
import type { ConfigInput } from '../../bridge/config/config';
import type { FakeScriptOptions } from '../fakes/fake-script';
import { GREETING_TEXT } from '../fakes/fake-voice';
import { waitFor, type SimCall } from '../sim/carrier';
import type { FakeAi, FakeAiService } from './ai-services';
import { startTestApp, type TestApp } from './app';

type Kind = CallEvent['kind'];
type EventOf<K extends Kind> = Extract<CallEvent, { kind: K }>;

export class AppCall {
  private constructor(
    readonly app: TestApp,
    readonly call: SimCall,
    readonly events: CallEvent[],
  ) {}

  static async start(settings: ConfigInput): Promise<AppCall> {
    const app = await startTestApp({ deadAirMs: 4000, ...settings }, { createProvider });
    const events: CallEvent[] = [];
    app.core.registry.events.on('event', (e) => events.push(e));
    const call = await app.sim.placeCall();
    if (!call.streamElement) {
      await app.stop();
      throw new Error(`no <Stream> in the answer: ${call.response.body}`);
    }
    await call.connectMedia();
    return new AppCall(app, call, events);
  }

  of<K extends Kind>(kind: K): EventOf<K>[] {
    return this.events.filter((e): e is EventOf<K> => e.kind === kind);
  }

  waitEvent<K extends Kind>(
    kind: K,
    test: (e: EventOf<K>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<EventOf<K>> {
    return waitFor(() => this.of(kind).find(test), timeoutMs, `a ${kind} event (saw ${this.kinds()})`);
  }

  /** Final transcript lines of one speaker, one per turn (a line may be finalised again, e.g. with heardMs). */
  lines(speaker: CallEventMap['transcript']['speaker']): string[] {
    const byTurn = new Map<number, string>();
    for (const t of this.of('transcript')) if (t.final && t.speaker === speaker) byTurn.set(t.turnId, t.text);
    return [...byTurn.values()];
  }

  /** ms of audible audio the caller heard after playout time `fromMs`. */
  heardAfter(fromMs: number): number {
    return this.call.playout.audibleMsAfter(fromMs);
  }

  /** Waits until the caller has heard something after `fromMs`, and the playout queue is empty again. */
  async waitHeardAndQuiet(fromMs: number, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => this.call.playout.firstAudibleAfter(fromMs) >= 0, timeoutMs, 'audio for the caller');
    await waitFor(
      () => this.call.playout.queuedMs() === 0 && this.quietFor(300),
      timeoutMs,
      'the end of that audio',
    );
  }

  private quietFor(ms: number): boolean {
    const now = this.call.playout.nowMs();
    return this.call.playout.audibleMsAfter(now - ms) === 0;
  }

  private kinds(): string {
    return [...new Set(this.events.map((e) => e.kind))].join(', ');
  }

  stop(): Promise<void> {
    return this.app.stop();
  }
}

export interface AiCallWorld<F> {
  readonly fake: F;
  readonly c: AppCall;
  readonly sim: SimCall;
}

export interface AiCalls<F, O> {
  /**
   * Starts the fake, then a call into the app greeting with GREETING_TEXT (`settings` over that), the
   * caller silent for its first second.
   */
  start(fakeOptions?: O, settings?: ConfigInput): Promise<AiCallWorld<F>>;
  /** The session setups the fake received. */
  setups(fake: F): readonly unknown[];
}

/** Call at the top of a test file: each test's call and fake are stopped after it. */
export function aiCalls<F extends FakeAi, O extends FakeScriptOptions>(
  service: FakeAiService<F, O>,
): AiCalls<F, O> {
  let fake: F | undefined;
  let call: AppCall | undefined;
  afterEach(async () => {
    await call?.stop();
    call = undefined;
    await fake?.stop();
    fake = undefined;
  });
  return {
    async start(fakeOptions = {} as O, settings = {}) {
      const f = await service.start(fakeOptions);
      fake = f;
      const c = await AppCall.start({ ...service.settings(f), greeting: GREETING_TEXT, ...settings });
      call = c;
      void c.call.streamSilence(1000);
      return { fake: f, c, sim: c.call };
    },
    setups: (f) => service.setups(f),
  };
}

/** Lets the greeting play out, so what is heard next is new; returns the playout time then. */
export async function afterGreeting(c: AppCall): Promise<number> {
  await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.final);
  await c.waitHeardAndQuiet(0);
  return c.call.playout.nowMs();
}

/** The call escalates for an AI failure with `code`, and the caller hears the apology after `sinceMs`. */
export async function expectFailureHeard(c: AppCall, code: string, sinceMs: number): Promise<void> {
  const escalation = await c.waitEvent('escalation');
  expect(escalation.reason).toBe('ai-failure');
  expect(c.of('error').map((e) => e.code)).toContain(code);
  // The apology, not silence.
  await waitFor(() => c.heardAfter(sinceMs) >= 1000, 10_000, 'the apology');
}
