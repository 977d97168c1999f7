// Just enough of Electron's main-process API for the built main bundle to run under plain Node, with a
// scripted window: once the app is ready it fetches the page through the app scheme handler, asks for a
// console port like the preload does and sends one command on it. Everything is reported on stderr as
// `[stand-in] {json}` lines for the test to read.
import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';

const report = (what, data = {}) => process.stderr.write(`[stand-in] ${JSON.stringify({ what, ...data })}\n`);

const schemes = new Map();

/** MessagePortMain over a worker_threads port: 'message' events carry { data, ports }. */
class PortMain extends EventEmitter {
  constructor(port) {
    super();
    this.port = port;
    port.on('message', (data) => this.emit('message', { data, ports: [] }));
    port.on('close', () => this.emit('close'));
  }
  postMessage(message) {
    this.port.postMessage(message);
  }
  start() {
    this.port.start();
  }
  close() {
    this.port.close();
  }
}

export class MessageChannelMain {
  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new PortMain(port1);
    this.port2 = new PortMain(port2);
  }
}

async function scriptedWindow(contents) {
  const handler = schemes.get('sauti');
  const page = await handler(new Request(contents.mainFrame.url));
  report('page', {
    status: page.status,
    csp: page.headers.get('content-security-policy'),
    html: (await page.text()).slice(0, 200),
  });
  contents.postMessage = (channel, _message, ports) => {
    const port = ports[0];
    port.on('message', ({ data }) => {
      // Main first tells the window where its console is (link.changed); the reply comes after.
      if (data?.type === 'evt') return report('event', { name: data.name, state: data.data?.state });
      report('reply', { channel, data });
      port.close();
    });
    port.start();
    port.postMessage({ type: 'cmd', id: 1, name: 'status.get', args: {} });
  };
  ipcMain.emit('sauti:connect', { sender: contents, senderFrame: contents.mainFrame });
  const stranger = { url: 'https://evil.example/', parent: null };
  ipcMain.emit('sauti:connect', { sender: contents, senderFrame: stranger });
}

export const app = Object.assign(new EventEmitter(), {
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.STAND_IN_USER_DATA,
  isPackaged: false,
  quit() {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    app.emit('before-quit', event);
    if (!event.defaultPrevented) {
      report('quit');
      process.exit(0);
    }
  },
  exit(code) {
    report('exit', { code });
    process.exit(code);
  },
  setBadgeCount: () => undefined,
  setAppUserModelId: () => undefined,
});

export const protocol = {
  registerSchemesAsPrivileged: (schemes_) => report('privileged', { schemes: schemes_ }),
  handle: (scheme, handler) => schemes.set(scheme, handler),
};
export const ipcMain = new EventEmitter();
export const dialog = { showErrorBox: (title, body) => report('error-box', { title, body }) };
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(s, 'utf8').reverse(),
  decryptString: (b) => Buffer.from(b).reverse().toString('utf8'),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const session = {
  defaultSession: {
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    webRequest: { onHeadersReceived: () => undefined },
  },
};
export const shell = { openExternal: () => undefined };

class WebContents extends EventEmitter {
  id = 1;
  mainFrame = { url: '', parent: null };
  setWindowOpenHandler() {}
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    report('window', { webPreferences: options.webPreferences });
  }
  loadURL(url) {
    this.webContents.mainFrame.url = url;
    report('load', { url });
    // The page loads in a later turn, as in Electron: main has its window in hand by then.
    setImmediate(() => void scriptedWindow(this.webContents));
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isFocused() {
    return false;
  }
  isMinimized() {
    return false;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1200, height: 800 };
  }
  isMaximized() {
    return false;
  }
  show() {}
  focus() {}
}

export class Tray extends EventEmitter {
  setImage() {}
  setToolTip(tooltip) {
    report('tray', { tooltip });
  }
  setTitle() {}
  setContextMenu() {}
  destroy() {}
}
export const Menu = { buildFromTemplate: (template) => template };
export const nativeImage = { createFromBitmap: () => ({}) };
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  show() {}
}
