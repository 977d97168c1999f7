// The console socket over a real HTTP server on port 0: what it refuses before the handshake, what it
// hands the server's own admission, and the JSON pipe over an admitted socket.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  CONSOLE_SUBPROTOCOL,
  consoleProtocols,
  serveConsoleSockets,
  wsPipe,
  type ConsoleSockets,
} from '../../../bridge/console/console-socket';
import { createSilentLog } from '../../../bridge/base/log';
import { waitFor } from '../../sim/carrier';

let sockets: ConsoleSockets | undefined;
afterEach(async () => {
  await sockets?.close();
  sockets = undefined;
});

/** The HTTP status an upgrade ends with (101 when it opened). */
const upgrade = (port: number, path: string, protocols: string[]) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });

describe('console socket', () => {
  it('refuses other paths and a missing console subprotocol before asking the server', async () => {
    const asked: (string | undefined)[] = [];
    sockets = await serveConsoleSockets(http.createServer(), {
      host: '127.0.0.1',
      port: 0,
      log: createSilentLog(),
      surface: 'console',
      admit: (_req, token) => {
        asked.push(token);
        return { ok: true, identity: null };
      },
      open: () => undefined,
    });
    expect(await upgrade(sockets.port, '/other', consoleProtocols('tok'))).toBe(404);
    expect(await upgrade(sockets.port, '/console', ['something-else', 'sauti.token.tok'])).toBe(400);
    expect(asked).toEqual([]);
    expect(await upgrade(sockets.port, '/console', ['sauti.token.tok', CONSOLE_SUBPROTOCOL])).toBe(101);
    expect(asked).toEqual(['tok']);
  });

  it("answers a refused admission with the server's status, and opens an admitted one with its identity", async () => {
    const opened: string[] = [];
    sockets = await serveConsoleSockets(http.createServer(), {
      host: '127.0.0.1',
      port: 0,
      log: createSilentLog(),
      surface: 'console',
      admit: (_req, token) =>
        token === 'good'
          ? { ok: true, identity: `agent-of-${token}` }
          : { ok: false, status: token ? 403 : 401, text: token ? 'Forbidden' : 'Unauthorized' },
      open: (_ws, identity) => opened.push(identity),
    });
    expect(await upgrade(sockets.port, '/console', [CONSOLE_SUBPROTOCOL])).toBe(401);
    expect(await upgrade(sockets.port, '/console', consoleProtocols('bad'))).toBe(403);
    expect(opened).toEqual([]);
    const ws = new WebSocket(`ws://127.0.0.1:${sockets.port}/console`, consoleProtocols('good'));
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).toBe(CONSOLE_SUBPROTOCOL);
    expect(opened).toEqual(['agent-of-good']);
    ws.close();
  });

  it('carries JSON text frames both ways, drops binary and non-JSON frames, and ends sockets on close', async () => {
    const heard: unknown[] = [];
    sockets = await serveConsoleSockets(http.createServer(), {
      host: '127.0.0.1',
      port: 0,
      log: createSilentLog(),
      surface: 'console',
      admit: () => ({ ok: true, identity: null }),
      open: (ws) => {
        const pipe = wsPipe(ws, createSilentLog());
        pipe.onMessage((m) => {
          heard.push(m);
          pipe.send({ echo: m });
        });
      },
    });
    const ws = new WebSocket(`ws://127.0.0.1:${sockets.port}/console`, consoleProtocols('t'));
    await new Promise((resolve) => ws.once('open', resolve));
    const reply = new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send('not json');
    ws.send(JSON.stringify({ n: 1 }));
    expect(await reply).toEqual({ echo: { n: 1 } });
    expect(heard).toEqual([{ n: 1 }]);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await sockets.close();
    sockets = undefined;
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('carries binary frames both ways as binary, in order with the JSON messages', async () => {
    let pipe: ReturnType<typeof wsPipe> | undefined;
    const fromConsole: number[][] = [];
    sockets = await serveConsoleSockets(http.createServer(), {
      host: '127.0.0.1',
      port: 0,
      log: createSilentLog(),
      surface: 'console',
      admit: () => ({ ok: true, identity: null }),
      open: (ws) => {
        pipe = wsPipe(ws, createSilentLog());
        pipe.onBinary((frame) => fromConsole.push([...frame]));
      },
    });
    const ws = new WebSocket(`ws://127.0.0.1:${sockets.port}/console`, consoleProtocols('t'));
    const heard: Array<{ binary: boolean; data: string }> = [];
    ws.on('message', (data, isBinary) =>
      heard.push({
        binary: isBinary,
        data: isBinary ? Buffer.from(data as Buffer).toString('hex') : String(data),
      }),
    );
    await new Promise((resolve) => ws.once('open', resolve));
    await waitFor(() => pipe !== undefined, 10_000);
    // A frame that sits inside a larger buffer goes as exactly its own bytes.
    const slab = Uint8Array.from([0xee, 1, 2, 3, 0xee]);
    pipe!.send({ n: 1 });
    pipe!.sendBinary(slab.subarray(1, 4));
    pipe!.send({ n: 2 });
    await waitFor(() => heard.length === 3, 10_000);
    expect(heard).toEqual([
      { binary: false, data: '{"n":1}' },
      { binary: true, data: '010203' },
      { binary: false, data: '{"n":2}' },
    ]);
    ws.send(Uint8Array.from([9, 8]), { binary: true });
    await waitFor(() => fromConsole.length === 1, 10_000);
    expect(fromConsole).toEqual([[9, 8]]);
    ws.close();
  });
});
