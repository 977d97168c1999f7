// Which URLs the window may load, and which links may go to the OS browser: small pure checks, so the
// navigation guard, the port broker and the permission handler all ask the same question the same way.

/** The app's own scheme: the built renderer is served from sauti://console/ (see app-protocol.ts). */
export const APP_SCHEME = 'sauti';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Where the window loads from: the electron-vite dev server in development, the app scheme otherwise. */
export interface AppLocation {
  /** The origin every trusted URL must have, e.g. `sauti://console` or `http://localhost:5173`. */
  readonly origin: string;
  readonly entryUrl: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * scheme://host[:port] of a URL. Node's URL reports the origin of a non-special scheme such as
 * sauti: as "null", so it is spelled out here instead of using `URL.origin`.
 */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u || !u.host) return null;
  return `${u.protocol}//${u.host}`;
}

/**
 * The location to load. A dev server URL is trusted only in an unpackaged app and only when it is a
 * loopback http URL (electron-vite's `ELECTRON_RENDERER_URL`); anything else falls back to the app scheme.
 */
export function appLocation(devServerUrl: string | undefined, isPackaged: boolean): AppLocation {
  if (devServerUrl && !isPackaged) {
    const u = parse(devServerUrl);
    if (u && u.protocol === 'http:' && isLoopbackHost(u.hostname) && !u.username && !u.password) {
      return { origin: `${u.protocol}//${u.host}`, entryUrl: u.href };
    }
  }
  return { origin: APP_ORIGIN, entryUrl: APP_ENTRY_URL };
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
}

/** True when `url` belongs to the app itself (same scheme, host and port as the trusted origin). */
export function isTrustedAppUrl(url: string | undefined | null, trustedOrigin: string): boolean {
  if (!url) return false;
  const u = parse(url);
  if (!u || u.username || u.password) return false;
  return originOf(url) === trustedOrigin;
}

/** A link the user may open in the OS browser: plain https without credentials, nothing else. */
export function isExternalLink(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === 'https:' && !u.username && !u.password && u.hostname.length > 0;
}

export type NavigationVerdict = 'allow' | 'open-external' | 'deny';

/** What to do when the page tries to go to `url`: stay in the app, hand it to the OS browser, or refuse. */
export function navigationVerdict(url: string, trustedOrigin: string): NavigationVerdict {
  if (isTrustedAppUrl(url, trustedOrigin)) return 'allow';
  if (isExternalLink(url)) return 'open-external';
  return 'deny';
}
