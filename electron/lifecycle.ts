// The desktop app's life: one instance, the core started when Electron is ready, the locked-down window
// on the app scheme, the port broker, tray and notifications; on quit everything is stopped, the core
// last, before the process exits. Main never does SQL or audio itself: that is all in the core.
import {
  app,
  dialog,
  ipcMain,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import {
  realClock,
  configFromEnv,
  loadConfig,
  SautiError,
  explainStartFailure,
  HostRelay,
  leaveHost,
  pairWithHost,
  type Config,
  type StartedCore,
  type Log,
  type SettingsSecrets,
  type SecretCodec,
} from '../bridge/desktop';
import { createAppRequestHandler } from './app-protocol';
import { AttentionTracker } from './attention';
import { contentSecurityPolicy, mediaSocketOrigins } from './content-security-policy';
import { watchConsoleEvents } from './core-events';
import { DesktopConsoles, type DesktopConsolesDeps, type LocalCore } from './desktop-consoles';
import { JoinedTeamFile } from './joined-team-file';
import { restrictPermissions } from './permissions';
import { registerPortBroker } from './port-broker';
import { safeStorageCodec, SecretVault, withSecrets, type SafeStorageLike } from './secrets';
import { createAppTray, type AppTray } from './tray';
import { APP_SCHEME, appLocation, isTrustedAppUrl } from './trusted-url';
import { SQLITE_BINDING_ENV } from './electron-sqlite';
import { createConsoleWindow } from './window';
import { WindowStateFile } from './window-state';

export interface ShellCore extends LocalCore {
  start(): Promise<StartedCore>;
}

/** What the shell hands the core besides its settings: where secrets are kept, sealed with safeStorage. */
export interface ShellCoreExtras {
  readonly settingsSecrets: SettingsSecrets;
  readonly secretCodec: SecretCodec | undefined;
}

export interface ShellDeps {
  readonly createCore: (config: Config, log: Log, extras: ShellCoreExtras) => ShellCore;
  readonly createLog: (config: Config | null) => Log;
  readonly preloadPath: string;
  readonly rendererDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** How long quitting waits for the core to stop before exiting anyway. */
  readonly stopTimeoutMs?: number;
  /** Team mode seams (pairing, leaving, the relay to the host); the real ones when absent. */
  readonly team?: Partial<Pick<DesktopConsolesDeps, 'pair' | 'leaveHost' | 'createRelay'>>;
}

const DEFAULT_STOP_TIMEOUT_MS = 8000;
/** electron-builder.yml appId. */
export const APP_USER_MODEL_ID = 'com.sautikit.console';

/** Must run before Electron is ready: the app scheme is a secure, standard origin (sauti://console). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function settingsFailure(err: unknown): string {
  return err instanceof SautiError
    ? err.message
    : `Settings could not be read: ${err instanceof Error ? err.message : String(err)}`;
}

/** Runs the desktop app; resolves once the window is up (or the app is on its way out). */
export async function runShell(deps: ShellDeps): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    // Another window is already running the core (and owns the ports): it gets focused instead.
    app.quit();
    return;
  }
  registerAppScheme();

  let log = deps.createLog(null);
  let consoles: DesktopConsoles | null = null;
  let window: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  const cleanups: Array<() => void> = [];
  let quitState: 'running' | 'stopping' | 'stopped' = 'running';

  const showWindow = () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const stopEverything = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        cleanup();
      } catch (err) {
        log.warn({ err: String(err) }, 'shell cleanup failed');
      }
    }
    tray?.destroy();
    tray = null;
    if (!consoles) return;
    const stopping = consoles.stop();
    const timeoutMs = deps.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      stopping.then(
        () => 'stopped' as const,
        (err: unknown) => {
          log.error({ code: 'SHELL_CORE_STOP_FAILED', err: String(err) }, 'core did not stop cleanly');
          return 'failed' as const;
        },
      ),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      log.error({ code: 'SHELL_CORE_STOP_TIMEOUT', timeoutMs }, 'core did not stop in time');
    consoles = null;
  };

  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitState === 'stopped') return;
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    log.info('quitting: stopping the core');
    void stopEverything().finally(() => {
      quitState = 'stopped';
      app.quit();
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  // Windows shows notifications only for an app with a user model id (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  await app.whenReady();
  if (quitState !== 'running') return;

  const userData = app.getPath('userData');
  const vault = new SecretVault(userData, safeStorage as SafeStorageLike, log);
  let config: Config;
  try {
    config = loadConfig(withSecrets(configFromEnv(deps.env), vault.load()));
  } catch (err) {
    const message = settingsFailure(err);
    log.error({ code: 'SHELL_BAD_SETTINGS' }, 'cannot start: invalid settings');
    dialog.showErrorBox('Sauti Console cannot start', message);
    app.exit(2);
    return;
  }
  log = deps.createLog(config);
  if (!app.isPackaged && !deps.env[SQLITE_BINDING_ENV]) {
    log.warn(
      { code: 'SHELL_SQLITE_NOT_FOR_ELECTRON' },
      'started without `npm start` / `npm run dev`: the call log addon may be built for Node, not Electron',
    );
  }

  // This computer's own core answers calls, unless it joined another host's team (then main relays
  // the window to that host and no core runs here).
  const cannotStart = (err: unknown) => {
    const message = explainStartFailure(err, config);
    log.error({ code: 'SHELL_CORE_START_FAILED', err: String(err) }, 'cannot start the core');
    dialog.showErrorBox('Sauti Console cannot start', message);
  };
  const startLocal = async () => {
    const core = deps.createCore(config, log, {
      settingsSecrets: vault,
      secretCodec: safeStorageCodec(safeStorage, log),
    });
    try {
      return { core, started: await core.start() };
    } catch (err) {
      await core.stop().catch(() => undefined);
      throw err;
    }
  };
  consoles = new DesktopConsoles({
    log,
    startLocal,
    joined: new JoinedTeamFile(userData, safeStorage as SafeStorageLike, log),
    pair: deps.team?.pair ?? pairWithHost,
    leaveHost: deps.team?.leaveHost ?? ((team) => leaveHost(team)),
    createRelay: deps.team?.createRelay ?? ((team) => new HostRelay({ team, clock: realClock, log })),
    localStartFailed: (err) => {
      cannotStart(err);
      app.quit();
    },
  });
  const desktop = consoles;
  try {
    await desktop.start();
  } catch (err) {
    cannotStart(err);
    await stopEverything();
    quitState = 'stopped';
    app.exit(1);
    return;
  }

  const location = appLocation(deps.env.ELECTRON_RENDERER_URL, app.isPackaged);
  const devServerOrigin = location.origin.startsWith(`${APP_SCHEME}:`) ? undefined : location.origin;
  // The dev phone streams to this computer's own core; a teammate's window connects nowhere but main.
  const csp = () => {
    const local = desktop.local;
    return contentSecurityPolicy({
      connectOrigins: local ? mediaSocketOrigins(local.started.publicUrl, local.started.port) : [],
      devServerOrigin,
    });
  };
  protocol.handle(
    APP_SCHEME,
    createAppRequestHandler({ rendererDir: deps.rendererDir, contentSecurityPolicy: csp }),
  );
  if (devServerOrigin) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      const headers = { ...details.responseHeaders };
      if (isTrustedAppUrl(details.url, devServerOrigin)) headers['Content-Security-Policy'] = [csp()];
      callback({ responseHeaders: headers });
    });
  }
  restrictPermissions(session.defaultSession, location.origin, log);

  cleanups.push(
    registerPortBroker({
      ipcMain,
      isTrustedUrl: (url) => isTrustedAppUrl(url, location.origin),
      isOwnWindow: (contents) => window !== null && !window.isDestroyed() && window.webContents === contents,
      attach: (pipe) => desktop.attachConsole(pipe),
      log,
    }),
  );

  const windowState = WindowStateFile.in(userData, log);
  const state = windowState.load(screen.getAllDisplays().map((d) => d.workArea));
  window = createConsoleWindow({
    preloadPath: deps.preloadPath,
    location,
    bounds: state.bounds,
    maximized: state.maximized,
    openExternal: (url) => void shell.openExternal(url),
    log,
  });
  windowState.track(window);
  window.on('closed', () => {
    window = null;
  });

  try {
    tray = createAppTray({ onShow: showWindow, onQuit: () => app.quit() });
  } catch (err) {
    log.warn(
      { code: 'SHELL_NO_TRAY', err: String(err) },
      'no tray on this desktop: the waiting count shows in the window only',
    );
  }

  const attention = new AttentionTracker();
  cleanups.push(
    watchConsoleEvents(desktop, {
      'queue.changed': (queue) => tray?.setWaiting(queue.waiting),
      'call.changed': (call) => {
        const notice = attention.callChanged(call);
        if (!notice || !Notification.isSupported() || window?.isFocused()) return;
        const n = new Notification({ title: notice.title, body: notice.body });
        n.on('click', showWindow);
        n.show();
      },
      'call.ended': ({ callId }) => attention.callEnded(callId),
    }),
  );

  const local = desktop.local;
  if (local)
    log.info({ publicUrl: local.started.publicUrl, port: local.started.port }, 'desktop console ready');
  else log.info({ host: desktop.joinedTeam?.hostAddress }, 'desktop console ready on a team host');
}
