// One window attached to the core, as a feature sees it: who it is, a key for what the window holds
// (a call on its headset), and where its binary frames go (listen-in audio, the agent's voice).
import type { EventName, Events } from '../api/contract';
import type { ConsoleIdentity } from './permissions';

/** A window's binary sink: each frame is sent as it is (the sender never touches it again). */
export type ConsoleSink = (frame: Uint8Array) => void;

export interface ConsoleSession {
  readonly identity: ConsoleIdentity;
  /** Stands for this window in a feature's own maps; dropped when the window closes. */
  readonly key: object;
  readonly sink: ConsoleSink;
}

/** Sends an event to every open window. */
export type Broadcast = <E extends EventName>(name: E, data: Events[E]) => void;
