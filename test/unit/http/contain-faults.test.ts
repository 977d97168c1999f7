// A fault in a request or upgrade handler, over a real server on port 0: the client gets a 500 (or a
// closed socket once a handshake went out), the log gets a code and frames but not the message, and
// the server goes on serving. Without the wrappers each of these throws is an uncaught exception.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { containRequest, containUpgrade } from '../../../bridge/http/contain-faults';
import { captureLog } from '../../harness/capture-log';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const listen = async (s: http.Server) => {
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};

/** How an upgrade ended: 101 when it opened, the HTTP status when refused, or 'closed' (1006). */
const upgrade = (port: number, path: string) =>
  new Promise<number | string>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    ws.once('open', () => ws.once('close', (code) => resolve(`closed ${code}`)));
    ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });

describe('contained connection handlers', () => {
  it('answer 500 for a throw or a rejection, cut a started response, and keep serving', async () => {
    const captured = captureLog();
    const port = await listen(
      http.createServer(
        containRequest(captured.log, 'team', async (req, res) => {
          if (req.url === '/sync') throw new Error('secret-token-123 in a message');
          if (req.url === '/async') {
            await Promise.resolve();
            throw new Error('later');
          }
          if (req.url === '/late') {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.write('partial');
            throw new Error('after headers');
          }
          res.end('ok');
        }),
      ),
    );
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/sync`)).status).toBe(500);
    expect((await fetch(`${base}/async`)).status).toBe(500);
    await expect(fetch(`${base}/late`).then((r) => r.text())).rejects.toThrow();
    expect(await (await fetch(`${base}/ok`)).text()).toBe('ok');
    const faults = captured.lines.filter((l) => l.code === 'HTTP_HANDLER_FAULT');
    expect(faults).toHaveLength(3);
    expect(faults[0]).toMatchObject({ surface: 'team', kind: 'request', errName: 'Error' });
    expect(captured.text()).not.toContain('secret-token-123');
  });

  it('refuse an upgrade whose handler throws with 500, and close one that throws after the handshake', async () => {
    const captured = captureLog();
    const wss = new WebSocketServer({ noServer: true });
    const s = http.createServer();
    s.on(
      'upgrade',
      containUpgrade(captured.log, 'console', (req, socket, head) => {
        if (req.url === '/before') throw new Error('admit failed');
        wss.handleUpgrade(req, socket, head, () => {
          if (req.url === '/after') throw new Error('open failed');
        });
      }),
    );
    const port = await listen(s);
    expect(await upgrade(port, '/before')).toBe(500);
    expect(await upgrade(port, '/after')).toBe('closed 1006');
    const ok = new WebSocket(`ws://127.0.0.1:${port}/fine`);
    await new Promise((r) => ok.once('open', r));
    ok.terminate();
    expect(captured.lines.filter((l) => l.code === 'HTTP_HANDLER_FAULT')).toHaveLength(2);
    wss.close();
  });
});
