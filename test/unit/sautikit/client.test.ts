// The REST client against a scripted HTTP server on port 0: auth header, wire bodies, retries with
// backoff on network errors and 5xx, none on 4xx, timeouts, and one outcome per idempotency key.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import { REDIRECT_URL_FIELD, SautikitClient } from '../../../bridge/sautikit/client';
import { asCarrierCallSid } from '../../../bridge/domain/ids';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; body?: unknown } | 'hang' | 'destroy';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** `timeoutMs` is short only where a test waits for it; elsewhere a loaded machine must not turn a reply into a retry. */
async function scripted(replies: Reply[], fallback: Reply = { status: 200, body: {} }, timeoutMs = 5000) {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = replies.shift() ?? fallback;
      if (reply === 'hang') return;
      if (reply === 'destroy') return void req.socket.destroy();
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const client = new SautikitClient({
    baseUrl: `http://127.0.0.1:${port}/`,
    apiKey: 'sk_test_123',
    clock: realClock,
    log: createSilentLog(),
    timeoutMs,
    retries: 2,
    backoffMs: 10,
  });
  return { seen, client };
}

describe('SautikitClient', () => {
  it('redirects with the bearer key, the routing URL and an idempotency key', async () => {
    const { seen, client } = await scripted([
      { status: 200, body: { call_id: 'CA1', status: 'redirected' } },
    ]);
    await expect(
      client.redirect(asCarrierCallSid('CA1'), 'https://app.example/handoff?t=x', 'redirect-CA1'),
    ).resolves.toEqual({
      attempts: 1,
    });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/calls/CA1/redirect' });
    expect(seen[0]!.headers.authorization).toBe('Bearer sk_test_123');
    expect(seen[0]!.headers['idempotency-key']).toBe('redirect-CA1');
    expect(JSON.parse(seen[0]!.body)).toEqual({ [REDIRECT_URL_FIELD]: 'https://app.example/handoff?t=x' });
  });

  it('retries network errors and 5xx with backoff, then succeeds', async () => {
    const { seen, client } = await scripted([
      'destroy',
      { status: 503, body: { error: { code: 'internal_error', message: 'down' } } },
    ]);
    await expect(client.redirect(asCarrierCallSid('CA2'), 'https://x/handoff', 'k2')).resolves.toEqual({
      attempts: 3,
    });
    expect(seen).toHaveLength(3);
  });

  it('gives up after the retries with a retryable error naming the last problem', async () => {
    const { seen, client } = await scripted([], {
      status: 502,
      body: { error: { code: 'internal_error', message: 'bad gateway' } },
    });
    const err = await client
      .redirect(asCarrierCallSid('CA3'), 'https://x/handoff', 'k3')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'SAUTIKIT_REDIRECT_FAILED',
      retryable: true,
      details: { attempts: 3 },
    });
    expect(String((err as Error).message)).toMatch(/after 3 attempts: HTTP 502 internal_error/);
    expect(seen).toHaveLength(3);
  });

  it('times out a silent server and retries', async () => {
    const { seen, client } = await scripted(['hang'], { status: 200, body: {} }, 300);
    await expect(client.redirect(asCarrierCallSid('CA4'), 'https://x/handoff', 'k4')).resolves.toEqual({
      attempts: 2,
    });
    expect(seen).toHaveLength(2);
  });

  it("never retries a 4xx and shows Sautikit's error code", async () => {
    const { seen, client } = await scripted([
      { status: 404, body: { error: { code: 'calls.not_found', message: 'call not found' } } },
    ]);
    const err = await client
      .redirect(asCarrierCallSid('CA5'), 'https://x/handoff', 'k5')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'SAUTIKIT_REDIRECT_FAILED',
      retryable: false,
      details: { status: 404, carrierCode: 'calls.not_found', attempts: 1 },
    });
    expect((err as Error).message).toBe(
      'Sautikit refused the redirect: calls.not_found (call not found) [HTTP 404]',
    );
    expect(seen).toHaveLength(1);
  });

  it('acts once per idempotency key, even when asked twice at the same time', async () => {
    const { seen, client } = await scripted([]);
    const [a, b] = await Promise.all([
      client.redirect(asCarrierCallSid('CA6'), 'https://x/h', 'same'),
      client.redirect(asCarrierCallSid('CA6'), 'https://x/h', 'same'),
    ]);
    await client.redirect(asCarrierCallSid('CA6'), 'https://x/h', 'same');
    expect(a).toEqual(b);
    expect(seen).toHaveLength(1);
    await client.redirect(asCarrierCallSid('CA6'), 'https://x/h', 'other');
    expect(seen).toHaveLength(2);
  });

  it('lets a failed request be tried again with the same key', async () => {
    const { seen, client } = await scripted([
      { status: 400, body: { error: { code: 'bad_request', message: 'x' } } },
    ]);
    await expect(client.redirect(asCarrierCallSid('CA7'), 'https://x/h', 'k7')).rejects.toMatchObject({
      code: 'SAUTIKIT_REDIRECT_FAILED',
    });
    await expect(client.redirect(asCarrierCallSid('CA7'), 'https://x/h', 'k7')).resolves.toEqual({
      attempts: 1,
    });
    expect(seen).toHaveLength(2);
  });

  it('reads a call record from the documented envelope', async () => {
    const { seen, client } = await scripted([
      {
        status: 200,
        body: {
          call: {
            id: 'u-1',
            status: 'completed',
            direction: 'outbound',
            duration_seconds: 95,
            cost_minor: 475,
            answered_at: '2026-01-01T00:00:05Z',
            ended_at: '2026-01-01T00:01:40Z',
          },
        },
      },
    ]);
    await expect(client.getCall(asCarrierCallSid('HD_1'))).resolves.toMatchObject({
      id: 'u-1',
      status: 'completed',
      durationS: 95,
      costMinor: 475,
      direction: 'outbound',
    });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/calls/HD_1' });
  });

  it('places a call with the documented body and idempotency header', async () => {
    const { seen, client } = await scripted([
      {
        status: 201,
        body: { call_id: 'u-2', session_id: 'HD_2', status: 'ringing', client_request_id: 'leg-1' },
      },
    ]);
    const placed = await client.placeCall({
      from: '+254709000000',
      to: '+254711000001',
      voiceCallbackUrl: 'https://x/agent-leg?t=1',
      clientRequestId: 'leg-1',
      idempotencyKey: 'idem-1',
    });
    expect(placed).toEqual({
      callId: 'u-2',
      sessionId: 'HD_2',
      status: 'ringing',
      clientRequestId: 'leg-1',
      attempts: 1,
    });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      from: '+254709000000',
      to: ['+254711000001'],
      voice_callback_url: 'https://x/agent-leg?t=1',
      client_request_id: 'leg-1',
    });
    expect(seen[0]!.headers['idempotency-key']).toBe('idem-1');
  });

  it('hangs up', async () => {
    const { seen, client } = await scripted([{ status: 200, body: { call_id: 'u-3', status: 'hung_up' } }]);
    await client.hangUp(asCarrierCallSid('u-3'));
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/calls/u-3/hangup' });
  });

  it('reads the key and base URL on every request, so a change in Settings applies to the next one', async () => {
    const first = await scripted([]);
    const firstServer = server!;
    const second = await scripted([]);
    const live = { base: `http://127.0.0.1:${(firstServer.address() as AddressInfo).port}`, key: 'sk_old' };
    const client = new SautikitClient({
      baseUrl: () => live.base,
      apiKey: () => live.key,
      clock: realClock,
      log: createSilentLog(),
      timeoutMs: 5000,
      retries: 0,
    });
    await client.hangUp(asCarrierCallSid('u-1'));
    live.base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
    live.key = 'sk_new';
    await client.hangUp(asCarrierCallSid('u-2'));
    expect(first.seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/v1/calls/u-1/hangup', 'Bearer sk_old'],
    ]);
    expect(second.seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/v1/calls/u-2/hangup', 'Bearer sk_new'],
    ]);
    firstServer.closeAllConnections();
    await new Promise<void>((r) => firstServer.close(() => r()));
  });

  it('refuses at once, without a request, when the key was cleared', async () => {
    const { seen } = await scripted([]);
    const client = new SautikitClient({
      baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
      apiKey: () => undefined,
      clock: realClock,
      log: createSilentLog(),
    });
    await expect(client.redirect(asCarrierCallSid('CA9'), 'https://x/handoff', 'k9')).rejects.toMatchObject({
      code: 'SAUTIKIT_NO_API_KEY',
    });
    expect(seen).toHaveLength(0);
  });
});
