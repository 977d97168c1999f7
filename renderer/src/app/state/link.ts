// Where this window's console is and whether it can be reached: this computer's own (a browser on the
// loopback server, or the desktop app's core), or a team host's (a browser teammate on the host's
// LAN address, or a desktop teammate relayed by main). While the host is away the board is kept but
// marked stale from the moment it stopped being live. Fed by the transport status, main's link.changed
// and status.get; read by the shell's banner and the board. No DOM: tested on its own.
import type { HostLinkView, StatusView } from '../../api/contract';
import type { TransportStatus } from '../../api/transport';
import { ExternalStore } from '../../shared/state/external-store';

export interface LinkState {
  readonly status: TransportStatus;
  /** direct: a browser's own socket; desktop: the app's own core; relay: main relays a team host. */
  readonly via: 'direct' | 'desktop' | 'relay';
  /** The team host this window shows (a teammate's window); null on the host's own console. */
  readonly host: { readonly name: string } | null;
  /** When the board stopped being live (epoch ms); null while live or before it was ever loaded. */
  readonly staleSinceMs: number | null;
  /** When the desktop relay will knock again. */
  readonly retryInMs?: number;
}

export interface LinkStoreOptions {
  readonly now: () => number;
  /** A browser page served by a team host's LAN listener (https) knows it is a teammate from the start. */
  readonly teamHostAddress?: string;
}

export class LinkStore extends ExternalStore<LinkState> {
  private everOpen = false;

  constructor(
    status: TransportStatus,
    private readonly options: LinkStoreOptions,
  ) {
    super({
      status,
      via: 'direct',
      host: options.teamHostAddress ? { name: options.teamHostAddress } : null,
      staleSinceMs: null,
    });
    if (status === 'open') this.everOpen = true;
  }

  /** The transport's status changed. */
  status(status: TransportStatus): void {
    const prev = this.get();
    if (status === 'open') {
      this.everOpen = true;
      this.set({ ...prev, status, staleSinceMs: null, retryInMs: undefined });
      return;
    }
    const staleSinceMs = this.everOpen ? (prev.staleSinceMs ?? this.options.now()) : null;
    this.set({ ...prev, status, staleSinceMs });
  }

  /** Main said where the console is (desktop app). */
  link(view: HostLinkView): void {
    const prev = this.get();
    if (view.state === 'local') {
      this.set({ ...prev, via: 'desktop', host: null, retryInMs: undefined });
      return;
    }
    // Main switching between its core and a host says only 'connecting': nothing is known yet.
    if (!view.hostAddress) return;
    const name =
      view.hostName ?? view.hostAddress?.replace(/^https:\/\//, '') ?? prev.host?.name ?? 'the host';
    this.set({ ...prev, via: 'relay', host: { name }, retryInMs: view.retryInMs });
  }

  /** status.get / status.changed: a teammate's console names its host. */
  identity(status: StatusView): void {
    const prev = this.get();
    if (status.agentId) {
      const name = status.hostName ?? prev.host?.name ?? 'the host';
      if (prev.host?.name !== name) this.set({ ...prev, host: { name } });
    } else if (prev.via !== 'relay' && prev.host && !this.options.teamHostAddress) {
      this.set({ ...prev, host: null });
    }
  }
}

export type LinkNotice =
  | { readonly kind: 'none' }
  | { readonly kind: 'banner'; readonly tone: 'warn' | 'error'; readonly text: string }
  | { readonly kind: 'screen'; readonly title: string; readonly text: string; readonly leave: boolean };

/** What the shell shows about the link, in plain words. */
export function linkNotice(state: LinkState): LinkNotice {
  const host = state.host?.name;
  switch (state.status) {
    case 'open':
    case 'closed':
      return { kind: 'none' };
    case 'revoked':
      return {
        kind: 'screen',
        title: 'Access revoked',
        text:
          `${host ? `The host ${host}` : 'The host'} revoked this ${state.via === 'relay' ? 'computer' : 'window'}’s access to the team. ` +
          (state.via === 'relay'
            ? 'Leave the team to use this computer’s own console, or ask the host for a new pairing code and join again.'
            : 'Ask the host for a new pairing code and join again.'),
        leave: state.via === 'relay',
      };
    case 'unauthorized':
      return host
        ? {
            kind: 'screen',
            title: 'No access to the team',
            text: `The host ${host} no longer accepts this window (its access was revoked or the pairing was undone). Ask the host for a new pairing code and join again.`,
            leave: false,
          }
        : {
            kind: 'banner',
            tone: 'error',
            text: 'This window’s access token was refused. Open the console link that `npm run serve` printed (it carries a fresh token).',
          };
    case 'connecting':
      return host && state.via === 'relay'
        ? { kind: 'banner', tone: 'warn', text: `Connecting to the host ${host}…` }
        : { kind: 'none' };
    case 'reconnecting':
      return host
        ? {
            kind: 'banner',
            tone: 'warn',
            text: `Lost the host ${host} — retrying… calls keep flowing on the host.`,
          }
        : {
            kind: 'banner',
            tone: 'warn',
            text: 'Lost the connection to Sauti Console — reconnecting. Calls keep being answered meanwhile.',
          };
  }
}
