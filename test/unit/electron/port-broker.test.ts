import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({
  MessageChannelMain: class {
    constructor() {
      throw new Error('tests inject their own channel');
    }
  },
}));

import { createCore } from '../../../bridge/core';
import { loadConfig } from '../../../bridge/config/config';
import { createSilentLog } from '../../../bridge/base/log';
import { CONNECT_CHANNEL, PORT_CHANNEL } from '../../../electron/ipc-channels';
import { registerPortBroker } from '../../../electron/port-broker';
import { APP_ORIGIN, isTrustedAppUrl } from '../../../electron/trusted-url';
import { captureLog } from '../../harness/capture-log';

/** Two entangled fake MessagePortMain ends, delivering asynchronously like the real ones. */
class FakePort extends EventEmitter {
  other: FakePort | null = null;
  started = false;
  closed = false;
  postMessage(data: unknown) {
    const other = this.other;
    if (this.closed || !other || other.closed) return;
    const copy = structuredClone(data);
    setImmediate(() => other.emit('message', { data: copy, ports: [] }));
  }
  start() {
    this.started = true;
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    const other = this.other;
    if (other && !other.closed) {
      other.closed = true;
      other.emit('close');
    }
  }
}

function fakeChannel() {
  const port1 = new FakePort();
  const port2 = new FakePort();
  port1.other = port2;
  port2.other = port1;
  return { port1, port2 };
}

class FakeContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeContents.nextId++;
  readonly mainFrame: { url: string; parent: null };
  readonly posted: Array<{ channel: string; ports: FakePort[] }> = [];
  constructor(url: string) {
    super();
    this.mainFrame = { url, parent: null };
  }
  postMessage(channel: string, _message: unknown, ports: FakePort[]) {
    this.posted.push({ channel, ports });
  }
}

function setup(options: { own?: (c: FakeContents) => boolean } = {}) {
  const ipcMain = new EventEmitter();
  const attach = vi.fn((pipe: { onClose(l: () => void): void }) => {
    const detach = vi.fn();
    pipe.onClose(detach);
    return detach;
  });
  const captured = captureLog();
  const channels: Array<ReturnType<typeof fakeChannel>> = [];
  const unregister = registerPortBroker({
    ipcMain: ipcMain as never,
    isTrustedUrl: (url) => isTrustedAppUrl(url, APP_ORIGIN),
    isOwnWindow: (c) => (options.own ? options.own(c as unknown as FakeContents) : true),
    attach: attach as never,
    log: captured.log,
    createChannel: () => {
      const ch = fakeChannel();
      channels.push(ch);
      return ch as never;
    },
  });
  const connect = (contents: FakeContents, frame: unknown = contents.mainFrame, ...args: unknown[]) =>
    ipcMain.emit(CONNECT_CHANNEL, { sender: contents, senderFrame: frame }, ...args);
  return { ipcMain, attach, captured, channels, unregister, connect };
}

describe('port broker', () => {
  it('hands the trusted main frame a port attached to the core', () => {
    const { attach, connect, channels } = setup();
    const contents = new FakeContents('sauti://console/index.html');
    connect(contents);
    expect(attach).toHaveBeenCalledTimes(1);
    expect(contents.posted).toHaveLength(1);
    expect(contents.posted[0]!.channel).toBe(PORT_CHANNEL);
    expect(contents.posted[0]!.ports).toEqual([channels[0]!.port2]);
  });

  it.each([
    ['a page of another origin', 'http://127.0.0.1:8081/', 'untrusted page'],
    ['a file page', 'file:///tmp/x.html', 'untrusted page'],
    ['a data page', 'data:text/html,hi', 'untrusted page'],
  ])('refuses %s and logs it', (_what, url, reason) => {
    const { attach, connect, captured } = setup();
    const contents = new FakeContents(url);
    connect(contents);
    expect(attach).not.toHaveBeenCalled();
    expect(contents.posted).toHaveLength(0);
    const line = captured.lines.find((l) => l.code === 'SHELL_IPC_SENDER_REFUSED');
    expect(line).toMatchObject({ reason, level: 40 });
  });

  it('refuses a subframe even when it shows the app URL', () => {
    const { attach, connect, captured } = setup();
    const contents = new FakeContents('sauti://console/index.html');
    connect(contents, { url: 'sauti://console/index.html', parent: contents.mainFrame });
    expect(attach).not.toHaveBeenCalled();
    expect(captured.lines.find((l) => l.code === 'SHELL_IPC_SENDER_REFUSED')).toMatchObject({
      reason: 'not the main frame',
    });
  });

  it('refuses a frame that is gone, a window that is not ours, and a request with a payload', () => {
    const ours = new FakeContents('sauti://console/index.html');
    const stranger = new FakeContents('sauti://console/index.html');
    const { attach, connect, captured } = setup({ own: (c) => c === ours });
    connect(ours, null);
    connect(stranger);
    connect(ours, ours.mainFrame, { sneaky: true });
    expect(attach).not.toHaveBeenCalled();
    expect(captured.lines.map((l) => l.reason ?? l.code)).toEqual([
      'the sending frame is gone',
      'not one of our windows',
      'SHELL_IPC_BAD_PAYLOAD',
    ]);
  });

  it('closes the old console when the window asks again (reload) and when it is destroyed', () => {
    const { attach, connect, channels } = setup();
    const contents = new FakeContents('sauti://console/index.html');
    connect(contents);
    connect(contents);
    expect(attach).toHaveBeenCalledTimes(2);
    const firstDetach = attach.mock.results[0]!.value as ReturnType<typeof vi.fn>;
    const secondDetach = attach.mock.results[1]!.value as ReturnType<typeof vi.fn>;
    expect(firstDetach).toHaveBeenCalledTimes(1);
    expect(channels[0]!.port1.closed).toBe(true);
    expect(secondDetach).not.toHaveBeenCalled();
    contents.emit('destroyed');
    expect(secondDetach).toHaveBeenCalledTimes(1);
    expect(channels[1]!.port1.closed).toBe(true);
  });

  it('unregistering stops answering and closes every open console', () => {
    const { ipcMain, attach, connect, unregister } = setup();
    const contents = new FakeContents('sauti://console/index.html');
    connect(contents);
    const detach = attach.mock.results[0]!.value as ReturnType<typeof vi.fn>;
    unregister();
    expect(detach).toHaveBeenCalled();
    expect(ipcMain.listenerCount(CONNECT_CHANNEL)).toBe(0);
  });

  it('carries console commands to the real core over the port', async () => {
    const core = createCore(loadConfig({ port: 0, consolePort: 0 }), {
      log: createSilentLog(),
      consoleServer: false,
    });
    const ipcMain = new EventEmitter();
    const channels: Array<ReturnType<typeof fakeChannel>> = [];
    registerPortBroker({
      ipcMain: ipcMain as never,
      isTrustedUrl: (url) => isTrustedAppUrl(url, APP_ORIGIN),
      isOwnWindow: () => true,
      attach: (pipe) => core.attachConsole(pipe, {}),
      log: createSilentLog(),
      createChannel: () => {
        const ch = fakeChannel();
        channels.push(ch);
        return ch as never;
      },
    });
    const contents = new FakeContents('sauti://console/index.html');
    ipcMain.emit(CONNECT_CHANNEL, { sender: contents, senderFrame: contents.mainFrame });
    const windowEnd = channels[0]!.port2;
    expect(channels[0]!.port1.started).toBe(true);
    const reply = new Promise<unknown>((resolve) =>
      windowEnd.once('message', (e: { data: unknown }) => resolve(e.data)),
    );
    windowEnd.postMessage({ type: 'cmd', id: 7, name: 'status.get', args: {} });
    await expect(reply).resolves.toMatchObject({
      type: 'res',
      id: 7,
      result: { ok: true, value: { version: expect.any(String) } },
    });
    await core.stop();
  });
});
