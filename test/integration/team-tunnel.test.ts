// The public surface through a tunnel, over real sockets: a stand-in for the tunnel's edge (a TCP
// forwarder to the one address a provider is given) proves the console API is not reachable through
// it, and "Test my setup" walks every hop from the outside in.
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONSOLE_SUBPROTOCOL } from '../../bridge/console/console-socket';
import type { TunnelView } from '../../bridge/api/contract';
import { startTestApp, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

let app: TestApp | undefined;
let edge: net.Server | undefined;
afterEach(async () => {
  edge?.close();
  edge = undefined;
  await app?.stop();
  app = undefined;
});

/** What a tunnel does for us: forwards every byte arriving at its edge to the one local address it was given. */
async function startEdge(
  targetPort: number,
): Promise<{ url: string; server: net.Server; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  /** Resolves once the edge is gone: no longer listening, every connection through it closed. */
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      sockets.forEach((s) => s.destroy());
    });
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, server, stop };
}

/** Every tunnel view a window heard, in order. */
const tunnelViews = (window: TestConsole) =>
  window.events.filter((e) => e.name === 'tunnel.changed').map((e) => e.data as TunnelView);

const upgrade = (url: string, protocols: string[]) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });

describe('the public surface through a tunnel', () => {
  it('serves the webhooks through the tunnel but never the console API', async () => {
    app = await startTestApp(
      {},
      { consoleServer: true, rendererDir: mkdtempSync(path.join(os.tmpdir(), 'sauti-ui-')) },
    );
    const { url: edgeUrl, server } = await startEdge(app.started.port);
    edge = server;
    const token = app.core.config.consoleToken;
    const consoleProtocols = [CONSOLE_SUBPROTOCOL, `sauti.token.${token}`];

    expect((await fetch(`${edgeUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${edgeUrl}/`)).status).toBe(404);
    expect((await fetch(`${edgeUrl}/index.html`)).status).toBe(404);
    expect(await upgrade(`${edgeUrl.replace('http', 'ws')}/console`, consoleProtocols)).not.toBe(101);
    // The same request straight at the console port works, so the refusal above is the tunnel's boundary.
    expect(await upgrade(`ws://127.0.0.1:${app.started.consolePort}/console`, consoleProtocols)).toBe(101);
  });

  it('"Test my setup" reports each hop through the tunnel, and a tunnel that is down in plain words', async () => {
    app = await startTestApp({ webhookSecret: 'whsec_team_test_secret' });
    const { url: edgeUrl, server, stop } = await startEdge(app.started.port);
    edge = server;
    const host = new TestConsole(app);
    const other = new TestConsole(app);
    const view = await host.cmd('tunnel.set', { provider: 'own-url', ownUrl: edgeUrl });
    expect(view.provider).toBe('own-url');
    // The URL is in use once the window hears it (the session opens after tunnel.set answers).
    await waitFor(() => tunnelViews(host).some((v) => v.publicUrl === edgeUrl), 5000, 'the own URL in use');
    const report = await host.cmd('tunnel.test', {});
    expect(report.publicUrl).toBe(edgeUrl);
    // Every hop works from here, but the edge is plain http on loopback: Sautikit could never reach it.
    expect(report.hops.map((h) => [h.hop, h.ok])).toEqual([
      ['address', false],
      ['tunnel', true],
      ['webhook', true],
      ['signature', true],
      ['media', true],
    ]);
    expect(report.hops[0]!.detail).toMatch(/plain http: Sautikit only calls https/);
    expect(report.ok).toBe(false);
    expect(app.core.registry.size()).toBe(0);
    // Another open window hears the result at once, and a window opened later finds it.
    const heard = tunnelViews(other).at(-1)!;
    expect(heard.lastTest).toEqual(report);
    expect((await new TestConsole(app).cmd('tunnel.get', {})).lastTest).toEqual(report);

    await stop();
    const down = await host.cmd('tunnel.test', {});
    expect(down.ok).toBe(false);
    expect(down.hops.find((h) => h.hop === 'webhook')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/Could not reach/),
    });
  });

  it('with no public URL chosen, the window says Sautikit cannot reach this computer', async () => {
    app = await startTestApp();
    const host = new TestConsole(app);
    const view = await host.cmd('tunnel.get', {});
    expect(view).toMatchObject({ provider: 'none', state: 'off' });
    expect(view.message).toMatch(/cannot reach this computer/);
  });

  it('a bad ngrok authtoken ends in a plain-words error in the window', async () => {
    const forward = async () => {
      throw Object.assign(new Error('authentication failed: error_code: ERR_NGROK_105'), {
        errorCode: 'ERR_NGROK_105',
      });
    };
    app = await startTestApp({}, { tunnelSeams: { ngrokLoad: async () => ({ forward }) } });
    const host = new TestConsole(app);
    await host.cmd('tunnel.set', { provider: 'ngrok', ngrokAuthtoken: 'bad-token' });
    // The attempt is over once the window hears the tunnel leave 'connecting', however it ended.
    await waitFor(
      () =>
        tunnelViews(host).some(
          (v) => v.provider === 'ngrok' && v.state !== 'off' && v.state !== 'connecting',
        ),
      5000,
      'the ngrok attempt over',
    );
    const view = await host.cmd('tunnel.get', {});
    expect(view).toMatchObject({
      provider: 'ngrok',
      state: 'error',
      code: 'TUNNEL_BAD_AUTHTOKEN',
      ngrokAuthtokenSet: true,
    });
    expect(view.message).toMatch(/authtoken/);
  });
});
