// The ngrok provider against a mock of the @ngrok/ngrok package at its boundary (no network).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SautiError } from '../../../bridge/base/errors';
import { ngrokTunnel } from '../../../bridge/reachability/ngrok';
import type { TunnelSessionEvent } from '../../../bridge/reachability/provider';

const ngrokMock = vi.hoisted(() => ({ forward: vi.fn() }));
vi.mock('@ngrok/ngrok', () => ngrokMock);

type ForwardConfig = {
  addr: string;
  authtoken: string;
  domain?: string;
  onStatusChange?: (s: string) => void;
};

function fakeListener(url: string | null) {
  return { url: () => url, close: vi.fn(async () => {}) };
}

beforeEach(() => {
  ngrokMock.forward.mockReset();
});

/** The rejection's data (vitest compares Error causes too, which is not what these tests are about). */
async function failure(p: Promise<unknown>): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as SautiError;
    return { code: e.code, retryable: e.retryable, message: String(e.message) };
  }
  throw new Error('expected a rejection');
}

describe('ngrok provider', () => {
  it('forwards the public listener only, with the pasted authtoken and reserved domain', async () => {
    const listener = fakeListener('https://desk.ngrok.app');
    ngrokMock.forward.mockResolvedValue(listener);
    const session = await ngrokTunnel({ authtoken: ' tok_123 ', domain: 'desk.ngrok.app' }).open({
      host: '127.0.0.1',
      port: 8080,
    });
    expect(session.url).toBe('https://desk.ngrok.app');
    const config = ngrokMock.forward.mock.calls[0]![0] as ForwardConfig;
    expect(config).toMatchObject({
      addr: '127.0.0.1:8080',
      authtoken: 'tok_123',
      domain: 'desk.ngrok.app',
      proto: 'http',
    });
    await session.close();
    expect(listener.close).toHaveBeenCalled();
  });

  it('leaves the domain out when none is reserved', async () => {
    ngrokMock.forward.mockResolvedValue(fakeListener('https://a1b2.ngrok-free.app'));
    await ngrokTunnel({ authtoken: 'tok', domain: '  ' }).open({ host: '127.0.0.1', port: 1 });
    expect((ngrokMock.forward.mock.calls[0]![0] as ForwardConfig).domain).toBeUndefined();
  });

  it('asks for an authtoken before touching the package', async () => {
    await expect(ngrokTunnel({ authtoken: '' }).open({ host: '127.0.0.1', port: 1 })).rejects.toMatchObject({
      code: 'TUNNEL_NO_AUTHTOKEN',
    });
    expect(ngrokMock.forward).not.toHaveBeenCalled();
  });

  it('explains a rejected authtoken in plain words, not retryable', async () => {
    ngrokMock.forward.mockRejectedValue(
      Object.assign(new Error('authentication failed ... error_code: ERR_NGROK_105'), {
        errorCode: 'ERR_NGROK_105',
      }),
    );
    const err = await failure(ngrokTunnel({ authtoken: 'bad' }).open({ host: '127.0.0.1', port: 1 }));
    expect(err).toMatchObject({ code: 'TUNNEL_BAD_AUTHTOKEN', retryable: false });
    expect(err.message).toMatch(/authtoken/);
  });

  it('treats a network failure as retryable', async () => {
    ngrokMock.forward.mockRejectedValue(new Error('failed to connect: dns lookup failed'));
    expect(await failure(ngrokTunnel({ authtoken: 't' }).open({ host: '127.0.0.1', port: 1 }))).toMatchObject(
      { code: 'TUNNEL_OFFLINE', retryable: true },
    );
  });

  it('reports lost and restored from onStatusChange', async () => {
    ngrokMock.forward.mockResolvedValue(fakeListener('https://x.ngrok.app'));
    const session = await ngrokTunnel({ authtoken: 't' }).open({ host: '127.0.0.1', port: 1 });
    const seen: TunnelSessionEvent[] = [];
    session.onEvent((e) => seen.push(e));
    const { onStatusChange } = ngrokMock.forward.mock.calls[0]![0] as ForwardConfig;
    onStatusChange!('closed');
    onStatusChange!('closed');
    onStatusChange!('connected');
    expect(seen).toEqual([
      { kind: 'lost', reason: 'ngrok connection dropped' },
      { kind: 'restored', url: 'https://x.ngrok.app' },
    ]);
  });
});
