// The call rates the estimate uses: a setting wins, else Sautikit's published price (read at start and
// daily, only with an API key), else the defaults; a failed read keeps the last good one. The published
// prices come from a scripted server on port 0; time is a FakeClock.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CarrierRates,
  PRICING_REFRESH_MS,
  PRICING_RETRY_MS,
  type CarrierRateSettings,
} from '../../../bridge/calls/carrier-rates';
import { FakeClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import { waitFor } from '../../sim/carrier';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A pricing endpoint answering `replies` in turn (the last one repeats). */
async function pricing(replies: { status: number; body: unknown }[]) {
  const seen: string[] = [];
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const kenyaPage = (outboundKes: number) => ({
  status: 200,
  body: { currency: 'KES', outbound_per_min_kes: outboundKes, inbound_per_min_kes: 0.5 },
});

function rates(settings: Partial<CarrierRateSettings> & { sautikitApiBase: string }) {
  const clock = new FakeClock();
  const s: CarrierRateSettings = { sautikitTimeoutMs: 1000, ...settings };
  return { clock, s, rates: new CarrierRates({ clock, log: createSilentLog(), settings: () => s }) };
}

describe('CarrierRates', () => {
  it('uses the defaults, and asks nobody, while there is no API key', async () => {
    const { url, seen } = await pricing([kenyaPage(3)]);
    const { rates: r } = rates({ sautikitApiBase: url });
    await r.refresh();
    expect(seen).toEqual([]);
    expect(r.outbound()).toEqual({ perMinKesCents: 300, source: 'default' });
    expect(r.inbound()).toEqual({ perMinKesCents: 0, source: 'default' });
  });

  it('uses Sautikit’s published price once read, and an explicit setting over it', async () => {
    const { url, seen } = await pricing([kenyaPage(2.75)]);
    const { rates: r, clock, s } = rates({ sautikitApiBase: url, sautikitApiKey: 'sk' });
    clock.advance(60_000);
    await r.refresh();
    expect(seen).toEqual(['GET /v1/public/pricing']);
    expect(r.outbound()).toEqual({ perMinKesCents: 275, source: 'sautikit', readAtMs: clock.epochMs() });
    expect(r.inbound()).toMatchObject({ perMinKesCents: 50, source: 'sautikit' });
    const explicit = { ...s, outboundPerMinKesCents: 310, inboundPerMinKesCents: 0 };
    const mine = new CarrierRates({ clock, log: createSilentLog(), settings: () => explicit });
    await mine.refresh();
    expect(mine.outbound()).toEqual({ perMinKesCents: 310, source: 'setting' });
    expect(mine.inbound()).toEqual({ perMinKesCents: 0, source: 'setting' });
  });

  it('reads again daily; a failed read keeps the last good price and tries again sooner', async () => {
    const { url, seen } = await pricing([
      kenyaPage(3),
      { status: 503, body: { error: { code: 'internal_error', message: 'down' } } },
      kenyaPage(3.5),
    ]);
    const { rates: r, clock } = rates({ sautikitApiBase: url, sautikitApiKey: 'sk' });
    r.start();
    await waitFor(() => r.outbound().source === 'sautikit' || undefined, 2000, 'the first read');
    const firstRead = r.outbound();
    clock.advance(PRICING_REFRESH_MS - 1);
    expect(seen).toHaveLength(1);
    clock.advance(1);
    await waitFor(() => (seen.length === 2 ? true : undefined), 2000, 'the daily read');
    // The read failed: still the last good price, and the next try comes sooner than a day.
    await new Promise((res) => setTimeout(res, 50));
    expect(r.outbound()).toEqual(firstRead);
    clock.advance(PRICING_RETRY_MS);
    await waitFor(() => (r.outbound().perMinKesCents === 350 ? true : undefined), 2000, 'the retry');
    r.stop();
    clock.advance(PRICING_REFRESH_MS * 3);
    await new Promise((res) => setTimeout(res, 50));
    expect(seen).toHaveLength(3);
  });
});
