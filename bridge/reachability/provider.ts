// The tunnel provider interface: one way to give the laptop a public https URL (ngrok, a Cloudflare
// quick tunnel, or the team's own URL). A provider opens a session that forwards to ONE local
// address, the public webhook + media listener; the console API listens elsewhere and is never a target.

export type TunnelProviderName = 'ngrok' | 'cloudflare' | 'own-url';

/** Where the tunnel forwards to: the public listener only. */
export interface TunnelTarget {
  readonly host: string;
  readonly port: number;
}

/** What an open session reports after it opened. */
export type TunnelSessionEvent =
  /** The link to the provider dropped; the provider itself is trying to get it back. */
  | { readonly kind: 'lost'; readonly reason: string }
  /** The link is back; `url` may differ from before (quick tunnels change URL on restart). */
  | { readonly kind: 'restored'; readonly url: string }
  /** The session is over and will not come back by itself (process exited, session closed). */
  | { readonly kind: 'ended'; readonly reason: string };

export interface TunnelSession {
  readonly url: string;
  onEvent(listener: (event: TunnelSessionEvent) => void): () => void;
  close(): Promise<void>;
}

export interface TunnelProvider {
  readonly name: TunnelProviderName;
  /** Opens a session; rejects with a SautiError in plain words (retryable when trying again may help). */
  open(target: TunnelTarget): Promise<TunnelSession>;
}

/** A tiny listener set shared by the providers' sessions. */
export class SessionEvents {
  private readonly listeners = new Set<(event: TunnelSessionEvent) => void>();

  on(listener: (event: TunnelSessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TunnelSessionEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}

/** A public base URL must be https (Sautikit posts to https webhooks) with no path, query or credentials. */
export function normalisePublicUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
