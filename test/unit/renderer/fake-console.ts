// A console client for renderer tests: commands answered by handlers the test gives (or refused as
// unavailable), every call recorded, events and connection status pushed by the test.
import type { TransportStatus } from '../../../renderer/src/api/transport';
import type { ConsoleClient } from '../../../renderer/src/api/console-client';
import { ConsoleError } from '../../../renderer/src/api/console-error';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  EventName,
  Events,
  ListenAudio,
  LiveCall,
} from '../../../renderer/src/api/contract';

type Handler<N extends CommandName> = (args: CommandArgs<N>) => CommandResult<N> | Promise<CommandResult<N>>;

export class FakeConsole implements ConsoleClient {
  status: TransportStatus = 'open';
  readonly sent: { name: CommandName; args: unknown }[] = [];
  private readonly handlers = new Map<CommandName, Handler<CommandName>>();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly statusListeners = new Set<(s: TransportStatus) => void>();
  private readonly audioListeners = new Set<(audio: ListenAudio) => void>();
  /** Audio this window sent (a headset's microphone), in order. */
  readonly sentAudio: { callId: string; samples: number }[] = [];

  sendAudio(callId: string, pcm: Int16Array): void {
    this.sentAudio.push({ callId, samples: pcm.length });
  }

  handle<N extends CommandName>(name: N, handler: Handler<N>): this {
    this.handlers.set(name, handler as unknown as Handler<CommandName>);
    return this;
  }

  fail(name: CommandName, code: string, message: string): this {
    this.handlers.set(name, () => {
      throw new ConsoleError({ code, message });
    });
    return this;
  }

  call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
    this.sent.push({ name, args });
    const h = this.handlers.get(name) as Handler<N> | undefined;
    if (!h)
      return Promise.reject(
        new ConsoleError({ code: 'API_UNAVAILABLE', message: `${name} is not available` }),
      );
    return Promise.resolve().then(() => h(args));
  }

  /** The arguments of every call of one command, in order. */
  argsOf<N extends CommandName>(name: N): CommandArgs<N>[] {
    return this.sent.filter((s) => s.name === name).map((s) => s.args as CommandArgs<N>);
  }

  on<E extends EventName>(name: E, listener: (data: Events[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (d: unknown) => void);
    return () => set.delete(listener as (d: unknown) => void);
  }

  emit<E extends EventName>(name: E, data: Events[E]): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) fn(data);
  }

  onListenAudio(listener: (audio: ListenAudio) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  /** Plays the part of the core sending listen-in audio (already decoded, as the client hands it on). */
  hear(audio: ListenAudio): void {
    for (const fn of [...this.audioListeners]) fn(audio);
  }

  listenerCount(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }

  onStatus(listener: (s: TransportStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  setStatus(s: TransportStatus): void {
    this.status = s;
    for (const fn of [...this.statusListeners]) fn(s);
  }

  close(): void {
    this.setStatus('closed');
  }
}

/** Lets queued promise callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

export function liveCall(over: Partial<LiveCall> = {}): LiveCall {
  return {
    callId: 'CA1',
    from: '+254712345678',
    to: '+254709000000',
    phase: 'ai',
    activity: 'idle',
    startedAt: 1_700_000_000_000,
    provider: 'gemini',
    levels: { inboundDbfs: -100, outboundDbfs: -100 },
    ...over,
  };
}
