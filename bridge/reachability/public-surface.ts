// The public surface: the only paths the tunnel (and Sautikit) may reach on this laptop. HTTP paths are
// the webhook router's; WebSocket upgrades are allowed on /media only — any other upgrade (for example
// someone trying /console through the tunnel) is answered 404 at once instead of being left hanging, and
// an upgrade whose request-target does not parse is answered 400.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { parseRequestTarget } from '../http/request-target';

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
    const target = parseRequestTarget(req.url);
    if (target && (PUBLIC_UPGRADE_PATHS as readonly string[]).includes(target.pathname)) return;
    socket.on('error', () => socket.destroy());
    socket.end(
      target
        ? 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
        : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
    );
  });
}
