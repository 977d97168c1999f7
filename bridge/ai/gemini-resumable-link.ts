// A Gemini Live session's line to the service, across connections. The service recycles connections
// (`goAway`) and sockets drop: the link reconnects with the latest session-resumption handle while
// caller audio and our messages wait, moves between the model's turns when it can, and gives up
// (AI_RESUME_FAILED) only when resuming keeps failing.
import type { Session } from '@google/genai';
import type { TimerHandle } from '../clock';
import type { Config } from '../config';
import { SautiError } from '../errors';
import { AudioBacklog } from './audio-backlog';
import { GeminiConnection } from './gemini-connection';
import { geminiLiveConfig, type GeminiSetupSettings } from './gemini-setup';
import type { GeminiClient } from './gemini-transport';
import { pcmToBase64 } from './pcm-base64';
import type { SessionOptions } from './provider';

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
  /** Whether the model is mid-reply: after goAway the link then waits for the turn to end. */
  modelSpeaking(): boolean;
}

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
  private readonly pendingSends: ((sdk: Session) => void)[] = [];

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

  /** Sends now, or after the reconnect in progress. */
  whenOpen(send: (sdk: Session) => void): void {
    if (this.state === 'closed') return;
    const sdk = this.leg?.session;
    if (this.state === 'open' && sdk) send(sdk);
    else this.pendingSends.push(send);
  }

  /** The handle a later connection resumes with. */
  rememberHandle(handle: string): void {
    this.handle = handle;
  }

  /** The service will close this connection: move to a new one between turns, or just before the deadline. */
  goAway(timeLeftMs: number | null): void {
    this.options.log.info({ timeLeftMs }, 'Gemini goAway');
    if (!this.handle) {
      this.options.log.warn('goAway before any resumption handle: the session cannot be resumed');
      return;
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

  /** Opens a connection (resuming with the latest handle when there is one) and waits for setupComplete. */
  private openLeg(): Promise<void> {
    const leg: GeminiConnection = new GeminiConnection(
      this.client,
      {
        model: this.settings.geminiModel,
        config: geminiLiveConfig(this.settings, this.instructions, this.handle),
      },
      {
        onMessage: (msg) => {
          if (this.leg === leg && this.state !== 'closed') this.handlers.onMessage(msg);
        },
        onMalformed: (detail) => {
          if (this.leg === leg) this.handlers.onMalformed(detail);
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
    this.handlers.onResuming();
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
        this.handlers.onResumed();
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
