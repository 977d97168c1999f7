// Keeps the chosen tunnel up and says how it is doing, in plain words: connecting → online at https://…
// → lost (reconnecting, with backoff) → error. Every change goes to the log and out as a status event;
// a new URL is announced separately so what derives from it (<Stream url>, the number's routing) follows.
import { backoffDelayMs, type Backoff } from '../base/backoff';
import type { Clock, TimerHandle } from '../base/clock';
import { Emitter } from '../base/emitter';
import { asSautiError } from '../base/errors';
import type { Log } from '../base/log';
import type { TunnelProvider, TunnelSession, TunnelTarget } from './provider';

/** Reopening a tunnel that ended or failed: 1 s doubling to a minute, ±20 % (laptops not in step). */
const RECONNECT: Backoff = { firstMs: 1000, maxMs: 60_000, jitter: 0.2 };

export type TunnelState = 'off' | 'connecting' | 'online' | 'lost' | 'error';

export interface TunnelStatus {
  readonly provider: TunnelProvider['name'] | 'none';
  readonly state: TunnelState;
  readonly url?: string;
  /** Plain words for the window and the log. */
  readonly message: string;
  readonly code?: string;
  /** When the next attempt happens (state 'lost'). */
  readonly retryInMs?: number;
  readonly sinceMs: number;
}

export interface TunnelSupervisorEvents extends Record<string, unknown> {
  status: TunnelStatus;
  /** The public URL changed (first time online, or a quick tunnel restarted with a new one). */
  url: { url: string; previous: string | null };
}

export class TunnelSupervisor {
  readonly events = new Emitter<TunnelSupervisorEvents>();
  private current: TunnelStatus;
  private session: TunnelSession | null = null;
  private offSession: (() => void) | null = null;
  private retry: TimerHandle | undefined;
  private attempt = 0;
  private generation = 0;
  private lastUrl: string | null = null;

  constructor(
    private readonly provider: TunnelProvider,
    private readonly target: TunnelTarget,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.current = { provider: provider.name, state: 'off', message: 'Tunnel off', sinceMs: clock.epochMs() };
  }

  get status(): TunnelStatus {
    return this.current;
  }

  get url(): string | null {
    return this.current.state === 'online' ? (this.current.url ?? null) : null;
  }

  start(): void {
    if (this.current.state !== 'off' && this.current.state !== 'error') return;
    this.attempt = 0;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.generation++;
    this.clock.clearTimeout(this.retry);
    this.retry = undefined;
    await this.dropSession();
    this.set({ state: 'off', message: 'Tunnel off' });
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.set({ state: 'connecting', message: `Connecting ${label(this.provider.name)}…` });
    let session: TunnelSession;
    try {
      session = await this.provider.open(this.target);
    } catch (err) {
      if (generation !== this.generation) return;
      const e = asSautiError(err, 'TUNNEL_FAILED', 'The tunnel could not start');
      if (e.retryable) this.scheduleRetry(e.message, e.code);
      else this.set({ state: 'error', message: e.message, code: e.code });
      return;
    }
    if (generation !== this.generation) {
      await session.close();
      return;
    }
    this.session = session;
    this.attempt = 0;
    this.offSession = session.onEvent((event) => {
      if (generation !== this.generation) return;
      switch (event.kind) {
        case 'lost':
          this.set({
            state: 'lost',
            url: session.url,
            message: `Connection to ${label(this.provider.name)} lost: reconnecting…`,
            code: 'TUNNEL_LOST',
          });
          return;
        case 'restored':
          this.online(event.url);
          return;
        case 'ended':
          void this.dropSession().then(() => {
            if (generation === this.generation)
              this.scheduleRetry(`The tunnel stopped (${event.reason})`, 'TUNNEL_ENDED');
          });
          return;
      }
    });
    this.online(session.url);
  }

  private online(url: string): void {
    this.set({ state: 'online', url, message: `Online at ${url}` });
    if (url !== this.lastUrl) {
      const previous = this.lastUrl;
      this.lastUrl = url;
      this.events.emit('url', { url, previous });
    }
  }

  private scheduleRetry(reason: string, code: string): void {
    const delay = backoffDelayMs(RECONNECT, this.attempt++);
    this.set({
      state: 'lost',
      message: `${reason}. Trying again in ${Math.ceil(delay / 1000)} s.`,
      code,
      retryInMs: delay,
    });
    this.clock.clearTimeout(this.retry);
    const generation = this.generation;
    this.retry = this.clock.setTimeout(() => {
      this.retry = undefined;
      if (generation === this.generation) void this.connect();
    }, delay);
  }

  private async dropSession(): Promise<void> {
    this.offSession?.();
    this.offSession = null;
    const s = this.session;
    this.session = null;
    await s?.close().catch(() => undefined);
  }

  private set(next: Omit<TunnelStatus, 'provider' | 'sinceMs'>): void {
    this.current = { provider: this.provider.name, sinceMs: this.clock.epochMs(), ...next };
    const fields = {
      provider: this.provider.name,
      state: next.state,
      url: next.url,
      code: next.code,
      retryInMs: next.retryInMs,
    };
    if (next.state === 'error') this.log.error(fields, 'tunnel failed');
    else if (next.state === 'lost') this.log.warn(fields, 'tunnel lost');
    else this.log.info(fields, 'tunnel status');
    this.events.emit('status', this.current);
  }
}

function label(name: TunnelProvider['name']): string {
  return name === 'ngrok' ? 'to ngrok' : name === 'cloudflare' ? 'a Cloudflare quick tunnel' : 'your own URL';
}
