import { afterEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  exposed: [] as Array<{ key: string; api: unknown }>,
  sent: [] as unknown[][],
  listeners: new Map<string, (event: { ports: unknown[] }, ...args: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.push({ key, api }),
  },
  ipcRenderer: {
    send: (...args: unknown[]) => electron.sent.push(args),
    on: (channel: string, listener: (event: { ports: unknown[] }) => void) =>
      electron.listeners.set(channel, listener),
  },
}));

const posted: unknown[][] = [];
vi.stubGlobal('window', { postMessage: (...args: unknown[]) => posted.push(args) });

afterEach(() => {
  posted.length = 0;
  electron.sent.length = 0;
});

describe('preload', async () => {
  await import('../../../electron/preload');
  const { CONNECT_CHANNEL, PORT_CHANNEL, PORT_MESSAGE } = await import('../../../electron/ipc-channels');

  it('exposes exactly one frozen API, window.sauti, with only connect()', () => {
    expect(electron.exposed).toHaveLength(1);
    const { key, api } = electron.exposed[0]!;
    expect(key).toBe('sauti');
    expect(Object.keys(api as object)).toEqual(['connect']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('connect() asks main for a port on the one channel, with no payload', () => {
    const api = electron.exposed[0]!.api as { connect(...args: unknown[]): void };
    api.connect('ignored', { evil: true });
    expect(electron.sent).toEqual([[CONNECT_CHANNEL]]);
  });

  it('listens to nothing but the port channel and forwards the port to this window', () => {
    expect([...electron.listeners.keys()]).toEqual([PORT_CHANNEL]);
    const port = { fake: 'port' };
    electron.listeners.get(PORT_CHANNEL)!({ ports: [port] });
    expect(posted).toEqual([[PORT_MESSAGE, '*', [port]]]);
  });

  it('names the window message the way the renderer waits for it', async () => {
    // A computed specifier: the renderer belongs to the web tsconfig project, not this one.
    const transport = '../../../renderer/src/api/message-port-transport';
    const renderer = (await import(/* @vite-ignore */ transport)) as { PORT_MESSAGE: string };
    expect(PORT_MESSAGE).toBe(renderer.PORT_MESSAGE);
  });
});
