// ngrok through the official @ngrok/ngrok package (the agent as a native module, no binary). The user
// pastes an authtoken; a reserved domain is used when they have one. The package reconnects the
// session by itself and reports it through `onStatusChange` ('connected' | 'closed') — the README's
// `on_status_change(addr, error)` is not what 1.7.0's index.d.ts and index.js take.
import { SautiError } from '../base/errors';
import { SessionEvents, type TunnelProvider } from './provider';

/** The part of @ngrok/ngrok we use, so tests can replace the package at its boundary. */
export interface NgrokModule {
  forward(config: {
    addr: string;
    authtoken: string;
    domain?: string;
    proto?: string;
    force_new_session?: boolean;
    session_metadata?: string;
    onStatusChange?: (status: string) => void;
  }): Promise<{ url(): string | null; close(): Promise<void> }>;
}

export interface NgrokOptions {
  readonly authtoken: string | undefined;
  readonly domain?: string;
  /** Loads the package lazily: the native module is only needed when ngrok is chosen. */
  readonly load?: () => Promise<NgrokModule>;
}

const loadNgrok = async (): Promise<NgrokModule> => (await import('@ngrok/ngrok')) as unknown as NgrokModule;

/** ngrok's documented error codes, in words a receptionist can act on. */
export function describeNgrokError(err: unknown): SautiError {
  const code = (err as { errorCode?: string })?.errorCode;
  const raw = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ERR_NGROK_105':
    case 'ERR_NGROK_106':
    case 'ERR_NGROK_107':
    case 'ERR_NGROK_4018':
      return new SautiError(
        'TUNNEL_BAD_AUTHTOKEN',
        'ngrok did not accept the authtoken. Copy it again from dashboard.ngrok.com → Your Authtoken.',
        { cause: err },
      );
    case 'ERR_NGROK_108':
      return new SautiError(
        'TUNNEL_SESSION_LIMIT',
        'This ngrok account is already online elsewhere (free accounts allow one agent). Stop the other one or use a Cloudflare quick tunnel.',
        { cause: err },
      );
    case 'ERR_NGROK_313':
    case 'ERR_NGROK_320':
    case 'ERR_NGROK_319':
      return new SautiError(
        'TUNNEL_BAD_DOMAIN',
        'ngrok refused the domain: reserve it in the ngrok dashboard, or leave the domain empty to get a random one.',
        { cause: err },
      );
    default:
      if (/dns|lookup|connect|timed? ?out|network|unreachable/i.test(raw)) {
        return new SautiError(
          'TUNNEL_OFFLINE',
          'Could not reach ngrok: check the internet connection. Retrying.',
          { cause: err, retryable: true },
        );
      }
      return new SautiError(
        'TUNNEL_NGROK_FAILED',
        `ngrok could not start the tunnel${code ? ` (${code})` : ''}.`,
        { cause: err, retryable: true },
      );
  }
}

export function ngrokTunnel(options: NgrokOptions): TunnelProvider {
  return {
    name: 'ngrok',
    async open(target) {
      const authtoken = options.authtoken?.trim();
      if (!authtoken) {
        throw new SautiError(
          'TUNNEL_NO_AUTHTOKEN',
          'Paste your ngrok authtoken (dashboard.ngrok.com → Your Authtoken), or choose a Cloudflare quick tunnel.',
        );
      }
      let ngrok: NgrokModule;
      try {
        ngrok = await (options.load ?? loadNgrok)();
      } catch (err) {
        throw new SautiError(
          'TUNNEL_NGROK_MISSING',
          'The ngrok module is not available on this computer: choose a Cloudflare quick tunnel or your own URL.',
          { cause: err },
        );
      }
      const events = new SessionEvents();
      let connected = true;
      let listener: Awaited<ReturnType<NgrokModule['forward']>>;
      try {
        listener = await ngrok.forward({
          addr: `${target.host}:${target.port}`,
          authtoken,
          domain: options.domain?.trim() || undefined,
          proto: 'http',
          force_new_session: true,
          session_metadata: 'sauti-console',
          onStatusChange: (status) => {
            if (status === 'closed' && connected) {
              connected = false;
              events.emit({ kind: 'lost', reason: 'ngrok connection dropped' });
            } else if (status === 'connected' && !connected) {
              connected = true;
              const url = listener?.url();
              if (url) events.emit({ kind: 'restored', url });
            }
          },
        });
      } catch (err) {
        throw describeNgrokError(err);
      }
      const url = listener.url();
      if (!url) {
        await listener.close().catch(() => undefined);
        throw new SautiError('TUNNEL_NGROK_FAILED', 'ngrok opened a session without a public URL.', {
          retryable: true,
        });
      }
      return {
        url,
        onEvent: (l) => events.on(l),
        close: () => listener.close().catch(() => undefined),
      };
    },
  };
}
