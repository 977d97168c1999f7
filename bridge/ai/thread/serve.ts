// The AI thread's side: opens model sessions with the providers built here from the settings the main
// thread sends, feeds them the caller's audio, calls their methods, and sends back every event and
// every log line. Written against a port (a worker's parentPort, or a MessageChannel in tests).
import { realClock, type Clock } from '../../base/clock';
import { asSautiError, SautiError } from '../../base/errors';
import { createLog, type Log } from '../../base/log';
import type { Config } from '../../config/config';
import { SESSION_EVENTS, type RealtimeProvider, type RealtimeSession } from '../provider';
import {
  SESSION_LOG_KEY,
  type ErrorData,
  type FromAiThread,
  type FromAiThreadBatch,
  type ToAiThread,
} from './protocol';

export interface AiThreadPort {
  postMessage(message: FromAiThreadBatch, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: ToAiThread) => void): void;
}

export interface ServeAiThreadDeps {
  readonly createProvider: (config: Config) => RealtimeProvider | null;
  readonly clock?: Clock;
}

function errorData(err: unknown): ErrorData {
  const e = asSautiError(err, 'AI_THREAD_ERROR');
  return { code: e.code, message: e.message, retryable: e.retryable };
}

interface Live {
  session: RealtimeSession | null;
  /** The main thread closed it while it was still connecting. */
  closedWith: string | null;
}

export function serveAiThread(port: AiThreadPort, deps: ServeAiThreadDeps): void {
  const clock = deps.clock ?? realClock;
  // Everything for the main thread goes in one message per turn of this thread's event loop (the model
  // sockets that were readable together), in order: fewer messages for the main thread to take in.
  let outbox: FromAiThread[] = [];
  let transfers: ArrayBuffer[] = [];
  const flush = () => {
    const messages = outbox;
    const transfer = transfers;
    outbox = [];
    transfers = [];
    port.postMessage({ messages }, transfer);
  };
  const send = (message: FromAiThread, transfer?: ArrayBuffer[]) => {
    if (outbox.length === 0) setImmediate(flush);
    outbox.push(message);
    if (transfer) transfers.push(...transfer);
  };
  const providers = new Map<string, RealtimeProvider | null>();
  const live = new Map<number, Live>();
  let threadLog: Log | null = null;

  // One logger for the thread (redacting as the app's does); a session's lines carry its id, by which
  // the main thread writes them to that call's log.
  const logFor = (config: Config, id: number): Log => {
    threadLog ??= createLog({
      level: config.logLevel,
      logCallContent: config.logCallContent,
      destination: { write: (line: string) => send({ op: 'log', line }) },
    });
    return threadLog.child({ [SESSION_LOG_KEY]: id });
  };

  const providerFor = (config: Config): RealtimeProvider | null => {
    const key = JSON.stringify(config);
    if (!providers.has(key)) {
      // Settings change rarely; a provider per distinct settings (the old ones serve calls in progress).
      if (providers.size >= 8) providers.delete(providers.keys().next().value!);
      providers.set(key, deps.createProvider(config));
    }
    return providers.get(key)!;
  };

  const connect = async (message: Extract<ToAiThread, { op: 'connect' }>) => {
    const { id, config } = message;
    const entry: Live = { session: null, closedWith: null };
    live.set(id, entry);
    try {
      const provider = providerFor(config);
      if (!provider) throw new SautiError('AI_NOT_CONFIGURED', 'No AI provider is configured');
      const session = await provider.connect({
        callId: message.callId,
        instructions: message.instructions,
        log: logFor(config, id),
        clock,
      });
      if (entry.closedWith !== null) {
        session.close(entry.closedWith);
        live.delete(id);
        return;
      }
      entry.session = session;
      for (const name of SESSION_EVENTS) {
        session.events.on(name, (payload: unknown) => {
          if (name === 'error') {
            send({ op: 'event', id, name, payload: errorData(payload) });
            return;
          }
          if (name === 'close') {
            const { reason, error } = payload as { reason: string; error?: SautiError };
            send({
              op: 'event',
              id,
              name,
              payload: error ? { reason, error: errorData(error) } : { reason },
            });
            live.delete(id);
            return;
          }
          if (name === 'audio') {
            // A copy of just these samples (a decoded chunk may be a view into a larger pooled buffer),
            // handed over without a second copy.
            const pcm = (payload as Int16Array).slice();
            send({ op: 'event', id, name, payload: pcm }, [pcm.buffer]);
            return;
          }
          send({ op: 'event', id, name, payload } as FromAiThread);
        });
      }
      send({
        op: 'connected',
        id,
        provider: session.provider,
        model: session.model,
        capabilities: session.capabilities,
        has: { say: typeof session.say === 'function', listenOnly: typeof session.listenOnly === 'function' },
      });
    } catch (err) {
      live.delete(id);
      send({ op: 'connect-failed', id, error: errorData(err) });
    }
  };

  const call = (message: Extract<ToAiThread, { op: 'call' }>) => {
    const entry = live.get(message.id);
    if (!entry) return;
    if (!entry.session) {
      if (message.method === 'close') entry.closedWith = message.args[0];
      return;
    }
    const session = entry.session;
    switch (message.method) {
      case 'greet':
        return session.greet(...message.args);
      case 'nudge':
        return session.nudge(...message.args);
      case 'truncateHeard':
        return session.truncateHeard(...message.args);
      case 'say':
        return session.say?.(...message.args);
      case 'answerHandoff':
        return session.answerHandoff(...message.args);
      case 'listenOnly':
        return session.listenOnly?.();
      case 'close':
        session.close(...message.args);
        // A session that did not say it closed is forgotten anyway, and the main thread told so.
        if (live.delete(message.id))
          send({
            op: 'event',
            id: message.id,
            name: 'close',
            payload: { reason: message.args[0] },
          });
        return;
    }
  };

  port.on('message', (message) => {
    try {
      switch (message.op) {
        case 'connect':
          void connect(message);
          return;
        case 'audio': {
          const { pcm, index } = message;
          for (let i = 0; i + 2 < index.length; i += 3) {
            const id = index[i]!;
            try {
              live.get(id)?.session?.sendAudio(pcm.subarray(index[i + 1], index[i + 1]! + index[i + 2]!));
            } catch (err) {
              send({ op: 'event', id, name: 'error', payload: errorData(err) });
            }
          }
          return;
        }
        case 'call':
          call(message);
          return;
      }
    } catch (err) {
      // A throw in one session's method fails that session, never the thread (and its other calls).
      const id = message.op === 'audio' ? null : message.id;
      if (id === null || !live.has(id)) {
        threadLog?.error({ err: errorData(err) }, 'AI thread: a message failed');
        return;
      }
      send({ op: 'event', id, name: 'error', payload: errorData(err) });
    }
  });
}
