// The preload, sandboxed and context-isolated: a pipe only. The page gets exactly `window.sauti.connect()`,
// which asks main for a console port; the port arrives here and is forwarded to the page as a
// `sauti:port` window message (Electron's pattern for MessagePorts in context-isolated pages). No other
// IPC, no Node, no raw ipcRenderer reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { CONNECT_CHANNEL, PORT_CHANNEL, PORT_MESSAGE } from './ipc-channels';

// The preload runs in the page's renderer, but is type-checked with the Node project (no DOM lib).
declare const window: {
  postMessage(message: string, targetOrigin: string, transfer: readonly unknown[]): void;
};

/** What the page sees on `window.sauti` (renderer/src/api/connect-console.ts SautiBridge). */
export interface SautiBridge {
  connect(): void;
}

const bridge: SautiBridge = Object.freeze({
  connect: () => ipcRenderer.send(CONNECT_CHANNEL),
});

ipcRenderer.on(PORT_CHANNEL, (event) => {
  // Posted to this window only (Electron's documented pattern for context-isolated pages uses '*'): the
  // message never leaves this document, whose navigation main blocks, and the page checks its source.
  window.postMessage(PORT_MESSAGE, '*', event.ports);
});

contextBridge.exposeInMainWorld('sauti', bridge);
