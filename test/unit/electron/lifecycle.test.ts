import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Pipe } from '../../../bridge/console/pipe';
import type { Config } from '../../../bridge/config/config';
import { createSilentLog } from '../../../bridge/base/log';

const fx = vi.hoisted(() => ({
  app: null as unknown as EventEmitter & Record<string, ReturnType<typeof vi.fn> | unknown>,
  ipcMain: null as unknown as EventEmitter,
  windows: [] as Array<EventEmitter & Record<string, unknown>>,
  notifications: [] as Array<{ options: { title: string; body: string }; shown: boolean }>,
  trays: [] as Array<{ tooltip: string }>,
  errorBoxes: [] as Array<[string, string]>,
  handled: [] as string[],
  privileged: [] as unknown[],
  userData: '',
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  fx.app = Object.assign(new Emitter(), {}) as never;
  fx.ipcMain = new Emitter();
  class WebContents extends Emitter {
    id = 1;
    setWindowOpenHandler() {}
  }
  class BrowserWindow extends Emitter {
    webContents = new WebContents();
    focused = false;
    loadURL = vi.fn(() => Promise.resolve());
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
    isMinimized = () => false;
    isDestroyed = () => false;
    isFocused = () => this.focused;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 });
    constructor(public options: Record<string, unknown>) {
      super();
      fx.windows.push(this as never);
    }
  }
  class Tray extends Emitter {
    tooltip = '';
    constructor() {
      super();
      fx.trays.push(this);
    }
    setImage() {}
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setTitle() {}
    setContextMenu() {}
    destroy() {}
  }
  class Notification extends Emitter {
    static isSupported = () => true;
    record: { options: { title: string; body: string }; shown: boolean };
    constructor(options: { title: string; body: string }) {
      super();
      this.record = { options, shown: false };
      fx.notifications.push(this.record);
    }
    show() {
      this.record.shown = true;
    }
  }
  return {
    app: fx.app,
    ipcMain: fx.ipcMain,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromBitmap: () => ({}) },
    dialog: { showErrorBox: (title: string, body: string) => fx.errorBoxes.push([title, body]) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => fx.privileged.push(s),
      handle: (scheme: string) => fx.handled.push(scheme),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    shell: { openExternal: vi.fn() },
    MessageChannelMain: class {},
  };
});

import { runShell, type ShellCore } from '../../../electron/lifecycle';

function resetApp(options: { lock?: boolean } = {}) {
  const app = fx.app;
  app.removeAllListeners();
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  Object.assign(app, {
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    quit: vi.fn(() => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      app.emit('before-quit', event);
      if (!event.defaultPrevented) (app as unknown as { quitted: boolean }).quitted = true;
    }),
    exit: vi.fn(),
    whenReady: () => whenReady,
    getPath: () => fx.userData,
    isPackaged: true,
    setBadgeCount: vi.fn(),
    quitted: false,
  });
  return { ready };
}

/** attachConsole of a console that answers the tray's queue.get with `waiting` callers; keeps each pipe. */
function queueAnswering(pipes: Pipe[], waiting: number) {
  return vi.fn((pipe: Pipe) => {
    pipes.push(pipe);
    pipe.onMessage((m) => {
      const msg = m as { type: string; id: number; name: string };
      if (msg.type === 'cmd' && msg.name === 'queue.get')
        pipe.send({ type: 'res', id: msg.id, result: { ok: true, value: { waiting, longestWaitMs: 0 } } });
    });
    return () => undefined;
  });
}

function fakeCore(options: { startFails?: boolean; stopMs?: number } = {}) {
  const pipes: Pipe[] = [];
  const core = {
    started: false,
    stopped: false,
    pipes,
    start: vi.fn(async () => {
      if (options.startFails)
        throw Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:8080'), {
          code: 'EADDRINUSE',
          port: 8080,
        });
      core.started = true;
      return { publicUrl: 'https://abc.ngrok.app', port: 8080, consoleUrl: null, consolePort: null };
    }),
    stop: vi.fn(async () => {
      await new Promise((r) => setTimeout(r, options.stopMs ?? 5));
      core.stopped = true;
    }),
    attachConsole: queueAnswering(pipes, 0),
  };
  return core;
}

async function boot(env: NodeJS.ProcessEnv = {}, core = fakeCore(), lock = true) {
  const { ready } = resetApp({ lock });
  const createCore = vi.fn((_config: Config) => core as unknown as ShellCore);
  const running = runShell({
    createCore,
    createLog: () => createSilentLog(),
    preloadPath: '/app/out/preload/preload.cjs',
    rendererDir: '/app/out/renderer',
    env: { PORT: '0', ...env },
    stopTimeoutMs: 2000,
  });
  ready();
  await running;
  return { core, createCore };
}

const flush = () => new Promise((r) => setTimeout(r, 20));

beforeEach(() => {
  fx.userData = mkdtempSync(path.join(os.tmpdir(), 'sauti-shell-'));
  fx.windows.length = 0;
  fx.notifications.length = 0;
  fx.trays.length = 0;
  fx.errorBoxes.length = 0;
  fx.handled.length = 0;
  fx.ipcMain.removeAllListeners();
});
afterEach(() => rmSync(fx.userData, { recursive: true, force: true }));

describe('main lifecycle', () => {
  it('leaves when another instance holds the lock, without starting a core', async () => {
    const { createCore } = await boot({}, fakeCore(), false);
    expect(fx.app.quit).toHaveBeenCalled();
    expect(createCore).not.toHaveBeenCalled();
    expect(fx.windows).toHaveLength(0);
  });

  it('on ready starts the core from the environment, serves the app scheme and opens the locked window', async () => {
    const { core, createCore } = await boot({ GEMINI_API_KEY: 'from-env', BUSINESS_NAME: 'Duka' });
    expect(fx.privileged).toContainEqual([
      { scheme: 'sauti', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(createCore).toHaveBeenCalledTimes(1);
    expect(createCore.mock.calls[0]![0]).toMatchObject({ geminiApiKey: 'from-env', businessName: 'Duka' });
    expect(core.start).toHaveBeenCalled();
    expect(fx.handled).toEqual(['sauti']);
    const win = fx.windows[0]!;
    expect((win.options as { webPreferences: Record<string, unknown> }).webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(win.loadURL).toHaveBeenCalledWith('sauti://console/index.html');
    expect(fx.ipcMain.listenerCount('sauti:connect')).toBe(1);
  });

  it('gives the core the secrets stored with safeStorage, under the environment', async () => {
    const { SecretVault } = await import('../../../electron/secrets');
    const electron = await import('electron');
    const vault = new SecretVault(fx.userData, electron.safeStorage as never, createSilentLog());
    vault.save('openaiApiKey', 'sk-stored');
    vault.save('geminiApiKey', 'stored-gemini');
    const { createCore } = await boot({ GEMINI_API_KEY: 'env-gemini' });
    expect(createCore.mock.calls[0]![0]).toMatchObject({
      openaiApiKey: 'sk-stored',
      geminiApiKey: 'env-gemini',
    });
    // Keys set later from the window go to the same safeStorage vault; generated secrets are sealed too.
    const extras = (createCore.mock.calls[0] as unknown[])[2] as {
      settingsSecrets: { save(k: string, v: string): void };
      secretCodec: { encrypt(s: string): Buffer; decrypt(b: Buffer): string } | undefined;
    };
    extras.settingsSecrets.save('webhookSecret', 'whsec_from_window');
    expect(
      new SecretVault(fx.userData, electron.safeStorage as never, createSilentLog()).load(),
    ).toMatchObject({
      webhookSecret: 'whsec_from_window',
    });
    expect(extras.secretCodec!.decrypt(extras.secretCodec!.encrypt('lan-key'))).toBe('lan-key');
  });

  it('focuses the existing window when a second instance starts', async () => {
    await boot();
    fx.app.emit('second-instance');
    expect(fx.windows[0]!.show).toHaveBeenCalled();
    expect(fx.windows[0]!.focus).toHaveBeenCalled();
  });

  it('stops the core before quitting, and quits once it has stopped', async () => {
    const { core } = await boot({}, fakeCore({ stopMs: 50 }));
    (fx.app.quit as () => void)();
    expect(core.stop).toHaveBeenCalledTimes(1);
    expect((fx.app as unknown as { quitted: boolean }).quitted).toBe(false);
    (fx.app.quit as () => void)();
    expect(core.stop).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect((fx.app as unknown as { quitted: boolean }).quitted).toBe(true));
    expect(core.stopped).toBe(true);
    expect(fx.ipcMain.listenerCount('sauti:connect')).toBe(0);
  });

  it('quits when the window is closed', async () => {
    const { core } = await boot();
    fx.app.emit('window-all-closed');
    await vi.waitFor(() => expect(core.stopped).toBe(true));
  });

  it('says why when the core cannot start, and exits', async () => {
    await boot({}, fakeCore({ startFails: true }));
    expect(fx.errorBoxes[0]![1]).toMatch(/Port 8080 is already in use.*set PORT/);
    expect(fx.app.exit).toHaveBeenCalledWith(1);
    expect(fx.windows).toHaveLength(0);
  });

  it('names the bad setting and exits without starting a core', async () => {
    const { createCore } = await boot({ PORT: 'not-a-port' });
    expect(fx.errorBoxes[0]![1]).toMatch(/PORT/);
    expect(fx.app.exit).toHaveBeenCalledWith(2);
    expect(createCore).not.toHaveBeenCalled();
  });

  it('shows the queue in the tray and notifies new calls when the window is not in front', async () => {
    const { core } = await boot();
    const shellPipe = core.pipes[0]!;
    shellPipe.send({ type: 'evt', name: 'queue.changed', data: { waiting: 2, longestWaitMs: 5000 } });
    await flush();
    expect(fx.trays[0]!.tooltip).toBe('Sauti Console — 2 callers waiting');
    const call = {
      callId: 'c1',
      from: '+254712345678',
      to: '+254700000000',
      phase: 'streaming',
      activity: 'idle',
      startedAt: 0,
      provider: 'gemini',
      levels: { inboundDbfs: -90, outboundDbfs: -90 },
    };
    shellPipe.send({ type: 'evt', name: 'call.changed', data: call });
    await flush();
    expect(fx.notifications.map((n) => [n.options.title, n.shown])).toEqual([['New call', true]]);
    (fx.windows[0] as unknown as { focused: boolean }).focused = true;
    shellPipe.send({
      type: 'evt',
      name: 'call.changed',
      data: { ...call, phase: 'escalating', escalationReason: 'caller-asked' },
    });
    await flush();
    expect(fx.notifications).toHaveLength(1);
  });
});

describe('main lifecycle on a team (issue 8)', () => {
  const team = {
    hostAddress: 'https://192.168.1.20:8443',
    hostName: 'amina-laptop',
    agentId: 'ag-7',
    token: 'sat_token_for_the_relay_only',
    certPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    fingerprint: 'cd'.repeat(32),
  };

  async function bootJoined() {
    const { JoinedTeamFile } = await import('../../../electron/joined-team-file');
    const electron = await import('electron');
    new JoinedTeamFile(fx.userData, electron.safeStorage as never, createSilentLog()).save(team);
    const relayed: Pipe[] = [];
    const relay = {
      closed: false,
      attachConsole: queueAnswering(relayed, 3),
      close: vi.fn(() => void (relay.closed = true)),
    };
    const createRelay = vi.fn(() => relay);
    const { ready } = resetApp();
    const createCore = vi.fn(() => fakeCore() as unknown as ShellCore);
    const running = runShell({
      createCore,
      createLog: () => createSilentLog(),
      preloadPath: '/app/out/preload/preload.cjs',
      rendererDir: '/app/out/renderer',
      env: { PORT: '0' },
      stopTimeoutMs: 2000,
      team: { createRelay },
    });
    ready();
    await running;
    return { relay, relayed, createRelay, createCore };
  }

  it('starts no core (no public listener, no number routing) and shows the host’s console', async () => {
    const { createCore, createRelay, relayed } = await bootJoined();
    expect(createCore).not.toHaveBeenCalled();
    expect(createRelay).toHaveBeenCalledWith(team);
    expect(fx.windows).toHaveLength(1);
    expect(fx.ipcMain.listenerCount('sauti:connect')).toBe(1);
    // Main's own view (tray, notifications) is relayed too: the tray counts the host's queue.
    expect(relayed).toHaveLength(1);
    await flush();
    expect(fx.trays[0]!.tooltip).toBe('Sauti Console — 3 callers waiting');
  });

  it('closes the relay when quitting', async () => {
    const { relay } = await bootJoined();
    (fx.app.quit as () => void)();
    await vi.waitFor(() => expect((fx.app as unknown as { quitted: boolean }).quitted).toBe(true));
    expect(relay.closed).toBe(true);
  });
});
