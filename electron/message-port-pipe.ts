// The console Pipe over one Electron MessagePortMain: structured clones both ways, no JSON, and a close
// that fires for either end going away.
import type { MessagePortMain } from 'electron';
import type { Pipe } from '../bridge/api/pipe';

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
  port.on('close', fireClose);
  return {
    send(message) {
      if (!closed) port.postMessage(message);
    },
    onMessage(listener) {
      const handler = (event: Electron.MessageEvent) => listener(event.data);
      port.on('message', handler);
      // Messages queue until start(), so nothing the window sends before the first listener is lost.
      if (!started) {
        started = true;
        port.start();
      }
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
