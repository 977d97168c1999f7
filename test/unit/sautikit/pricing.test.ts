// Sautikit's published prices: both documented shapes read, anything else refused in words, and the
// request made as the endpoint is documented (public: no key sent), against a scripted server on port 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePublishedPricing, PRICING_PATH, readPublishedPricing } from '../../../bridge/sautikit/pricing';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(status: number, body: unknown): Promise<{ url: string; seen: http.IncomingMessage[] }> {
  const seen: http.IncomingMessage[] = [];
  server = http.createServer((req, res) => {
    seen.push(req);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

describe('parsePublishedPricing', () => {
  it('reads the Kenya page’s flat shape (KES per minute → KES cents)', () => {
    expect(
      parsePublishedPricing({
        currency: 'KES',
        number_monthly_kes: 100,
        outbound_per_min_kes: 3.0,
        inbound_per_min_kes: 0.0,
        recording_free_gb: 5,
        updated_at: '2026-06-27T00:00:00Z',
      }),
    ).toEqual({ outboundPerMinKesCents: 300, inboundPerMinKesCents: 0, updatedAt: '2026-06-27T00:00:00Z' });
  });

  it('reads the changelog’s rates list: the KE-mobile rate, else the dearest of a direction', () => {
    expect(
      parsePublishedPricing({
        currency: 'KES',
        rates: [
          { direction: 'outbound', destination: 'KE-mobile', per_minute: 2.5 },
          { direction: 'outbound', destination: 'KE-landline', per_minute: 1.8 },
          { direction: 'inbound', destination: 'KE-mobile', per_minute: 0.0 },
        ],
        updated_at: '2026-06-15T00:00:00Z',
      }),
    ).toEqual({ outboundPerMinKesCents: 250, inboundPerMinKesCents: 0, updatedAt: '2026-06-15T00:00:00Z' });
    expect(
      parsePublishedPricing({
        rates: [
          { direction: 'outbound', destination: 'KE-landline', per_minute: 1.8 },
          { direction: 'outbound', destination: 'UG-mobile', per_minute: 4.25 },
        ],
      }),
    ).toEqual({ outboundPerMinKesCents: 425, inboundPerMinKesCents: undefined, updatedAt: undefined });
  });

  it('refuses another currency, and an answer with no rate it knows, naming what it saw', () => {
    expect(() => parsePublishedPricing({ currency: 'USD', outbound_per_min_kes: 0.03 })).toThrow(
      /in USD, not KES/,
    );
    expect(() => parsePublishedPricing({ currency: 'KES', price: 3 })).toThrow(/fields: currency, price/);
    expect(() => parsePublishedPricing({ outbound_per_min_kes: -1 })).toThrow(/no per-minute rate/);
    expect(() => parsePublishedPricing('<html>')).toThrow(/fields: none/);
  });
});

describe('readPublishedPricing', () => {
  it('GETs the public path with no key', async () => {
    const { url, seen } = await serve(200, {
      currency: 'KES',
      outbound_per_min_kes: 3,
      inbound_per_min_kes: 0,
    });
    await expect(readPublishedPricing({ baseUrl: url, timeoutMs: 1000 })).resolves.toMatchObject({
      outboundPerMinKesCents: 300,
    });
    expect(seen.map((r) => [r.method, r.url])).toEqual([['GET', PRICING_PATH]]);
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('says what went wrong: a refusal with Sautikit’s code, or no answer', async () => {
    const { url } = await serve(503, { error: { code: 'internal_error', message: 'try later' } });
    await expect(readPublishedPricing({ baseUrl: url, timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'SAUTIKIT_PRICING_REFUSED',
      retryable: true,
      message: expect.stringContaining('internal_error (try later) [HTTP 503]') as unknown as string,
    });
    server?.close();
    await expect(readPublishedPricing({ baseUrl: url, timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'SAUTIKIT_PRICING_UNREACHABLE',
    });
  });
});
