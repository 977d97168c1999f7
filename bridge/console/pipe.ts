// A two-way message pipe between the core and one console (a MessagePort in Electron, an
// authenticated WebSocket in browser mode, an in-memory pair in tests). The RPC layer never knows which.
// Messages are JSON-shaped values; binary frames (listen-in audio, contract.ts ListenFrameLayout) go
// on their own path, in order with the messages, never inside them.

export interface Pipe {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Sends one binary frame; the sender leaves the bytes unchanged afterwards (they may still be in flight). */
  sendBinary(frame: Uint8Array): void;
  onBinary(listener: (frame: Uint8Array) => void): () => void;
  onClose(listener: () => void): () => void;
  close(): void;
}

/** Two connected in-memory pipes; messages are delivered asynchronously like a real port. */
export function createPipePair(): [Pipe, Pipe] {
  const make = () => ({
    listeners: new Set<(m: unknown) => void>(),
    binaryListeners: new Set<(frame: Uint8Array) => void>(),
    closeListeners: new Set<() => void>(),
    closed: false,
  });
  const a = make();
  const b = make();
  const side = (self: ReturnType<typeof make>, other: ReturnType<typeof make>): Pipe => ({
    send(message) {
      if (self.closed || other.closed) return;
      const copy = structuredClone(message);
      queueMicrotask(() => {
        if (!other.closed) for (const l of other.listeners) l(copy);
      });
    },
    onMessage(listener) {
      self.listeners.add(listener);
      return () => self.listeners.delete(listener);
    },
    sendBinary(frame) {
      if (self.closed || other.closed) return;
      const copy = new Uint8Array(frame);
      queueMicrotask(() => {
        if (!other.closed) for (const l of other.binaryListeners) l(copy);
      });
    },
    onBinary(listener) {
      self.binaryListeners.add(listener);
      return () => self.binaryListeners.delete(listener);
    },
    onClose(listener) {
      self.closeListeners.add(listener);
      return () => self.closeListeners.delete(listener);
    },
    close() {
      for (const s of [self, other]) {
        if (s.closed) continue;
        s.closed = true;
        for (const l of s.closeListeners) l();
      }
    },
  });
  return [side(a, b), side(b, a)];
}
