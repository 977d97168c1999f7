import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Array<{ options: Record<string, unknown>; win: unknown }>);

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
  }
  class BrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    loadURL = vi.fn(() => Promise.resolve());
    show = vi.fn();
    maximize = vi.fn();
    constructor(options: Record<string, unknown>) {
      super();
      created.push({ options, win: this });
    }
  }
  return { BrowserWindow };
});

import { createConsoleWindow, guardNavigation, secureWebPreferences } from '../../../electron/window';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../electron/trusted-url';
import { captureLog } from '../../harness/capture-log';

type Contents = EventEmitter & { openHandler: ((d: { url: string }) => { action: string }) | null };

function navigation(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() };
}

describe('window security', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('locks the page down: isolation, sandbox, no Node, no webview', () => {
    const prefs = secureWebPreferences('/app/out/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('creates the window with those preferences, loads the app and shows it when ready', () => {
    const { log } = captureLog();
    const win = createConsoleWindow({
      preloadPath: '/p.cjs',
      location: { origin: APP_ORIGIN, entryUrl: APP_ENTRY_URL },
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
      maximized: true,
      openExternal: vi.fn(),
      log,
    }) as unknown as EventEmitter & {
      loadURL: ReturnType<typeof vi.fn>;
      show: ReturnType<typeof vi.fn>;
      maximize: ReturnType<typeof vi.fn>;
    };
    const options = created[0]!.options;
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(win.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.maximize).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
  });

  describe('navigation guard', () => {
    function guarded() {
      const contents = new (class extends EventEmitter {
        openHandler: ((d: { url: string }) => { action: string }) | null = null;
        setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
          this.openHandler = h;
        }
      })() as Contents & { setWindowOpenHandler(h: unknown): void };
      const openExternal = vi.fn();
      const captured = captureLog();
      guardNavigation(contents as never, { trustedOrigin: APP_ORIGIN, openExternal, log: captured.log });
      return { contents, openExternal, captured };
    }

    it('lets the app navigate within itself', () => {
      const { contents, openExternal } = guarded();
      const nav = navigation('sauti://console/index.html#/history');
      contents.emit('will-frame-navigate', nav);
      expect(nav.preventDefault).not.toHaveBeenCalled();
      expect(openExternal).not.toHaveBeenCalled();
    });

    it('refuses other pages and logs it', () => {
      const { contents, openExternal, captured } = guarded();
      for (const url of ['http://127.0.0.1:8081/', 'file:///etc/passwd', 'javascript:alert(1)']) {
        const nav = navigation(url);
        contents.emit('will-frame-navigate', nav);
        expect(nav.preventDefault).toHaveBeenCalled();
      }
      const redirect = navigation('http://evil.example/');
      contents.emit('will-redirect', redirect);
      expect(redirect.preventDefault).toHaveBeenCalled();
      expect(openExternal).not.toHaveBeenCalled();
      expect(captured.lines.filter((l) => l.code === 'SHELL_NAVIGATION_BLOCKED')).toHaveLength(4);
    });

    it('sends https links to the system browser instead of the window', () => {
      const { contents, openExternal } = guarded();
      const nav = navigation('https://sautikit.com/developers');
      contents.emit('will-frame-navigate', nav);
      expect(nav.preventDefault).toHaveBeenCalled();
      expect(openExternal).toHaveBeenCalledWith('https://sautikit.com/developers');
      const sub = navigation('https://sautikit.com/frame', false);
      contents.emit('will-frame-navigate', sub);
      expect(sub.preventDefault).toHaveBeenCalled();
      expect(openExternal).toHaveBeenCalledTimes(1);
    });

    it('denies every window.open, opening only https links outside', () => {
      const { contents, openExternal, captured } = guarded();
      expect(contents.openHandler!({ url: 'https://sautikit.com/' })).toEqual({ action: 'deny' });
      expect(contents.openHandler!({ url: 'sauti://console/index.html' })).toEqual({ action: 'deny' });
      expect(contents.openHandler!({ url: 'http://evil.example/' })).toEqual({ action: 'deny' });
      expect(openExternal).toHaveBeenCalledTimes(1);
      expect(captured.lines.filter((l) => l.code === 'SHELL_WINDOW_OPEN_BLOCKED')).toHaveLength(2);
    });

    it('refuses webviews', () => {
      const { contents } = guarded();
      const event = { preventDefault: vi.fn() };
      contents.emit('will-attach-webview', event, {}, {});
      expect(event.preventDefault).toHaveBeenCalled();
    });
  });
});
