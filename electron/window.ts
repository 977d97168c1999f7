// The console window and its security settings: context isolation, the sandbox, no Node in the page,
// a preload that only brokers the console pipe, and every navigation or new window checked by
// trusted-url.ts (in-app URLs stay, https links go to the OS browser, everything else is refused).
import { BrowserWindow, type Rectangle, type WebContents, type WebPreferences } from 'electron';
import type { Log } from '../bridge/desktop';
import { isExternalLink, navigationVerdict, originOf, type AppLocation } from './trusted-url';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export interface NavigationGuardOptions {
  readonly trustedOrigin: string;
  readonly openExternal: (url: string) => void;
  readonly log: Log;
}

/** Keeps a window on the app: checked on every frame navigation, redirect and window.open. */
export function guardNavigation(contents: WebContents, options: NavigationGuardOptions): void {
  const { trustedOrigin, openExternal, log } = options;
  const check = (details: { url: string; isMainFrame: boolean; preventDefault(): void }, what: string) => {
    const verdict = navigationVerdict(details.url, trustedOrigin);
    if (verdict === 'allow') return;
    details.preventDefault();
    if (verdict === 'open-external' && details.isMainFrame) {
      log.info({ origin: originOf(details.url) }, 'link opened in the system browser');
      openExternal(details.url);
      return;
    }
    log.warn({ code: 'SHELL_NAVIGATION_BLOCKED', what, origin: originOf(details.url) }, 'navigation blocked');
  };
  contents.on('will-frame-navigate', (details) => check(details, 'navigate'));
  contents.on('will-redirect', (details) => check(details, 'redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) {
      log.info({ origin: originOf(url) }, 'link opened in the system browser');
      openExternal(url);
    } else {
      log.warn({ code: 'SHELL_WINDOW_OPEN_BLOCKED', origin: originOf(url) }, 'window.open blocked');
    }
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn({ code: 'SHELL_WEBVIEW_BLOCKED' }, 'webview blocked');
  });
}

export interface ConsoleWindowOptions {
  readonly preloadPath: string;
  readonly location: AppLocation;
  readonly bounds: Partial<Rectangle>;
  readonly maximized: boolean;
  readonly openExternal: (url: string) => void;
  readonly log: Log;
}

export const MIN_WIDTH_PX = 960;
export const MIN_HEIGHT_PX = 600;

export function createConsoleWindow(options: ConsoleWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options.bounds,
    minWidth: MIN_WIDTH_PX,
    minHeight: MIN_HEIGHT_PX,
    show: false,
    title: 'Sauti Console',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  guardNavigation(win.webContents, {
    trustedOrigin: options.location.origin,
    openExternal: options.openExternal,
    log: options.log,
  });
  win.once('ready-to-show', () => {
    if (options.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(options.location.entryUrl).catch((err: unknown) => {
    options.log.error({ code: 'SHELL_LOAD_FAILED', err: String(err) }, 'the console page did not load');
  });
  return win;
}
