// The public surface on one port (what the tunnel and Sautikit reach): the webhook router over HTTP,
// the media WebSocket on /media, every other upgrade refused, bounded request and header times, and the
// last error handler that never lets a fault reach the carrier as a stack trace.
import http from 'node:http';
import express from 'express';
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import { attachMediaServer, type MediaServer, type MediaServerOptions } from '../media/server';
import { refuseOtherUpgrades } from '../reachability/public-surface';
import { limitConnections, PUBLIC_CONNECTION_LIMITS } from '../http/connection-limits';
import { lastErrorHandler } from '../http/last-error-handler';

export interface PublicServer {
  readonly port: number;
  /** http://127.0.0.1:port — the server as this computer reaches it (test calls, the self test). */
  readonly loopbackUrl: string;
  close(): Promise<void>;
}

export interface PublicServerOptions {
  readonly host: string;
  readonly port: number;
  readonly clock: Clock;
  readonly log: Log;
  readonly webhooks: express.Router;
  readonly media: Pick<MediaServerOptions, 'tokenSecret' | 'admit' | 'onStream'>;
}

export async function startPublicServer(o: PublicServerOptions): Promise<PublicServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(o.webhooks);
  app.use((_req, res) => res.status(404).type('text/plain').send('not found\n'));
  app.use(lastErrorHandler(o.log));
  const server = http.createServer(app);
  // Per-address caps, header and idle timeouts (a tunnel's connections all come from loopback).
  limitConnections(server, {
    surface: 'public',
    log: o.log,
    clock: o.clock,
    limits: PUBLIC_CONNECTION_LIMITS,
  });
  const media: MediaServer = attachMediaServer(server, {
    path: '/media',
    clock: o.clock,
    log: o.log,
    ...o.media,
  });
  refuseOtherUpgrades(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return {
    port,
    loopbackUrl: `http://127.0.0.1:${port}`,
    async close() {
      await media.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
