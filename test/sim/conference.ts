// Conference rooms for the Sautikit simulator: a named room starts when a participant with
// startOnEnter joins; a participant leaving with endOnExit ends the room for everyone.

interface Participant {
  readonly callId: string;
  readonly startOnEnter: boolean;
  readonly endOnExit: boolean;
  readonly joinedAtMs: number;
  readonly removed: () => void;
}

export class ConferenceRoom {
  readonly participants = new Map<string, Participant>();
  startedAtMs: number | null = null;
  /** Everyone who was ever in the room, in order. */
  readonly history: string[] = [];

  constructor(readonly name: string) {}

  get started(): boolean {
    return this.startedAtMs !== null;
  }

  has(callId: string): boolean {
    return this.participants.has(callId);
  }
}

export class ConferenceRooms {
  readonly rooms = new Map<string, ConferenceRoom>();

  /** Joins `callId` to the room; resolves when it is removed (left, room ended, or aborted). */
  join(
    name: string,
    callId: string,
    opts: { startOnEnter: boolean; endOnExit: boolean },
    signal: AbortSignal,
  ): Promise<void> {
    let room = this.rooms.get(name);
    if (!room) {
      room = new ConferenceRoom(name);
      this.rooms.set(name, room);
    }
    const r = room;
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => this.leave(name, callId);
      r.participants.set(callId, { callId, ...opts, joinedAtMs: Date.now(), removed: done });
      r.history.push(callId);
      if (opts.startOnEnter && !r.started) r.startedAtMs = Date.now();
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  leave(name: string, callId: string): void {
    const room = this.rooms.get(name);
    const p = room?.participants.get(callId);
    if (!room || !p) return;
    room.participants.delete(callId);
    p.removed();
    if (p.endOnExit && room.started) {
      for (const other of [...room.participants.values()]) {
        room.participants.delete(other.callId);
        other.removed();
      }
    }
    if (room.participants.size === 0) this.rooms.delete(name);
  }

  /** The room `callId` is in, if any. */
  roomOf(callId: string): ConferenceRoom | undefined {
    for (const room of this.rooms.values()) if (room.has(callId)) return room;
    return undefined;
  }

  /** Whether two calls are talking in the same started room. */
  together(a: string, b: string): boolean {
    const room = this.roomOf(a);
    return !!room && room.started && room.has(b);
  }
}
