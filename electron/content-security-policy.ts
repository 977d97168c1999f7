// The window's Content-Security-Policy, sent as a response header on every app page (app-protocol.ts,
// and the dev server through session.webRequest). Scripts only from the app; network only to the app and
// to the media socket the dev phone streams to.

export interface CspOptions {
  /** ws:// or wss:// origins the dev phone may open (the core's public port on loopback, the tunnel). */
  readonly connectOrigins: readonly string[];
  /** The electron-vite dev server needs inline scripts (React refresh preamble) and its HMR socket. */
  readonly devServerOrigin?: string;
}

export function contentSecurityPolicy(options: CspOptions): string {
  const dev = options.devServerOrigin;
  const connect = ["'self'", ...options.connectOrigins];
  if (dev) connect.push(dev.replace(/^http/, 'ws'));
  return [
    "default-src 'none'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The origins of the core's media socket: loopback on the public port (where the dev phone's test call
 * streams) and the public URL's own origin with https→wss, when there is one.
 */
export function mediaSocketOrigins(publicUrl: string | undefined, port: number): string[] {
  const origins = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  if (publicUrl) {
    try {
      const u = new URL(publicUrl);
      if (u.protocol === 'https:' || u.protocol === 'http:') {
        origins.push(`${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`);
      }
    } catch {
      // An unparsable public URL adds nothing: the loopback origins still let the test call work.
    }
  }
  return [...new Set(origins)];
}
