// An in-process RealtimeProvider that behaves like a realtime voice model without any socket: it greets,
// answers each caller turn, streams 24 kHz speech in chunks faster than real time (as Gemini and OpenAI
// do), hears the caller talk over it and stops with `interrupted`, and fails, hands off or says a line
// on cue. Time comes from the injected clock, so unit tests drive it with a FakeClock.
import type {
  ProviderCapabilities,
  ProviderName,
  RealtimeProvider,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from '../../bridge/ai/provider';
import { realClock, type Clock, type TimerHandle } from '../../bridge/base/clock';
import { Emitter } from '../../bridge/base/emitter';
import { SautiError, type ErrorCode } from '../../bridge/base/errors';
import { levelDbfs } from '../../bridge/media/pcm';

export interface ScriptedOptions {
  readonly clock?: Clock;
  readonly name?: ProviderName;
  readonly capabilities?: Partial<ProviderCapabilities>;
  /** Audio for a line the model says (at the output rate); default: synthetic speech, 65 ms per character. */
  readonly voice?: (text: string) => Int16Array;
  /** What the model answers to each caller turn. */
  readonly replyText?: string;
  /** What the caller is transcribed as saying. */
  readonly callerText?: string;
  /** Model think time after the caller stops, ms. */
  readonly replyDelayMs?: number;
  /** Audio per chunk, ms. */
  readonly chunkMs?: number;
  /** How much faster than real time chunks are emitted (Infinity: all at once). */
  readonly speedup?: number;
  /** Emits `speech.started` / `speech.stopped` like OpenAI's server VAD. */
  readonly reportsSpeech?: boolean;
  /** How connecting goes. */
  readonly connect?: 'ok' | 'reject' | 'hang';
  /** Say the greeting and requested lines; false makes a model that never speaks (dead air). */
  readonly speaks?: boolean;
  /** Answer caller turns; false makes a model that goes quiet after the caller speaks. */
  readonly answers?: boolean;
  /** Setup takes this long after connect, ms. */
  readonly readyDelayMs?: number;
  readonly hasSay?: boolean;
}

const DEFAULT_CAPS: ProviderCapabilities = {
  inputSampleRateHz: 16_000,
  outputSampleRateHz: 24_000,
  canTruncate: true,
  canResume: true,
  detectsBargeIn: true,
  canListenOnly: false,
};
const SPEECH_DBFS = -35;
const END_OF_TURN_MS = 400;

/** Voice-like test audio: three harmonics under a 4 Hz syllable envelope, at `rateHz`. */
export function syntheticSpeech(ms: number, rateHz = 24_000, amplitude = 9000): Int16Array {
  const n = Math.round((ms / 1000) * rateHz);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / rateHz;
    const envelope = 0.35 + 0.65 * Math.abs(Math.sin(Math.PI * 4 * t));
    const v =
      Math.sin(2 * Math.PI * 180 * t) +
      0.5 * Math.sin(2 * Math.PI * 360 * t) +
      0.25 * Math.sin(2 * Math.PI * 720 * t);
    out[i] = Math.round((amplitude * envelope * v) / 1.75);
  }
  return out;
}

export class ScriptedSession implements RealtimeSession {
  readonly events = new Emitter<RealtimeSessionEvents>();
  readonly greetings: string[] = [];
  readonly nudges: string[] = [];
  readonly said: string[] = [];
  readonly truncations: number[] = [];
  readonly handoffAnswers: { toolCallId: string; accepted: boolean; message: string }[] = [];
  /** Samples of caller audio received. */
  receivedSamples = 0;
  closedWith: string | null = null;
  /** Lines started, with whether each played to the end. */
  readonly lines: { text: string; interrupted: boolean; completed: boolean }[] = [];
  readonly say?: (text: string) => void;
  private speaking: { chunks: number; index: number; text: string; timer?: TimerHandle } | null = null;
  private callerLoudChunks = 0;
  private callerSpeaking = false;
  private callerLastLoudMs = 0;
  private replyTimer: TimerHandle | undefined;

  constructor(
    readonly provider: ProviderName,
    readonly model: string,
    readonly capabilities: ProviderCapabilities,
    private readonly clock: Clock,
    private readonly o: Required<
      Omit<ScriptedOptions, 'clock' | 'name' | 'capabilities' | 'connect' | 'readyDelayMs'>
    >,
  ) {
    if (o.hasSay) {
      this.say = (text: string) => {
        this.said.push(text);
        if (this.o.speaks) this.speak(text);
      };
    }
  }

  /** Setup acknowledged (the provider calls this on the next tick after connect). */
  ready(): void {
    this.events.emit('ready', { resumed: false });
  }

  sendAudio(pcm: Int16Array): void {
    if (this.closedWith !== null) return;
    this.receivedSamples += pcm.length;
    const now = this.clock.nowMs();
    if (levelDbfs(pcm) > SPEECH_DBFS) {
      this.callerLoudChunks++;
      this.callerLastLoudMs = now;
      if (!this.callerSpeaking && this.callerLoudChunks >= 2) {
        this.callerSpeaking = true;
        this.clock.clearTimeout(this.replyTimer);
        if (this.o.reportsSpeech) this.events.emit('speech.started', {});
        if (this.speaking && this.capabilities.detectsBargeIn) this.interrupt();
      }
    } else {
      this.callerLoudChunks = 0;
      if (this.callerSpeaking && now - this.callerLastLoudMs >= END_OF_TURN_MS) {
        this.callerSpeaking = false;
        if (this.o.reportsSpeech) this.events.emit('speech.stopped', {});
        this.events.emit('caller.transcript', { text: this.o.callerText, final: true });
        if (this.o.answers)
          this.replyTimer = this.clock.setTimeout(() => this.speak(this.o.replyText), this.o.replyDelayMs);
      }
    }
  }

  greet(text: string): void {
    this.greetings.push(text);
    if (this.o.speaks) this.speak(text);
  }

  nudge(text: string): void {
    this.nudges.push(text);
  }

  truncateHeard(heardMs: number): void {
    this.truncations.push(heardMs);
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.handoffAnswers.push({ toolCallId, ...result });
    if (this.o.speaks) this.speak(result.message);
  }

  close(reason: string): void {
    if (this.closedWith !== null) return;
    this.closedWith = reason;
    this.stopSpeaking();
    this.clock.clearTimeout(this.replyTimer);
  }

  // ── cues for tests ──

  /** Says `text` now (replacing any line in progress). */
  speak(text: string): void {
    if (this.closedWith !== null) return;
    if (this.speaking) this.stopSpeaking();
    const audio = this.o.voice(text);
    const chunkSamples = Math.round((this.capabilities.outputSampleRateHz * this.o.chunkMs) / 1000);
    const chunks = Math.ceil(audio.length / chunkSamples);
    const words = text.split(/\s+/).filter(Boolean);
    const line = { text, interrupted: false, completed: false };
    this.lines.push(line);
    const state: { chunks: number; index: number; text: string; timer?: TimerHandle } = {
      chunks,
      index: 0,
      text,
    };
    this.speaking = state;
    const emitNext = () => {
      if (this.speaking !== state) return;
      const i = state.index++;
      this.events.emit('audio', audio.slice(i * chunkSamples, (i + 1) * chunkSamples));
      const wordsBefore = Math.floor((words.length * i) / chunks);
      const wordsAfter = Math.floor((words.length * (i + 1)) / chunks);
      if (wordsAfter > wordsBefore) {
        this.events.emit('agent.transcript', {
          text: `${words.slice(wordsBefore, wordsAfter).join(' ')} `,
          final: false,
        });
      }
      if (this.speaking !== state) return;
      if (state.index >= chunks) {
        this.speaking = null;
        line.completed = true;
        this.events.emit('agent.transcript', { text, final: true });
        this.events.emit('usage', { inputTokens: 10, outputTokens: words.length });
        this.events.emit('turn.complete', {});
        return;
      }
      if (this.o.speedup === Infinity) emitNext();
      else state.timer = this.clock.setTimeout(emitNext, this.o.chunkMs / this.o.speedup);
    };
    emitNext();
  }

  /** Stops the current line and reports the barge-in, as the model does when it hears the caller. */
  interrupt(): void {
    if (!this.speaking) return;
    const line = this.lines.at(-1);
    if (line) line.interrupted = true;
    this.stopSpeaking();
    this.events.emit('interrupted', {});
  }

  requestHandoff(reason = 'caller asked for a person', summary = 'wants a human'): void {
    this.events.emit('handoff', { toolCallId: `call_${this.handoffAnswers.length + 1}`, reason, summary });
  }

  fail(code: ErrorCode = 'AI_PROTOCOL', message = 'scripted failure'): void {
    this.events.emit('error', new SautiError(code, message));
  }

  drop(reason = 'socket dropped'): void {
    this.stopSpeaking();
    this.closedWith = reason;
    this.events.emit('close', { reason, error: new SautiError('AI_CLOSED', reason) });
  }

  isSpeaking(): boolean {
    return this.speaking !== null;
  }

  private stopSpeaking(): void {
    if (!this.speaking) return;
    this.clock.clearTimeout(this.speaking.timer);
    this.speaking = null;
  }
}

export class ScriptedProvider implements RealtimeProvider {
  readonly name: ProviderName;
  readonly model = 'scripted-voice-model';
  readonly capabilities: ProviderCapabilities;
  readonly sessions: ScriptedSession[] = [];
  connectCalls = 0;
  private readonly clock: Clock;

  constructor(private readonly options: ScriptedOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.name = options.name ?? 'gemini';
    this.capabilities = { ...DEFAULT_CAPS, ...options.capabilities };
  }

  get last(): ScriptedSession | undefined {
    return this.sessions.at(-1);
  }

  connect(_options: SessionOptions): Promise<RealtimeSession> {
    this.connectCalls++;
    const mode = this.options.connect ?? 'ok';
    if (mode === 'reject')
      return Promise.reject(new SautiError('AI_AUTH_FAILED', 'scripted: API key rejected'));
    if (mode === 'hang') return new Promise(() => undefined);
    const o = this.options;
    const session = new ScriptedSession(this.name, this.model, this.capabilities, this.clock, {
      voice:
        o.voice ??
        ((text) => syntheticSpeech(Math.max(200, text.length * 65), this.capabilities.outputSampleRateHz)),
      replyText: o.replyText ?? 'We open at eight on Saturday and close at one in the afternoon.',
      callerText: o.callerText ?? 'What time do you open on Saturday?',
      replyDelayMs: o.replyDelayMs ?? 300,
      chunkMs: o.chunkMs ?? 40,
      speedup: o.speedup ?? 4,
      reportsSpeech: o.reportsSpeech ?? false,
      speaks: o.speaks ?? true,
      answers: o.answers ?? o.speaks ?? true,
      hasSay: o.hasSay ?? true,
    });
    this.sessions.push(session);
    this.clock.setTimeout(() => session.ready(), o.readyDelayMs ?? 0);
    return Promise.resolve(session);
  }
}
