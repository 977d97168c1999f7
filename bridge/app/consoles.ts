// The windows attached to this core (the desktop window over MessagePorts, a browser over the loopback
// socket, teammates over the team link): each gets the features' commands, its binary frames routed,
// and the status bar pushed when something it shows changes; events go to all of them.
import type { EventName, Events } from '../api/contract';
import type { Log } from '../base/log';
import type { ConsoleIdentity } from '../console/permissions';
import type { Pipe } from '../console/pipe';
import { serveRpc, type Handlers, type RpcServer } from '../console/rpc';
import type { ConsoleSession } from '../console/session';

/** What the features give one window. */
export interface ConsoleWiring {
  readonly handlers: Handlers;
  /** A binary frame from the window (a headset's microphone); false when nobody took it. */
  readonly frame: (frame: Uint8Array) => boolean;
  /** The window went away. */
  readonly closed: () => void;
}

export interface ConsolesDeps {
  readonly log: Log;
  readonly wire: (session: ConsoleSession) => ConsoleWiring;
}

export class Consoles {
  private readonly open = new Set<RpcServer>();
  private readonly statusWatchers = new Set<() => void>();

  constructor(private readonly deps: ConsolesDeps) {}

  get count(): number {
    return this.open.size;
  }

  readonly broadcast = <E extends EventName>(name: E, data: Events[E]): void => {
    for (const rpc of this.open) rpc.emit(name, data);
  };

  /** Something the status bar shows changed: every window gets its own view of it. */
  readonly statusChanged = (): void => {
    for (const send of this.statusWatchers) send();
  };

  attach(pipe: Pipe, identity: ConsoleIdentity): () => void {
    // Listen-in and headset audio go as binary frames on the same pipe, in order with the messages.
    const session: ConsoleSession = { identity, key: {}, sink: (frame) => pipe.sendBinary(frame) };
    const wiring = this.deps.wire(session);
    const rpc = serveRpc(pipe, wiring.handlers, this.deps.log, identity, wiring.frame);
    this.open.add(rpc);
    const sendStatus = () => {
      void Promise.resolve(wiring.handlers['status.get']({})).then((view) =>
        rpc.emit('status.changed', view),
      );
    };
    this.statusWatchers.add(sendStatus);
    let attached = true;
    const detach = () => {
      if (!attached) return;
      attached = false;
      this.statusWatchers.delete(sendStatus);
      wiring.closed();
      rpc.close();
      this.open.delete(rpc);
    };
    pipe.onClose(detach);
    return detach;
  }

  closeAll(): void {
    for (const rpc of this.open) rpc.close();
    this.open.clear();
  }
}
