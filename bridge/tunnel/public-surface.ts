// The public surface: the only paths the tunnel (and Sautikit) may reach on this laptop. HTTP paths are
// the webhook router's; WebSocket upgrades are allowed on /media only — any other upgrade (for example
// someone trying /console through the tunnel) is answered 404 at once instead of being left hanging.
import type http from 'node:http';
import type { Duplex } from 'node:stream';

export const PUBLIC_HTTP_PATHS = [
  '/voice',
  '/handoff',
  '/dial-status',
  '/agent-leg',
  '/voicemail',
  '/stream-status',
  '/events',
  '/healthz',
] as const;
export const PUBLIC_UPGRADE_PATHS = ['/media'] as const;

export function refuseOtherUpgrades(server: http.Server): void {
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    const pathname = new URL(req.url ?? '/', 'http://public').pathname;
    if ((PUBLIC_UPGRADE_PATHS as readonly string[]).includes(pathname)) return;
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
}
