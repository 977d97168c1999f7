// Sautikit's published headline rates: GET /v1/public/pricing, which needs no key (so none is sent).
// Two shapes are documented [conflict]: the Kenya page (sautikit.com/africa/kenya) shows flat fields in
// KES, `{currency, number_monthly_kes, outbound_per_min_kes, inbound_per_min_kes, recording_free_gb,
// updated_at}`; the changelog entry that announced the endpoint (2026-06-15) shows `{currency, rates:
// [{direction, destination, per_minute}], updated_at}`. Both are read. Rates are KES per minute
// (3.00, not minor units); the estimate keeps KES cents.
import { SautiError } from '../base/errors';
import { asObject, restRequest, str } from './rest';

export const PRICING_PATH = '/v1/public/pricing';
/** The destination an agent's phone (and most callers) is on, when rates are listed per destination. */
const USUAL_DESTINATION = 'KE-mobile';

export interface PublishedPricing {
  /** KES cents per minute, when the answer gives the rate. */
  readonly outboundPerMinKesCents?: number;
  readonly inboundPerMinKesCents?: number;
  /** When Sautikit last changed them (its `updated_at`), as given. */
  readonly updatedAt?: string;
}

/** Reads the published rates; rejects with a SautiError naming what went wrong. */
export async function readPublishedPricing(options: {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}): Promise<PublishedPricing> {
  let reply;
  try {
    reply = await restRequest({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      method: 'GET',
      path: PRICING_PATH,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });
  } catch (err) {
    const timedOut = (err as { name?: string }).name === 'TimeoutError';
    throw new SautiError(
      'SAUTIKIT_PRICING_UNREACHABLE',
      timedOut
        ? `Sautikit's published prices did not answer within ${options.timeoutMs} ms`
        : `Sautikit's published prices could not be reached (${errorText(err)})`,
      { retryable: true, cause: err },
    );
  }
  if (!reply.ok) {
    throw new SautiError(
      'SAUTIKIT_PRICING_REFUSED',
      `Sautikit refused to give its published prices: ${reply.carrierCode} (${reply.carrierMessage}) [HTTP ${reply.status}]`,
      { retryable: reply.status >= 500 || reply.status === 429 },
    );
  }
  return parsePublishedPricing(reply.body);
}

/** The rates in either documented shape; throws SAUTIKIT_PRICING_UNREADABLE when neither rate is there. */
export function parsePublishedPricing(body: unknown): PublishedPricing {
  const b = asObject(body);
  const currency = str(b.currency);
  if (currency !== undefined && currency.toUpperCase() !== 'KES') {
    throw new SautiError(
      'SAUTIKIT_PRICING_UNREADABLE',
      `Sautikit's published prices are in ${currency}, not KES: not used for estimates`,
    );
  }
  const listed = Array.isArray(b.rates) ? b.rates.map(asObject) : [];
  const pricing: PublishedPricing = {
    outboundPerMinKesCents: kesCents(b.outbound_per_min_kes) ?? listedRate(listed, 'outbound'),
    inboundPerMinKesCents: kesCents(b.inbound_per_min_kes) ?? listedRate(listed, 'inbound'),
    updatedAt: str(b.updated_at),
  };
  if (pricing.outboundPerMinKesCents === undefined && pricing.inboundPerMinKesCents === undefined) {
    const fields = Object.keys(b).slice(0, 20).join(', ') || 'none';
    throw new SautiError(
      'SAUTIKIT_PRICING_UNREADABLE',
      `Sautikit's published prices have no per-minute rate we know (fields: ${fields})`,
    );
  }
  return pricing;
}

/** A direction's rate from `rates[]`: the usual destination's, else the dearest (never under-estimate). */
function listedRate(rates: readonly Record<string, unknown>[], direction: 'inbound' | 'outbound') {
  const mine = rates.filter((r) => str(r.direction)?.toLowerCase() === direction);
  const usual = mine.find((r) => str(r.destination) === USUAL_DESTINATION);
  if (usual) return kesCents(usual.per_minute);
  const all = mine.map((r) => kesCents(r.per_minute)).filter((c): c is number => c !== undefined);
  return all.length > 0 ? Math.max(...all) : undefined;
}

/** KES (a decimal number, as published) to whole KES cents; nonsense is no rate. */
function kesCents(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 10_000) return undefined;
  return Math.round(v * 100);
}

function errorText(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return cause ?? (err instanceof Error ? err.message : String(err));
}
