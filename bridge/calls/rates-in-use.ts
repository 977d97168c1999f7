// The prices the cost estimates use right now, for the Settings screen: each call rate and AI audio
// price beside its setting, with where it came from (your setting, Sautikit's published price read at
// a time, a model's published price converted at a stated rate, or the default). With no AI answering
// calls, no AI price is shown.
import type { RateInUseView } from '../api/contract';
import { aiPricesFor, answersWithAi, KES_PER_USD, type AiPriceSettings } from './ai-prices';
import type { CallRates, RateInUse } from './carrier-rates';

export function ratesInUse(
  rates: CallRates,
  settings: AiPriceSettings,
  provider: string,
): Record<string, RateInUseView> {
  const ai = aiPricesFor(provider, settings);
  const aiPrice = (kesCents: number, set: boolean): RateInUseView =>
    set
      ? { kesCents, source: 'setting' }
      : ai.source === 'none'
        ? { kesCents, source: 'none', of: ai.label }
        : { kesCents, source: 'price-list', of: ai.label, kesPerUsd: KES_PER_USD };
  const calls = {
    outboundPerMinKesCents: carrier(rates.outbound()),
    inboundPerMinKesCents: carrier(rates.inbound()),
  };
  // With no AI answering there is no AI price to show.
  if (!answersWithAi(provider)) return calls;
  return {
    ...calls,
    aiInputPerMTokensKesCents: aiPrice(
      ai.audioInPerMTokensKesCents,
      settings.aiInputPerMTokensKesCents !== undefined,
    ),
    aiOutputPerMTokensKesCents: aiPrice(
      ai.audioOutPerMTokensKesCents,
      settings.aiOutputPerMTokensKesCents !== undefined,
    ),
  };
}

function carrier(rate: RateInUse): RateInUseView {
  return { kesCents: rate.perMinKesCents, source: rate.source, readAtMs: rate.readAtMs };
}
