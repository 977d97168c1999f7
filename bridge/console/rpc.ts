// The one dispatcher between a console pipe and the command handlers: every command is validated at
// the edge against its schema, then against who the console is (permissions.ts); results and errors
// cross as data ({ ok, value } / { ok, error }).
import type { Log } from '../base/log';
import { SautiError } from '../base/errors';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  EventName,
  Events,
  Result,
  WireMessage,
} from '../api/contract';
import { permissionRefusal, type ConsoleIdentity } from './permissions';
import type { Pipe } from './pipe';
import { badArgsMessage, commandSchemas } from '../api/schemas';

export type Handlers = {
  [N in CommandName]: (args: CommandArgs<N>) => CommandResult<N> | Promise<CommandResult<N>>;
};

export interface RpcServer {
  /** Sends an event to this console. */
  emit<E extends EventName>(name: E, data: Events[E]): void;
  close(): void;
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandSchemas, name);
}

/**
 * Serves one console: `identity` is who it is (the host's own console: no agentId). `binary` takes the
 * console's binary frames (a headset's microphone); it answers false for a frame it does not want.
 */
export function serveRpc(
  pipe: Pipe,
  handlers: Handlers,
  log: Log,
  identity: ConsoleIdentity,
  binary: (frame: Uint8Array) => boolean = () => false,
): RpcServer {
  const reply = (id: number, result: Result<unknown>) =>
    pipe.send({ type: 'res', id, result } satisfies WireMessage);

  const offMessage = pipe.onMessage((message) => {
    const m = message as Partial<{ type: string; id: number; name: string; args: unknown }>;
    if (m?.type !== 'cmd' || typeof m.id !== 'number' || typeof m.name !== 'string') {
      log.warn('console sent a malformed message: ignored');
      return;
    }
    const id = m.id;
    if (!isCommandName(m.name)) {
      reply(id, { ok: false, error: { code: 'API_UNKNOWN_COMMAND', message: `Unknown command ${m.name}` } });
      return;
    }
    const name = m.name;
    const parsed = commandSchemas[name].safeParse(m.args ?? {});
    if (!parsed.success) {
      reply(id, { ok: false, error: { code: 'API_BAD_ARGS', message: badArgsMessage(name, parsed.error) } });
      return;
    }
    const refused = permissionRefusal(name, parsed.data as CommandArgs<typeof name>, identity);
    if (refused) {
      log.warn({ code: refused.code, command: name, agentId: identity.agentId }, 'console command refused');
      reply(id, { ok: false, error: { code: refused.code, message: refused.message } });
      return;
    }
    const handler = handlers[name] as (args: unknown) => unknown;
    Promise.resolve()
      .then(() => handler(parsed.data))
      .then(
        (value) => reply(id, { ok: true, value }),
        (err: unknown) => {
          const e = err instanceof SautiError ? err : new SautiError('API_INTERNAL', 'The command failed');
          if (!(err instanceof SautiError))
            log.error({ err: String(err), command: name }, 'console command failed');
          reply(id, {
            ok: false,
            error: {
              code: e.code,
              message: e.message,
              retryable: e.retryable,
              ...(e.fields ? { fields: e.fields } : {}),
            },
          });
        },
      );
  });

  // A console sends commands, and audio only while it holds a call on its headset: any other binary
  // frame is ignored, said once per console (the rest counted).
  let binaryIgnored = 0;
  const offBinary = pipe.onBinary((frame) => {
    if (binary(frame)) return;
    if (binaryIgnored++ === 0)
      log.warn(
        { code: 'API_BINARY_FROM_CONSOLE', bytes: frame.length },
        'console sent a binary frame: ignored',
      );
  });

  return {
    emit(name, data) {
      pipe.send({ type: 'evt', name, data } satisfies WireMessage);
    },
    close() {
      offMessage();
      offBinary();
      if (binaryIgnored > 1)
        log.warn({ code: 'API_BINARY_FROM_CONSOLE', frames: binaryIgnored }, 'console binary frames ignored');
    },
  };
}
