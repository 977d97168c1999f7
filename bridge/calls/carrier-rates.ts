// The per-minute call rates the cost estimate uses, and where each one came from: a value set in
// Settings (or the environment) always wins; unset, Sautikit's published price (GET /v1/public/pricing,
// read at start and daily, only once the team has a Sautikit API key: the app then talks to Sautikit
// anyway); failing that, the defaults (Sautikit's Kenya page: KES 3.00 a minute out, inbound free).
import type { Clock, TimerHandle } from '../base/clock';
import { DEFAULT_INBOUND_PER_MIN_KES_CENTS, DEFAULT_OUTBOUND_PER_MIN_KES_CENTS } from '../config/config';
import { asSautiError } from '../base/errors';
import type { Log } from '../base/log';
import { readPublishedPricing, type PublishedPricing } from '../sautikit/pricing';

/** How often the published prices are read again once read. */
export const PRICING_REFRESH_MS = 24 * 60 * 60_000;
/** How soon they are tried again after a failed read, or while there is no API key. */
export const PRICING_RETRY_MS = 15 * 60_000;

/** `setting`: typed in Settings or the environment; `sautikit`: its published price; `default`: built in. */
export type RateSource = 'setting' | 'sautikit' | 'default';

export interface RateInUse {
  readonly perMinKesCents: number;
  readonly source: RateSource;
  /** When Sautikit's price was read (epoch ms), for `sautikit`. */
  readonly readAtMs?: number;
}

/** The rates a cost estimate needs (CarrierRates, or a fixed pair in tests). */
export interface CallRates {
  outbound(): RateInUse;
  inbound(): RateInUse;
}

export interface CarrierRateSettings {
  readonly outboundPerMinKesCents?: number;
  readonly inboundPerMinKesCents?: number;
  readonly sautikitApiBase: string;
  readonly sautikitApiKey?: string;
  readonly sautikitTimeoutMs: number;
}

export class CarrierRates implements CallRates {
  private published: { readonly pricing: PublishedPricing; readonly readAtMs: number } | null = null;
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(
    private readonly deps: {
      readonly clock: Clock;
      readonly log: Log;
      readonly settings: () => CarrierRateSettings;
      readonly fetch?: typeof fetch;
    },
  ) {}

  /** Reads the published prices now (when there is a key), then daily; failures retry sooner. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.refresh();
  }

  stop(): void {
    this.running = false;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  outbound(): RateInUse {
    return this.resolve(this.deps.settings().outboundPerMinKesCents, 'outboundPerMinKesCents');
  }

  inbound(): RateInUse {
    return this.resolve(this.deps.settings().inboundPerMinKesCents, 'inboundPerMinKesCents');
  }

  /** One read of the published prices; never rejects (a failure is logged and tried again later). */
  async refresh(): Promise<void> {
    const { clock, log } = this.deps;
    const s = this.deps.settings();
    let nextMs = PRICING_RETRY_MS;
    if (s.sautikitApiKey) {
      try {
        const pricing = await readPublishedPricing({
          baseUrl: s.sautikitApiBase,
          timeoutMs: s.sautikitTimeoutMs,
          fetch: this.deps.fetch,
        });
        this.published = { pricing, readAtMs: clock.epochMs() };
        nextMs = PRICING_REFRESH_MS;
        log.info(
          {
            outboundPerMinKesCents: pricing.outboundPerMinKesCents,
            inboundPerMinKesCents: pricing.inboundPerMinKesCents,
            updatedAt: pricing.updatedAt,
          },
          "read Sautikit's published call rates",
        );
      } catch (err) {
        const e = asSautiError(err, 'SAUTIKIT_PRICING_UNREACHABLE');
        log.warn(
          { code: e.code, problem: e.message, retryInMs: nextMs },
          "could not read Sautikit's published call rates: the estimate uses the last read, or the defaults",
        );
      }
    }
    if (!this.running) return;
    clock.clearTimeout(this.timer);
    this.timer = clock.setTimeout(() => void this.refresh(), nextMs);
  }

  private resolve(
    set: number | undefined,
    key: 'outboundPerMinKesCents' | 'inboundPerMinKesCents',
  ): RateInUse {
    if (set !== undefined) return { perMinKesCents: set, source: 'setting' };
    const published = this.published?.pricing[key];
    if (published !== undefined && this.published)
      return { perMinKesCents: published, source: 'sautikit', readAtMs: this.published.readAtMs };
    return {
      perMinKesCents:
        key === 'outboundPerMinKesCents'
          ? DEFAULT_OUTBOUND_PER_MIN_KES_CENTS
          : DEFAULT_INBOUND_PER_MIN_KES_CENTS,
      source: 'default',
    };
  }
}

/** Where a rate came from, in the words the cost details use. */
export function rateSourceWords(rate: RateInUse): string {
  switch (rate.source) {
    case 'setting':
      return 'your setting';
    case 'sautikit':
      return "Sautikit's published price";
    case 'default':
      return 'the default rate';
  }
}
