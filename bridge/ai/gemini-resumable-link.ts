// A Gemini Live session's line to the service, across connections. The service recycles connections
// (`goAway`) and sockets drop: the link reconnects with the latest session-resumption handle while
// caller audio and our messages wait, moves between the model's turns when it can, starts a fresh
// session told the conversation so far when the service refuses the handle (close 1007 has been seen
// after a long session), and gives up (AI_RESUME_FAILED) only when reconnecting keeps failing.
import type { Session } from '@google/genai';
import type { TimerHandle } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import { AudioBacklog } from './audio-backlog';
import { GeminiConnection } from './gemini-connection';
import { geminiLiveConfig, type GeminiSetupSettings } from './gemini-setup';
import type { GeminiClient } from './gemini-transport';
import type { SpokenLine } from './conversation-memory';
import { pcmToBase64 } from './pcm-base64';
import type { SessionOptions } from './provider';
import { seededInstructions } from './transcript-seed';

export const GEMINI_INPUT_RATE_HZ = 16_000;
const INPUT_MIME = `audio/pcm;rate=${GEMINI_INPUT_RATE_HZ}`;

/** Caller audio kept while the session reconnects; older audio is dropped beyond this. */
const RESUME_BUFFER_MS = 10_000;
const RESUME_ATTEMPTS = 3;
const RESUME_BACKOFF_MS = 250;
/** After goAway, a busy model gets until this long before the deadline to finish its turn. */
const GO_AWAY_MARGIN_MS = 1000;

export type GeminiLinkSettings = GeminiSetupSettings & Pick<Config, 'geminiModel' | 'aiConnectTimeoutMs'>;

export interface GeminiLinkHandlers {
  /** A server message on the current connection. */
  onMessage(message: unknown): void;
  onMalformed(detail: string): void;
  /** Moving to a new connection: whatever the model was saying on the old one is lost. */
  onResuming(): void;
  onResumed(): void;
  /** The session cannot go on (the link is closed already). */
  onFailed(err: SautiError): void;
  /** Our own handling of what a connection delivered threw. */
  onFault(error: unknown): void;
  /** Whether the model is mid-reply: after goAway the link then waits for the turn to end. */
  modelSpeaking(): boolean;
  /** What was said so far, for a fresh session that replaces one the service would not resume. */
  conversationSoFar(): readonly SpokenLine[];
}

/** A message for the service: `session` ones belong to one model session (a tool response) and are dropped if the session is replaced. */
type PendingSend = { readonly send: (sdk: Session) => void; readonly scope: 'link' | 'session' };

type State = 'connecting' | 'open' | 'resuming' | 'closed';

export class GeminiResumableLink {
  private state: State = 'connecting';
  private leg: GeminiConnection | null = null;
  private handle: string | null = null;
  private resumeAttempts = 0;
  private resumeTimer: TimerHandle | undefined;
  private goAwayPending = false;
  private goAwayTimer: TimerHandle | undefined;
  private readonly pendingAudio = new AudioBacklog(RESUME_BUFFER_MS, GEMINI_INPUT_RATE_HZ);
  private readonly pendingSends: PendingSend[] = [];
  /** The refusal that made the link start a fresh session, kept to explain a later failure. */
  private refusal: SautiError | null = null;

  constructor(
    private readonly client: GeminiClient,
    private readonly settings: GeminiLinkSettings,
    private readonly instructions: string,
    private readonly options: SessionOptions,
    private readonly handlers: GeminiLinkHandlers,
  ) {}

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Opens the first connection; rejects with a SautiError (auth, quota, timeout…). */
  async open(): Promise<void> {
    try {
      await this.openLeg();
    } catch (err) {
      this.state = 'closed';
      this.leg?.terminate();
      throw err;
    }
    if (this.state === 'closed') {
      throw new SautiError('AI_CLOSED', 'The Gemini session was closed while it was being set up');
    }
    this.state = 'open';
    this.flushPending();
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

  /**
   * Sends now, or after the reconnect in progress. `scope: 'session'` marks a message that only means
   * something to this model session (a tool response): it is dropped if a fresh session replaces it.
   */
  whenOpen(send: (sdk: Session) => void, scope: PendingSend['scope'] = 'link'): void {
    if (this.state === 'closed') return;
    const sdk = this.leg?.session;
    if (this.state === 'open' && sdk) send(sdk);
    else this.pendingSends.push({ send, scope });
  }

  /** The handle a later connection resumes with. */
  rememberHandle(handle: string): void {
    this.handle = handle;
  }

  /** The service will close this connection: move to a new one between turns, or just before the deadline. */
  goAway(timeLeftMs: number | null): void {
    this.options.log.info({ timeLeftMs }, 'Gemini goAway');
    if (!this.handle) {
      this.options.log.warn('goAway before any resumption handle: the next connection is a fresh session');
    }
    if (!this.handlers.modelSpeaking()) {
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

  /** The model finished its turn: a goAway that waited for it moves now. */
  turnEnded(): void {
    if (this.goAwayPending) this.resume('goAway');
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const leg = this.leg;
    this.leg = null;
    leg?.close();
  }

  /**
   * Opens a connection and waits for setupComplete: resuming with the latest handle when there is one,
   * else a new session, told the conversation so far when there is one.
   */
  private openLeg(): Promise<void> {
    const instructions = this.handle
      ? this.instructions
      : seededInstructions(this.instructions, this.handlers.conversationSoFar());
    const leg: GeminiConnection = new GeminiConnection(
      this.client,
      {
        model: this.settings.geminiModel,
        config: geminiLiveConfig(this.settings, instructions, this.handle),
      },
      {
        onMessage: (msg) => {
          if (this.leg === leg && this.state !== 'closed') this.handlers.onMessage(msg);
        },
        onMalformed: (detail) => {
          if (this.leg === leg) this.handlers.onMalformed(detail);
        },
        onLost: (err, code) => this.onLegLost(leg, err, code),
        onFault: (error) => {
          if (this.leg === leg && this.state !== 'closed') this.handlers.onFault(error);
        },
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
    // Without a handle yet the reconnect is a fresh session told the conversation so far.
    if (err.code === 'AI_SOCKET_CLOSED' || err.code === 'AI_SERVER_ERROR')
      this.resume(`socket closed (${code})`);
    else this.fail(err);
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
    this.handlers.onResuming();
    this.resumeAttempts++;
    const resuming = this.handle !== null;
    this.options.log.info(
      { why, attempt: this.resumeAttempts, fresh: !resuming },
      resuming ? 'resuming Gemini session' : 'opening a fresh Gemini session with the conversation so far',
    );
    this.openLeg().then(
      () => {
        if (this.state === 'closed') {
          this.leg?.close();
          return;
        }
        this.state = 'open';
        this.resumeAttempts = 0;
        this.refusal = null;
        this.flushPending();
        this.options.log.info(
          { fresh: !resuming },
          resuming ? 'Gemini session resumed' : 'fresh Gemini session open',
        );
        this.handlers.onResumed();
      },
      (err: SautiError) => {
        if (this.state === 'closed') return;
        if (resuming && refusesHandle(err)) {
          // The service will not resume this session (seen: 1007 after a long one). A fresh session,
          // told what was said, keeps the call with the AI; the caller waits no longer than a retry.
          this.options.log.warn(
            { code: err.code, err: err.message },
            'Gemini refused to resume the session: starting a fresh one',
          );
          this.refusal = err;
          this.handle = null;
          this.forgetSessionSends();
          this.resume('resumption refused');
          return;
        }
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
        const refused = this.refusal
          ? `Gemini refused to resume the session (${this.refusal.message}) and a fresh session failed`
          : resuming
            ? 'Could not resume the Gemini session'
            : 'Could not reopen the Gemini session';
        this.fail(new SautiError('AI_RESUME_FAILED', `${refused}: ${err.message}`, { cause: err }));
      },
    );
  }

  private flushPending(): void {
    const sdk = this.leg?.session;
    if (!sdk) return;
    for (const pcm of this.pendingAudio.drain()) this.sendPcm(sdk, pcm);
    for (const pending of this.pendingSends.splice(0)) pending.send(sdk);
  }

  /** A fresh session replaces the old one: what only the old one could answer is dropped. */
  private forgetSessionSends(): void {
    const kept = this.pendingSends.filter((p) => p.scope === 'link');
    this.pendingSends.splice(0, this.pendingSends.length, ...kept);
  }

  private fail(err: SautiError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const leg = this.leg;
    this.leg = null;
    leg?.terminate();
    this.handlers.onFailed(err);
  }

  private clearTimers(): void {
    this.options.clock.clearTimeout(this.goAwayTimer);
    this.options.clock.clearTimeout(this.resumeTimer);
    this.goAwayTimer = undefined;
    this.resumeTimer = undefined;
  }

  private sendPcm(sdk: Session, pcm: Int16Array): void {
    sdk.sendRealtimeInput({ audio: { data: pcmToBase64(pcm), mimeType: INPUT_MIME } });
  }
}

/**
 * The service refused to resume with our handle (1007 "invalid argument", a 1008 refusal, an expired
 * session): a fresh session can still work. Auth, quota and model errors would refuse that too.
 */
function refusesHandle(err: SautiError): boolean {
  return (
    !err.retryable &&
    err.code !== 'AI_AUTH_FAILED' &&
    err.code !== 'AI_QUOTA' &&
    err.code !== 'AI_MODEL_UNAVAILABLE'
  );
}
