// Gemini Live through the official @google/genai SDK: one session per call that survives the
// service's connection recycling. On `goAway` or a dropped socket it reconnects with the latest
// session-resumption handle while caller audio waits in a buffer, and only when resuming fails does
// the call hear about it (an error, and the bridge's apology).
import type { Session } from '@google/genai';
import type { TimerHandle } from '../clock';
import type { Config } from '../config';
import { Emitter } from '../emitter';
import { SautiError } from '../errors';
import { AudioBacklog } from './audio-backlog';
import { readGeminiMessage, GEMINI_OUTPUT_RATE_HZ, type GeminiFact } from './gemini-messages';
import { geminiLiveConfig, textGoesAsRealtimeInput, type GeminiSetupSettings } from './gemini-setup';
import { GeminiConnection } from './gemini-connection';
import { GeminiClient } from './gemini-transport';
import { HANDOFF_TOOL_NAME, parseHandoffArgs } from './handoff-tool';
import { HeldEvents } from './held-events';
import { sayLine, supervisorNote } from './instructions';
import { pcmToBase64 } from './pcm-base64';
import type {
  ProviderCapabilities,
  RealtimeProvider,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from './provider';

export const GEMINI_INPUT_RATE_HZ = 16_000;
const INPUT_MIME = `audio/pcm;rate=${GEMINI_INPUT_RATE_HZ}`;

export const GEMINI_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: GEMINI_INPUT_RATE_HZ,
  outputSampleRateHz: GEMINI_OUTPUT_RATE_HZ,
  canTruncate: false,
  canResume: true,
  detectsBargeIn: true,
};

/** Caller audio kept while the session reconnects; older audio is dropped beyond this. */
const RESUME_BUFFER_MS = 10_000;
const RESUME_ATTEMPTS = 3;
const RESUME_BACKOFF_MS = 250;
/** After goAway, a busy model gets until this long before the deadline to finish its turn. */
const GO_AWAY_MARGIN_MS = 1000;

export type GeminiSettings = GeminiSetupSettings &
  Pick<Config, 'geminiApiKey' | 'geminiApiBase' | 'geminiModel' | 'aiConnectTimeoutMs'>;

export class GeminiProvider implements RealtimeProvider {
  readonly name = 'gemini' as const;
  readonly model: string;
  readonly capabilities = GEMINI_CAPABILITIES;
  private readonly client: GeminiClient;

  constructor(
    private readonly settings: GeminiSettings & { geminiApiKey: string },
    /** Used when a session is opened without instructions of its own. */
    private readonly defaultInstructions: string,
  ) {
    this.model = settings.geminiModel;
    this.client = new GeminiClient({
      apiKey: settings.geminiApiKey,
      httpOptions: settings.geminiApiBase ? { baseUrl: settings.geminiApiBase } : undefined,
    });
  }

  async connect(options: SessionOptions): Promise<RealtimeSession> {
    const instructions = options.instructions.trim() || this.defaultInstructions;
    const session = new GeminiSession(this.client, this.settings, instructions, options);
    await session.start();
    return session;
  }
}

type State = 'connecting' | 'open' | 'resuming' | 'closed';

class GeminiSession implements RealtimeSession {
  readonly provider = 'gemini' as const;
  readonly model: string;
  readonly capabilities = GEMINI_CAPABILITIES;
  readonly events = new Emitter<RealtimeSessionEvents>();

  private state: State = 'connecting';
  private leg: GeminiConnection | null = null;
  private handle: string | null = null;
  private resumeAttempts = 0;
  private resumeTimer: TimerHandle | undefined;
  private goAwayPending = false;
  private goAwayTimer: TimerHandle | undefined;
  private modelTurnActive = false;
  private callerText = '';
  private agentText = '';
  private malformedReported = false;
  /** Events raised before the consumer could attach (the SDK flushes early messages inside connect). */
  private readonly held = new HeldEvents(this.events);
  private readonly pendingAudio = new AudioBacklog(RESUME_BUFFER_MS, GEMINI_INPUT_RATE_HZ);
  private readonly pendingSends: ((sdk: Session) => void)[] = [];
  private readonly useRealtimeText: boolean;

  constructor(
    private readonly client: GeminiClient,
    private readonly settings: GeminiSettings,
    private readonly instructions: string,
    private readonly options: SessionOptions,
  ) {
    this.model = settings.geminiModel;
    this.useRealtimeText = textGoesAsRealtimeInput(settings.geminiModel);
  }

  /** Opens the first connection; rejects with a SautiError (auth, quota, timeout…). */
  async start(): Promise<void> {
    try {
      await this.openLeg();
    } catch (err) {
      this.state = 'closed';
      this.leg?.terminate();
      throw err;
    }
    this.state = 'open';
    this.flushPending();
    this.options.log.info({ model: this.model }, 'Gemini Live session open');
    this.held.releaseAfterConnect(() => this.state === 'closed');
  }

  sendAudio(pcm: Int16Array): void {
    if (this.state === 'closed' || pcm.length === 0) return;
    const sdk = this.leg?.session;
    if (this.state === 'open' && sdk) {
      this.sendPcm(sdk, pcm);
      return;
    }
    this.pendingAudio.push(pcm);
  }

  greet(text: string): void {
    this.sendText(`[The call has just been answered] Greet the caller now, saying: "${text.trim()}"`, true);
  }

  nudge(text: string): void {
    // Context only: no turnComplete, so the model neither answers it nor takes it as the caller's words.
    this.sendText(supervisorNote(text), false);
  }

  say(text: string): void {
    this.sendText(sayLine(text), true);
  }

  truncateHeard(_heardMs: number): void {
    // Gemini Live has no truncation: it assumes real-time playback and cuts its own memory on `interrupted`.
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.whenOpen((sdk) =>
      sdk.sendToolResponse({
        functionResponses: [{ id: toolCallId, name: HANDOFF_TOOL_NAME, response: { output: result } }],
      }),
    );
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const leg = this.leg;
    this.leg = null;
    leg?.close();
    this.options.log.info({ reason }, 'Gemini Live session closed');
    this.emit('close', { reason });
  }

  // ── connections ──────────────────────────────────────────────────────────────────────────────────

  /** Opens a connection (resuming with the latest handle when there is one) and waits for setupComplete. */
  private openLeg(): Promise<void> {
    const leg: GeminiConnection = new GeminiConnection(
      this.client,
      { model: this.model, config: geminiLiveConfig(this.settings, this.instructions, this.handle) },
      {
        onMessage: (msg) => this.onMessage(leg, msg),
        onMalformed: (detail) => {
          if (this.leg === leg) this.reportMalformed(detail);
        },
        onLost: (err, code) => this.onLegLost(leg, err, code),
      },
      this.options.clock,
      this.settings.aiConnectTimeoutMs,
    );
    this.leg = leg;
    return leg.ready;
  }

  private onLegLost(leg: GeminiConnection, err: SautiError, code: number): void {
    if (this.leg !== leg || this.state !== 'open') return; // a connection we replaced
    this.options.log.warn({ code, errCode: err.code }, 'Gemini socket closed mid-call');
    if (this.handle && (err.code === 'AI_SOCKET_CLOSED' || err.code === 'AI_SERVER_ERROR')) {
      this.resume(`socket closed (${code})`);
    } else {
      this.fail(
        this.handle
          ? err
          : new SautiError(err.code, `${err.message} (no resumption handle yet)`, { cause: err }),
      );
    }
  }

  /** Reconnects with the latest handle; caller audio and our messages wait until it is open. */
  private resume(why: string): void {
    if (this.state === 'closed') return;
    this.clearTimers();
    this.goAwayPending = false;
    const old = this.leg;
    this.state = 'resuming';
    this.leg = null;
    old?.close();
    if (this.modelTurnActive) {
      // The reply in flight is lost with the old connection: close its line, as a finished turn.
      this.endModelTurn();
    }
    this.resumeAttempts++;
    this.options.log.info({ why, attempt: this.resumeAttempts }, 'resuming Gemini session');
    this.openLeg().then(
      () => {
        if (this.state === 'closed') {
          this.leg?.close();
          return;
        }
        this.state = 'open';
        this.resumeAttempts = 0;
        this.flushPending();
        this.options.log.info('Gemini session resumed');
        this.emit('ready', { resumed: true });
      },
      (err: SautiError) => {
        if (this.state === 'closed') return;
        if (this.resumeAttempts < RESUME_ATTEMPTS && err.retryable) {
          this.options.log.warn(
            { code: err.code, err: err.message },
            'Gemini resume attempt failed: retrying',
          );
          this.resumeTimer = this.options.clock.setTimeout(
            () => this.resume('retry'),
            RESUME_BACKOFF_MS * this.resumeAttempts,
          );
          return;
        }
        this.fail(
          new SautiError('AI_RESUME_FAILED', `Could not resume the Gemini session: ${err.message}`, {
            cause: err,
          }),
        );
      },
    );
  }

  private flushPending(): void {
    const sdk = this.leg?.session;
    if (!sdk) return;
    for (const pcm of this.pendingAudio.drain()) this.sendPcm(sdk, pcm);
    for (const send of this.pendingSends.splice(0)) send(sdk);
  }

  private fail(err: SautiError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const leg = this.leg;
    this.leg = null;
    leg?.terminate();
    this.options.log.error({ code: err.code, err: err.message }, 'Gemini session failed');
    this.emit('error', err);
    this.emit('close', { reason: err.message, error: err });
  }

  private clearTimers(): void {
    this.options.clock.clearTimeout(this.goAwayTimer);
    this.options.clock.clearTimeout(this.resumeTimer);
    this.goAwayTimer = undefined;
    this.resumeTimer = undefined;
  }

  // ── messages from the model ──────────────────────────────────────────────────────────────────────

  private onMessage(leg: GeminiConnection, message: unknown): void {
    if (this.leg !== leg || this.state === 'closed') return;
    const { facts, problem } = readGeminiMessage(message);
    for (const fact of facts) this.onFact(fact);
    if (problem) this.reportMalformed(problem);
  }

  private onFact(fact: GeminiFact): void {
    switch (fact.kind) {
      case 'setup-complete':
        return;
      case 'caller-text':
        if (fact.text) {
          this.callerText += fact.text;
          this.emit('caller.transcript', { text: fact.text, final: false });
        }
        if (fact.finished) this.endCallerLine();
        return;
      case 'audio':
        this.modelSpeaks();
        this.emit('audio', fact.pcm);
        return;
      case 'agent-text':
        this.modelSpeaks();
        if (fact.text) {
          this.agentText += fact.text;
          this.emit('agent.transcript', { text: fact.text, final: false });
        }
        return;
      case 'interrupted':
        this.endCallerLine();
        this.agentText = '';
        this.emit('interrupted', {});
        return;
      case 'turn-complete':
        this.endModelTurn();
        if (this.goAwayPending) this.resume('goAway');
        return;
      case 'tool-call':
        this.onToolCall(fact.id, fact.name, fact.args);
        return;
      case 'tool-call-cancelled':
        this.options.log.info({ ids: fact.ids.length }, 'Gemini cancelled tool calls');
        return;
      case 'usage':
        this.emit('usage', {
          inputTokens: fact.inputTokens,
          outputTokens: fact.outputTokens,
          totalTokens: fact.totalTokens,
        });
        return;
      case 'resumption':
        if (fact.resumable && fact.handle) this.handle = fact.handle;
        return;
      case 'go-away':
        this.onGoAway(fact.timeLeftMs);
        return;
    }
  }

  private modelSpeaks(): void {
    if (this.modelTurnActive) return;
    this.modelTurnActive = true;
    // The model answering closes the caller's line (input transcription has no reliable end marker).
    this.endCallerLine();
  }

  private endCallerLine(): void {
    if (!this.callerText) return;
    const text = this.callerText;
    this.callerText = '';
    this.emit('caller.transcript', { text, final: true });
  }

  private endModelTurn(): void {
    this.modelTurnActive = false;
    this.endCallerLine();
    if (this.agentText) {
      const text = this.agentText;
      this.agentText = '';
      this.emit('agent.transcript', { text, final: true });
    }
    this.emit('turn.complete', {});
  }

  private onToolCall(id: string, name: string, args: unknown): void {
    if (name === HANDOFF_TOOL_NAME) {
      const { reason, summary } = parseHandoffArgs(args);
      this.emit('handoff', { toolCallId: id, reason, summary });
      return;
    }
    this.options.log.warn({ name }, 'Gemini called an unknown tool');
    this.whenOpen((sdk) =>
      sdk.sendToolResponse({
        functionResponses: [{ id, name, response: { error: `No tool named ${name}` } }],
      }),
    );
  }

  /** The service will close this connection: move to a new one between turns, or just before the deadline. */
  private onGoAway(timeLeftMs: number | null): void {
    this.options.log.info({ timeLeftMs }, 'Gemini goAway');
    if (!this.handle) {
      this.options.log.warn('goAway before any resumption handle: the session cannot be resumed');
      return;
    }
    if (!this.modelTurnActive) {
      this.resume('goAway');
      return;
    }
    this.goAwayPending = true;
    const waitMs = Math.max(0, (timeLeftMs ?? GO_AWAY_MARGIN_MS) - GO_AWAY_MARGIN_MS);
    this.options.clock.clearTimeout(this.goAwayTimer);
    this.goAwayTimer = this.options.clock.setTimeout(() => {
      this.goAwayTimer = undefined;
      if (this.goAwayPending) this.resume('goAway deadline');
    }, waitMs);
  }

  private reportMalformed(detail: string): void {
    this.options.log.warn({ detail }, 'malformed message from Gemini ignored');
    if (this.malformedReported) return;
    this.malformedReported = true;
    this.emit('error', new SautiError('AI_MALFORMED', `Malformed message from Gemini: ${detail}`));
  }

  // ── sending ──────────────────────────────────────────────────────────────────────────────────────

  private sendPcm(sdk: Session, pcm: Int16Array): void {
    sdk.sendRealtimeInput({ audio: { data: pcmToBase64(pcm), mimeType: INPUT_MIME } });
  }

  private sendText(text: string, turnComplete: boolean): void {
    this.whenOpen((sdk) => {
      if (this.useRealtimeText) sdk.sendRealtimeInput({ text });
      else sdk.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete });
    });
  }

  /** Sends now, or after the reconnect in progress. */
  private whenOpen(send: (sdk: Session) => void): void {
    if (this.state === 'closed') return;
    const sdk = this.leg?.session;
    if (this.state === 'open' && sdk) send(sdk);
    else this.pendingSends.push(send);
  }

  private emit<K extends keyof RealtimeSessionEvents>(name: K, payload: RealtimeSessionEvents[K]): void {
    this.held.emit(name, payload);
  }
}
