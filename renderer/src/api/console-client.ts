// The typed face of the console API for the whole UI: `call` a command and get its result (or a
// ConsoleError), `on` an event, `onListenAudio` the listen-in audio (binary frames, decoded here; a
// malformed frame is dropped). It matches responses to requests by id and never knows the transport.
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  EventName,
  Events,
  ListenAudio,
  Result,
  WireMessage,
} from './contract';
import type { Transport, TransportStatus } from './transport';
import { ConsoleError } from './console-error';
import { decodeListenFrame, encodeListenFrame } from '../../../bridge/api/listen-frame';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** setTimeout / clearTimeout, for the client's command timeouts and the transports' reconnects. */
export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ConsoleClientOptions {
  readonly commandTimeoutMs?: number;
  readonly timers?: Timers;
}

interface Pending {
  readonly name: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: ConsoleError) => void;
  readonly timer: unknown;
}

export interface ConsoleClient {
  call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>>;
  on<E extends EventName>(name: E, listener: (data: Events[E]) => void): () => void;
  /** Call audio this console asked for: listen-in (`call.listen`), and the caller on this window's headset. */
  onListenAudio(listener: (audio: ListenAudio) => void): () => void;
  /** This window's headset microphone for `callId` (16 kHz PCM): sent at once, dropped when not connected. */
  sendAudio(callId: string, pcm: Int16Array): void;
  onStatus(listener: (status: TransportStatus) => void): () => void;
  readonly status: TransportStatus;
  close(): void;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;
/**
 * What a window a team host revoked may still ask: to leave the team, which the desktop app's main
 * process answers itself (electron/desktop-consoles.ts) over a port that is still open.
 */
const ALLOWED_WHEN_REVOKED: ReadonlySet<CommandName> = new Set<CommandName>(['team.leave']);

export function createConsoleClient(transport: Transport, options: ConsoleClientOptions = {}): ConsoleClient {
  const timers = options.timers ?? realTimers;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(data: never) => void>>();
  const audioListeners = new Set<(audio: ListenAudio) => void>();
  let nextId = 1;

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    timers.clear(p.timer);
    return p;
  };

  const offMessage = transport.onMessage((raw) => {
    const m = raw as Partial<WireMessage> | null;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'res' && typeof m.id === 'number') {
      const p = settle(m.id);
      const result = (m as { result?: Result<unknown> }).result;
      if (!p || !result) return;
      if (result.ok) p.resolve(result.value);
      else p.reject(new ConsoleError(result.error));
    } else if (m.type === 'evt' && typeof m.name === 'string') {
      const data = (m as { data?: unknown }).data;
      for (const fn of listeners.get(m.name) ?? []) (fn as (d: unknown) => void)(data);
    }
  });

  const offBinary = transport.onBinary((frame) => {
    if (audioListeners.size === 0) return;
    const audio = decodeListenFrame(frame);
    if (!audio) return;
    for (const fn of [...audioListeners]) fn(audio);
  });

  // A dropped transport never answers the commands in flight: fail them now rather than at their timeout.
  const offStatus = transport.onStatus((status) => {
    if (status === 'open') return;
    for (const id of [...pending.keys()]) {
      settle(id)?.reject(
        new ConsoleError({
          code: 'CONSOLE_DISCONNECTED',
          message: 'Lost the connection to the console',
          retryable: true,
        }),
      );
    }
  });

  return {
    call(name, args) {
      const sendable =
        transport.status === 'open' || (transport.status === 'revoked' && ALLOWED_WHEN_REVOKED.has(name));
      if (!sendable) {
        return Promise.reject(
          new ConsoleError({
            code: 'CONSOLE_DISCONNECTED',
            message: 'Not connected to the console',
            retryable: true,
          }),
        );
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = timers.set(() => {
          settle(id)?.reject(
            new ConsoleError({
              code: 'CONSOLE_TIMEOUT',
              message: `The console did not answer ${name} in time`,
              retryable: true,
            }),
          );
        }, timeoutMs);
        pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject, timer });
        transport.send({ type: 'cmd', id, name, args });
      });
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (data: never) => void);
      return () => set.delete(listener as (data: never) => void);
    },
    onListenAudio(listener) {
      audioListeners.add(listener);
      return () => audioListeners.delete(listener);
    },
    sendAudio(callId, pcm) {
      if (transport.status === 'open')
        transport.sendBinary(encodeListenFrame(callId, 'outbound', pcm).buffer);
    },
    onStatus: (listener) => transport.onStatus(listener),
    get status() {
      return transport.status;
    },
    close() {
      offMessage();
      offBinary();
      offStatus();
      transport.close();
    },
  };
}
