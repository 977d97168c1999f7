// Cloudflare quick tunnel: no account; runs `cloudflared tunnel --url http://HOST:PORT`, reads the
// random https://….trycloudflare.com URL it prints, and watches its connection lines. The URL changes
// every time cloudflared starts, which is why everything derived from it must follow.
import { spawn as nodeSpawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Clock } from '../base/clock';
import { SautiError } from '../base/errors';
import { SessionEvents, type TunnelProvider } from './provider';
import { readQuickTunnelLine } from './quick-tunnel-output';

/** The part of a child process we use (a fake in tests). */
export interface TunnelProcess {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
}

export interface QuickTunnelOptions {
  readonly clock: Clock;
  /** Path of a verified cloudflared (downloads it on first use). */
  readonly binary: () => Promise<string>;
  readonly spawn?: (command: string, args: readonly string[]) => TunnelProcess;
  /** How long to wait for the URL and the first connection. */
  readonly startTimeoutMs?: number;
}

const OTHER_OPTIONS = 'choose ngrok (paste an authtoken) or your own URL';

export function quickTunnelArgs(host: string, port: number): string[] {
  return ['tunnel', '--no-autoupdate', '--url', `http://${host}:${port}`];
}

export function cloudflareQuickTunnel(options: QuickTunnelOptions): TunnelProvider {
  const spawnProcess =
    options.spawn ??
    ((command: string, args: readonly string[]) =>
      nodeSpawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true }));
  return {
    name: 'cloudflare',
    async open(target) {
      const binary = await options.binary();
      const child = spawnProcess(binary, quickTunnelArgs(target.host, target.port));
      const events = new SessionEvents();
      let url: string | null = null;
      let connected = false;
      let opened = false;
      let exited = false;
      let lastProblem = '';

      return new Promise((resolve, reject) => {
        const fail = (err: SautiError) => {
          if (opened) return;
          opened = true;
          options.clock.clearTimeout(timer);
          if (!exited) child.kill('SIGTERM');
          reject(err);
        };
        const timer = options.clock.setTimeout(
          () =>
            fail(
              new SautiError(
                'TUNNEL_TIMEOUT',
                `The Cloudflare quick tunnel did not come up in time (${lastProblem || 'no answer'}). Retrying; or ${OTHER_OPTIONS}.`,
                { retryable: true },
              ),
            ),
          options.startTimeoutMs ?? 45_000,
        );
        const maybeOpen = () => {
          if (opened || !url || !connected) return;
          opened = true;
          options.clock.clearTimeout(timer);
          resolve({
            url,
            onEvent: (l) => events.on(l),
            close: () => stop(),
          });
        };
        const onLine = (line: string) => {
          const read = readQuickTunnelLine(line);
          switch (read.kind) {
            case 'url':
              url = read.url;
              maybeOpen();
              return;
            case 'connected':
              if (opened && !connected && url) events.emit({ kind: 'restored', url });
              connected = true;
              maybeOpen();
              return;
            case 'disconnected':
              lastProblem = read.reason;
              if (opened && connected) events.emit({ kind: 'lost', reason: read.reason });
              connected = false;
              return;
            case 'request-failed':
              lastProblem = read.reason;
              fail(
                read.rateLimited
                  ? new SautiError(
                      'TUNNEL_RATE_LIMITED',
                      `Cloudflare is handing out quick tunnels too fast right now. Retrying; or ${OTHER_OPTIONS}.`,
                      { retryable: true },
                    )
                  : new SautiError(
                      'TUNNEL_OFFLINE',
                      `Could not reach Cloudflare for a quick tunnel (is this computer online?). Retrying; or ${OTHER_OPTIONS}.`,
                      { retryable: true },
                    ),
              );
              return;
            case 'other':
              return;
          }
        };
        for (const stream of [child.stdout, child.stderr]) {
          if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
        }
        child.once('error', (err) => {
          exited = true;
          fail(
            new SautiError(
              'TUNNEL_CLOUDFLARED_FAILED',
              `cloudflared could not start: ${err.message}. ${OTHER_OPTIONS[0]!.toUpperCase()}${OTHER_OPTIONS.slice(1)}.`,
              { cause: err },
            ),
          );
        });
        child.once('exit', (code, signal) => {
          exited = true;
          const reason = `cloudflared stopped (${signal ?? `exit ${code}`})${lastProblem ? `: ${lastProblem}` : ''}`;
          if (!opened)
            fail(
              new SautiError('TUNNEL_CLOUDFLARED_FAILED', `${reason}. Retrying; or ${OTHER_OPTIONS}.`, {
                retryable: true,
              }),
            );
          else if (!closing) events.emit({ kind: 'ended', reason });
          exitWaiters.splice(0).forEach((w) => w());
        });

        let closing = false;
        const exitWaiters: (() => void)[] = [];
        const stop = () =>
          new Promise<void>((done) => {
            closing = true;
            if (exited) return done();
            exitWaiters.push(done);
            child.kill('SIGTERM');
            options.clock.setTimeout(() => {
              if (!exited) child.kill('SIGKILL');
            }, 3000);
          });
      });
    },
  };
}
