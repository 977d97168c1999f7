// The call is going to (or is with) a person and the AI stays on it listen-only (a provider with `canListenOnly`): the
// caller's voice still reaches the model, so the caller's lines keep coming into the transcript, and
// nothing the model does reaches the call — no audio, no hand-off, and a failure only ends the listening.
import type { RealtimeSession } from '../ai/provider';
import { Resampler } from '../media/resample';
import { publishUsage } from './ai-leg';
import type { CallContext } from './call-context';

/** A session whose provider can listen only. */
type ListeningSession = RealtimeSession & { listenOnly(): void };

export interface AiListenerDeps extends CallContext {
  readonly carrierRateHz: number;
  /** A piece of the caller's line (as RealtimeSessionEvents['caller.transcript']). */
  readonly callerLine: (text: string, final: boolean) => void;
}

export class AiListener {
  private ai: ListeningSession | null;
  private readonly toAi: Resampler | null;

  /** Whether `ai` can stay on a call listen-only. */
  static canListen(ai: RealtimeSession): ai is ListeningSession {
    return ai.capabilities.canListenOnly && typeof ai.listenOnly === 'function';
  }

  /** Takes over `ai` (nobody else listens to its events any more) and makes it listen only. */
  constructor(ai: ListeningSession, deps: AiListenerDeps) {
    this.ai = ai;
    const { log } = deps;
    const inputRateHz = ai.capabilities.inputSampleRateHz;
    this.toAi =
      inputRateHz === deps.carrierRateHz
        ? null
        : new Resampler({ inputRateHz: deps.carrierRateHz, outputRateHz: inputRateHz });
    const ev = ai.events;
    ev.on('caller.transcript', ({ text, final }) => deps.callerLine(text, final));
    ev.on('usage', (u) => publishUsage(deps, u));
    ev.on('error', (err) =>
      log.warn({ code: err.code, err: err.message }, 'the AI listening in failed: the transcript stops here'),
    );
    ev.on('close', ({ reason }) => {
      if (this.ai === ai) log.info({ reason }, 'the AI stopped listening');
      this.ai = null;
    });
    ai.listenOnly();
    log.info('the AI steps aside: it stays on the call listen-only, keeping the transcript');
  }

  /** False once the listening ended (closed, or the model's session went away). */
  get listening(): boolean {
    return this.ai !== null;
  }

  /** One 20 ms caller frame at the carrier rate (reused by the framer: converted or copied here). */
  hear(frame: Int16Array): void {
    if (!this.ai) return;
    this.ai.sendAudio(this.toAi ? this.toAi.process(frame) : frame.slice());
  }

  /** Ends the listening (the person left, the call moved on or ended) and closes the session. */
  close(reason: string): void {
    const ai = this.ai;
    this.ai = null;
    if (!ai) return;
    ai.events.removeAll();
    ai.close(reason);
  }
}
