import { describe, expect, it } from 'vitest';
import type { CallRates } from '../../../bridge/calls/carrier-rates';
import { ratesInUse } from '../../../bridge/calls/rates-in-use';

const rates: CallRates = {
  outbound: () => ({ perMinKesCents: 300, source: 'sautikit', readAtMs: 1_000 }),
  inbound: () => ({ perMinKesCents: 0, source: 'default' }),
};

describe('ratesInUse', () => {
  it('gives each cost setting its price now and where it came from', () => {
    expect(ratesInUse(rates, { aiPerMinKesCents: 0 }, 'openai')).toEqual({
      outboundPerMinKesCents: { kesCents: 300, source: 'sautikit', readAtMs: 1_000 },
      inboundPerMinKesCents: { kesCents: 0, source: 'default', readAtMs: undefined },
      aiInputPerMTokensKesCents: {
        kesCents: 412_800,
        source: 'price-list',
        of: 'OpenAI Realtime',
        kesPerUsd: 129,
      },
      aiOutputPerMTokensKesCents: {
        kesCents: 825_600,
        source: 'price-list',
        of: 'OpenAI Realtime',
        kesPerUsd: 129,
      },
    });
    expect(
      ratesInUse(rates, { aiPerMinKesCents: 0, aiOutputPerMTokensKesCents: 100_000 }, 'gemini')
        .aiOutputPerMTokensKesCents,
    ).toEqual({ kesCents: 100_000, source: 'setting' });
    expect(ratesInUse(rates, { aiPerMinKesCents: 0 }, 'someday-model').aiInputPerMTokensKesCents).toEqual({
      kesCents: 0,
      source: 'none',
      of: 'someday-model',
    });
  });

  it('shows no AI price while no AI answers calls', () => {
    expect(Object.keys(ratesInUse(rates, { aiPerMinKesCents: 0 }, 'none'))).toEqual([
      'outboundPerMinKesCents',
      'inboundPerMinKesCents',
    ]);
  });
});
