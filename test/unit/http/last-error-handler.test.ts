import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { lastErrorHandler } from '../../../bridge/http/last-error-handler';
import { captureLog } from '../../harness/capture-log';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(app: express.Express): Promise<string> {
  server = http.createServer(app);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function appWith(log: ReturnType<typeof captureLog>['log']): express.Express {
  const app = express();
  app.get('/boom', () => {
    throw new Error('secret internals at /home/me/app.ts:12');
  });
  app.get('/refused', () => {
    throw Object.assign(new Error('too big'), { status: 413, code: 'BODY_TOO_BIG' });
  });
  app.get('/half', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial ');
    throw new Error('failed mid-answer');
  });
  app.get('/odd', () => {
    throw 'a string, not an Error' as unknown as Error;
  });
  app.use(lastErrorHandler(log));
  return app;
}

describe('lastErrorHandler', () => {
  it('answers a thrown error 500 in plain text, without the stack, and logs a code', async () => {
    const captured = captureLog();
    const base = await serve(appWith(captured.log));
    const res = await fetch(`${base}/boom?t=secret-token`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toBe('Internal Server Error\n');
    expect(captured.lines).toEqual([
      expect.objectContaining({ code: 'HTTP_UNHANDLED_ERROR', path: '/boom', msg: 'public request failed' }),
    ]);
    expect(captured.text()).not.toContain('secret-token');
  });

  it('keeps a client error status and the error’s own code', async () => {
    const captured = captureLog();
    const base = await serve(appWith(captured.log));
    const res = await fetch(`${base}/refused`);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('Payload Too Large\n');
    expect(captured.lines[0]).toMatchObject({ code: 'BODY_TOO_BIG', status: 413 });
  });

  it('cuts a response already under way, and survives a thrown non-Error', async () => {
    const base = await serve(appWith(captureLog().log));
    await expect(fetch(`${base}/half`).then((r) => r.text())).rejects.toThrow();
    const odd = await fetch(`${base}/odd`);
    expect(odd.status).toBe(500);
    expect((await fetch(`${base}/refused`)).status).toBe(413);
  });
});
