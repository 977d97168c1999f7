// The socket side both fake AI services share: a server on port 0 that upgrades the service's path to a
// WebSocket, the open connections, and what tests do to all of them at once (drop, garbage, stop).
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeConnection {
  readonly ws: WebSocket;
}

export interface FakeSocketServerOptions {
  readonly maxPayloadBytes: number;
  /**
   * Looks at an upgrade request: null refuses it (404); otherwise the function that takes the socket
   * once upgraded.
   */
  readonly accept: (req: IncomingMessage) => ((ws: WebSocket) => void) | null;
}

export class FakeSocketServer<C extends FakeConnection> {
  readonly conns = new Set<C>();
  private readonly wss: WebSocketServer;

  /** `server` (http or https) answers plain requests 404 and upgrades what `accept` takes. */
  constructor(
    private readonly server: Server,
    options: FakeSocketServerOptions,
  ) {
    server.on('request', (_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
    server.on('upgrade', (req: IncomingMessage, socket, head) => {
      const onSocket = options.accept(req);
      if (!onSocket) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, onSocket);
    });
    this.wss = wss;
  }

  /** Listens on 127.0.0.1, port 0. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  /** Tracks a connection until its socket closes, then runs `onClose` (its timers, its speech). */
  add(conn: C, onClose: () => void): void {
    this.conns.add(conn);
    conn.ws.on('close', () => {
      onClose();
      this.conns.delete(conn);
    });
  }

  /** Drops every connection without a close frame (the client sees 1006). */
  dropConnections(): void {
    for (const c of this.conns) c.ws.terminate();
  }

  /** Sends raw bytes on every connection (garbage on demand). */
  sendRaw(data: string | Buffer): void {
    for (const c of this.conns) c.ws.send(data);
  }

  async stop(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
