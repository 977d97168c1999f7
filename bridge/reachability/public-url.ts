// The one public URL everything derives from (webhook URLs, media URLs, the number's routing): the
// team's own URL when set, else the tunnel's while it is online, else the public server's loopback
// address (this computer only: Sautikit cannot reach it, and the setup report says so).
import type { Log } from '../base/log';

export interface PublicUrlDeps {
  /** PUBLIC_URL as the settings say now. */
  readonly configured: () => string | undefined;
  /** The public server's port from the settings (its address until it listens). */
  readonly port: number;
  readonly log: Log;
  /** Every window shows where calls are answered. */
  readonly changed: () => void;
}

export class PublicUrl {
  private current: string;
  private loopback: string | null = null;

  constructor(private readonly deps: PublicUrlDeps) {
    this.current = deps.configured() ?? `http://127.0.0.1:${deps.port}`;
  }

  /** The public URL now (an arrow: handed to whoever builds URLs). */
  readonly get = (): string => this.current;

  /** The public server's own address on this computer; null until it listens. */
  get loopbackUrl(): string | null {
    return this.loopback;
  }

  /** The public server listens: its address stands until a tunnel gives a public one. */
  listening(loopbackUrl: string): void {
    this.loopback = loopbackUrl;
    this.current = this.deps.configured() ?? loopbackUrl;
  }

  /** A tunnel's URL (null: it went away, back to the configured or loopback one). */
  follow(url: string | null): void {
    this.current = url ?? this.deps.configured() ?? this.loopback ?? this.current;
    this.deps.log.info({ publicUrl: this.current }, 'public URL changed');
    this.deps.changed();
  }
}
