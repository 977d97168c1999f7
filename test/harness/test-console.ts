// A console attached to a test app's core over an in-memory pipe, as a window would be, or on a console
// WebSocket (a teammate's): commands by name (`console.cmd('agents.list', {})`) and every event it was sent.
import type { WebSocket } from 'ws';
import { wsPipe } from '../../bridge/console/console-socket';
import type {
  CallDetail,
  CommandArgs,
  CommandName,
  CommandResult,
  EventName,
  Events,
  Result,
  WireMessage,
} from '../../bridge/api/contract';
import { createPipePair, type Pipe } from '../../bridge/console/pipe';
import { createSilentLog } from '../../bridge/base/log';
import type { TestApp } from './app';

export class TestConsole {
  readonly events: { name: EventName; data: unknown }[] = [];
  /** Binary frames the core sent this console (listen-in, headset audio), in order. */
  readonly frames: Uint8Array[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Result<unknown>) => void>();
  private readonly ui: Pipe;

  /**
   * `on` a test app: attached to its core (with `agentId`, as that teammate's console); `on` a pipe: the
   * console's end of a pipe a core already serves.
   */
  constructor(on: Pick<TestApp, 'core'> | Pipe, agentId?: string) {
    if ('core' in on) {
      const [core, ui] = createPipePair();
      on.core.attachConsole(core, { agentId });
      this.ui = ui;
    } else this.ui = on;
    this.ui.onBinary((frame) => this.frames.push(frame));
    this.ui.onMessage((m) => {
      const msg = m as WireMessage;
      if (msg.type === 'res') this.waiting.get(msg.id)?.(msg.result);
      else if (msg.type === 'evt') this.events.push({ name: msg.name as EventName, data: msg.data });
    });
  }

  /** A console on a WebSocket open to a core's console socket (a teammate's, a browser's). */
  static overSocket(ws: WebSocket): TestConsole {
    return new TestConsole(wsPipe(ws, createSilentLog()));
  }

  /** Sends a binary frame as a window does (a headset's microphone). */
  sendBinary(frame: Uint8Array): void {
    this.ui.sendBinary(frame);
  }

  /** Closes this console's pipe (the window went away). */
  close(): void {
    this.ui.close();
  }

  /** Sends a command; resolves with its value, rejects with its `{code, message}`. */
  cmd<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Awaited<CommandResult<N>>> {
    return this.result(name, args).then((r) => (r.ok ? r.value : Promise.reject(r.error)));
  }

  /** Sends a command; resolves with its result as it came back: `{ ok, value }` or `{ ok, error }`. */
  result<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Result<Awaited<CommandResult<N>>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, (r) => resolve(r as Result<Awaited<CommandResult<N>>>));
      this.ui.send({ type: 'cmd', id, name, args });
    });
  }

  /** The call's record once the log has it ended (with an outcome): polls, rejects after `timeoutMs`. */
  async endedCall(callId: string, timeoutMs: number): Promise<CallDetail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const detail = await this.cmd('history.detail', { callId }).catch(() => undefined);
      if (detail?.call.outcome) return detail;
      if (Date.now() > deadline) throw new Error(`call ${callId} never ended in the log`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  last<E extends EventName>(name: E): Events[E] | undefined {
    return this.events.findLast((e) => e.name === name)?.data as Events[E] | undefined;
  }
}
