// The Cloudflare quick-tunnel provider against a faked cloudflared process (streams + exit), on a fake clock.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import type { TunnelSessionEvent } from '../../../bridge/reachability/provider';
import { cloudflareQuickTunnel, type TunnelProcess } from '../../../bridge/reachability/quick-tunnel';

class FakeCloudflared extends EventEmitter implements TunnelProcess {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: string[] = [];
  exited = false;
  log(line: string): void {
    this.stderr.write(`${line}\n`);
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    if (!this.exited) setImmediate(() => this.exit(null, signal));
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code, signal);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function setup() {
  const clock = new FakeClock();
  const proc = new FakeCloudflared();
  const spawned: { command: string; args: readonly string[] }[] = [];
  const provider = cloudflareQuickTunnel({
    clock,
    binary: async () => '/data/bin/cloudflared',
    spawn: (command, args) => {
      spawned.push({ command, args });
      return proc;
    },
  });
  return { clock, proc, spawned, provider };
}

const BOX = [
  'INF +--------------------------------------------------------------------------------------------+',
  'INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |',
  'INF |  https://apple-banana-cherry.trycloudflare.com                                             |',
  'INF +--------------------------------------------------------------------------------------------+',
];

describe('Cloudflare quick tunnel', () => {
  it('runs cloudflared against the public listener and opens once the URL is printed and connected', async () => {
    const { proc, spawned, provider } = setup();
    const opening = provider.open({ host: '127.0.0.1', port: 8080 });
    await tick();
    expect(spawned[0]).toEqual({
      command: '/data/bin/cloudflared',
      args: ['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:8080'],
    });
    for (const l of BOX) proc.log(l);
    let settled = false;
    void opening.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    proc.log(
      'INF Registered tunnel connection connIndex=0 connection=x event=0 ip=1.2.3.4 location=nbo01 protocol=quic',
    );
    const session = await opening;
    expect(session.url).toBe('https://apple-banana-cherry.trycloudflare.com');
    await session.close();
    expect(proc.signals).toContain('SIGTERM');
  });

  it('reports drops, reconnections and an exit', async () => {
    const { proc, provider } = setup();
    const opening = provider.open({ host: '127.0.0.1', port: 8080 });
    await tick();
    proc.log(BOX[2]!);
    proc.log('INF Registered tunnel connection connIndex=0');
    const session = await opening;
    const seen: TunnelSessionEvent[] = [];
    session.onEvent((e) => seen.push(e));
    proc.log('ERR Connection terminated error="no recent network activity" connIndex=0');
    proc.log('INF Registered tunnel connection connIndex=0');
    await tick();
    proc.exit(1);
    await tick();
    expect(seen.map((e) => e.kind)).toEqual(['lost', 'restored', 'ended']);
    expect(seen[2]).toMatchObject({ reason: expect.stringMatching(/exit 1/) });
  });

  it('offline: a plain, retryable message naming the other options, and the process is stopped', async () => {
    const { proc, provider } = setup();
    const opening = provider.open({ host: '127.0.0.1', port: 8080 });
    await tick();
    proc.log(
      'ERR failed to request quick Tunnel error="dial tcp: lookup api.trycloudflare.com: no such host"',
    );
    const err = await opening.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TUNNEL_OFFLINE', retryable: true });
    expect((err as Error).message).toMatch(/ngrok/);
    expect((err as Error).message).toMatch(/own URL/);
    expect(proc.signals).toContain('SIGTERM');
  });

  it('gives up waiting after the start timeout', async () => {
    const { clock, proc, provider } = setup();
    const opening = provider.open({ host: '127.0.0.1', port: 8080 });
    await tick();
    proc.log(BOX[2]!);
    await tick();
    clock.advance(45_000);
    await expect(opening).rejects.toMatchObject({ code: 'TUNNEL_TIMEOUT', retryable: true });
  });

  it('a process that dies before the URL is a retryable failure', async () => {
    const { proc, provider } = setup();
    const opening = provider.open({ host: '127.0.0.1', port: 8080 });
    await tick();
    proc.exit(2);
    await expect(opening).rejects.toMatchObject({ code: 'TUNNEL_CLOUDFLARED_FAILED', retryable: true });
  });
});
