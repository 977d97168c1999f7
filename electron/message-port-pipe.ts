// The console Pipe over one Electron MessagePortMain: structured clones both ways, no JSON, and a close
// that fires for either end going away. A binary frame (listen-in audio) travels as an ArrayBuffer of
// exactly the frame's bytes: a Node Buffer is a view into a shared slab, and cloning a view clones its
// whole buffer. It is cloned, not transferred: MessagePortMain transfers only ports (electron#37565 —
// an ArrayBuffer in its transfer list crashed main before the fix, and is refused since), and the bytes
// cross into the window's process as a copy either way.
import type { MessagePortMain } from 'electron';
import type { Pipe } from '../bridge/desktop';

/** The frame's bytes in an ArrayBuffer of their own (the frame's own when it already is exactly that). */
export function ownArrayBuffer(frame: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = frame;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  // A copy of its own (Buffer#slice would be a view into the same slab).
  return new Uint8Array(frame).buffer;
}

export function messagePortPipe(port: MessagePortMain): Pipe {
  const closeListeners = new Set<() => void>();
  let closed = false;
  let started = false;
  const fireClose = () => {
    if (closed) return;
    closed = true;
    for (const listener of [...closeListeners]) listener();
    closeListeners.clear();
  };
  // Messages queue until start(), so nothing the window sends before the first listener is lost.
  const startOnce = () => {
    if (started) return;
    started = true;
    port.start();
  };
  port.on('close', fireClose);
  return {
    send(message) {
      if (!closed) port.postMessage(message);
    },
    onMessage(listener) {
      const handler = (event: Electron.MessageEvent) => {
        if (!isBinary(event.data)) listener(event.data);
      };
      port.on('message', handler);
      startOnce();
      return () => port.off('message', handler);
    },
    sendBinary(frame) {
      if (!closed) port.postMessage(ownArrayBuffer(frame));
    },
    onBinary(listener) {
      const handler = (event: Electron.MessageEvent) => {
        const data: unknown = event.data;
        if (data instanceof ArrayBuffer) listener(new Uint8Array(data));
        else if (ArrayBuffer.isView(data))
          listener(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      };
      port.on('message', handler);
      startOnce();
      return () => port.off('message', handler);
    },
    onClose(listener) {
      if (closed) {
        listener();
        return () => undefined;
      }
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      if (closed) return;
      port.close();
      fireClose();
    },
  };
}

function isBinary(data: unknown): boolean {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}
