// End-to-end language for the AI leg: the real core with the real provider (createProvider, as
// `npm run serve` wires it) pointed at a fake service, and one simulated Sautikit call into it.
import { createProvider } from '../../bridge/ai/create-provider';
import type { CallEvent, CallEventMap } from '../../bridge/calls/events';
import type { ConfigInput } from '../../bridge/config';
import { startTestApp, type TestApp } from '../harness/app';
import { waitFor, type SimCall } from '../sim/carrier';

type Kind = CallEvent['kind'];
type EventOf<K extends Kind> = Extract<CallEvent, { kind: K }>;

export class AppCall {
  /** Playout time (ms) at which each control message type first reached the simulator. */
  readonly controls = new Map<string, number>();

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
    const appCall = new AppCall(app, call, events);
    call.ws!.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const type = (JSON.parse(data.toString('utf8')) as { type?: string }).type ?? '?';
      if (!appCall.controls.has(type)) appCall.controls.set(type, call.playout.nowMs());
    });
    return appCall;
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
