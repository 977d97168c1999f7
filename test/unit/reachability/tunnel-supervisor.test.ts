// The supervisor's status machine on a fake clock with a scripted provider.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { SautiError } from '../../../bridge/base/errors';
import { createSilentLog } from '../../../bridge/base/log';
import {
  SessionEvents,
  type TunnelProvider,
  type TunnelSession,
} from '../../../bridge/reachability/provider';
import { TunnelSupervisor, type TunnelStatus } from '../../../bridge/reachability/tunnel-supervisor';

const tick = () => new Promise((r) => setImmediate(r));

function scripted(outcomes: (string | SautiError)[]) {
  const sessions: { events: SessionEvents; closed: boolean }[] = [];
  const provider: TunnelProvider = {
    name: 'cloudflare',
    async open() {
      const next = outcomes.shift();
      if (next === undefined) throw new SautiError('TUNNEL_TEST', 'no more outcomes', { retryable: true });
      if (next instanceof SautiError) throw next;
      const s = { events: new SessionEvents(), closed: false };
      sessions.push(s);
      const session: TunnelSession = {
        url: next,
        onEvent: (l) => s.events.on(l),
        close: async () => {
          s.closed = true;
        },
      };
      return session;
    },
  };
  return { provider, sessions };
}

function start(outcomes: (string | SautiError)[]) {
  const clock = new FakeClock();
  const { provider, sessions } = scripted(outcomes);
  const sup = new TunnelSupervisor(provider, { host: '127.0.0.1', port: 8080 }, clock, createSilentLog());
  const statuses: TunnelStatus[] = [];
  const urls: { url: string; previous: string | null }[] = [];
  sup.events.on('status', (s) => statuses.push(s));
  sup.events.on('url', (u) => urls.push(u));
  sup.start();
  return { clock, sup, sessions, statuses, urls };
}

describe('tunnel supervisor', () => {
  it('goes connecting → online and announces the URL once', async () => {
    const { sup, statuses, urls } = start(['https://a.trycloudflare.com']);
    await tick();
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
    expect(sup.status.message).toBe('Online at https://a.trycloudflare.com');
    expect(urls).toEqual([{ url: 'https://a.trycloudflare.com', previous: null }]);
  });

  it('shows lost while the provider reconnects, then online again without a URL change', async () => {
    const { sup, sessions, urls } = start(['https://a.trycloudflare.com']);
    await tick();
    sessions[0]!.events.emit({ kind: 'lost', reason: 'x' });
    expect(sup.status.state).toBe('lost');
    expect(sup.status.message).toMatch(/reconnecting/);
    sessions[0]!.events.emit({ kind: 'restored', url: 'https://a.trycloudflare.com' });
    expect(sup.status.state).toBe('online');
    expect(urls).toHaveLength(1);
  });

  it('reopens an ended session with backoff and follows the new URL', async () => {
    const { clock, sup, sessions, urls } = start([
      'https://a.trycloudflare.com',
      'https://b.trycloudflare.com',
    ]);
    await tick();
    sessions[0]!.events.emit({ kind: 'ended', reason: 'cloudflared stopped (exit 1)' });
    await tick();
    expect(sessions[0]!.closed).toBe(true);
    expect(sup.status).toMatchObject({ state: 'lost', code: 'TUNNEL_ENDED' });
    expect(sup.status.retryInMs).toBeGreaterThan(0);
    clock.advance(sup.status.retryInMs!);
    await tick();
    expect(sup.status).toMatchObject({ state: 'online', url: 'https://b.trycloudflare.com' });
    expect(urls.at(-1)).toEqual({
      url: 'https://b.trycloudflare.com',
      previous: 'https://a.trycloudflare.com',
    });
  });

  it('backs off longer after each failed attempt', async () => {
    const offline = () => new SautiError('TUNNEL_OFFLINE', 'offline', { retryable: true });
    const { clock, sup } = start([offline(), offline(), offline(), 'https://c.trycloudflare.com']);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await tick();
      expect(sup.status.state).toBe('lost');
      delays.push(sup.status.retryInMs!);
      clock.advance(sup.status.retryInMs!);
    }
    await tick();
    expect(sup.status.state).toBe('online');
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
  });

  it('stops at a plain-words error when retrying cannot help', async () => {
    const { clock, sup } = start([
      new SautiError('TUNNEL_BAD_AUTHTOKEN', 'ngrok did not accept the authtoken.'),
    ]);
    await tick();
    expect(sup.status).toMatchObject({
      state: 'error',
      code: 'TUNNEL_BAD_AUTHTOKEN',
      message: 'ngrok did not accept the authtoken.',
    });
    clock.advance(120_000);
    expect(sup.status.state).toBe('error');
  });

  it('stop closes the session and ignores late events', async () => {
    const { sup, sessions } = start(['https://a.trycloudflare.com']);
    await tick();
    await sup.stop();
    expect(sessions[0]!.closed).toBe(true);
    sessions[0]!.events.emit({ kind: 'lost', reason: 'late' });
    expect(sup.status.state).toBe('off');
  });
});
