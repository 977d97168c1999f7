// What the AI on a call costs per million tokens, in KES cents: the audio prices set in Settings win;
// unset, the published prices of the model answering, converted from USD at a stated rate. These are
// estimates to adjust (the providers bill in USD, and change prices): the README says where each came from.
// Text and cached tokens are priced at the model's published text and cached rates, whatever is set.

/** KES per US dollar: the Central Bank of Kenya's indicative rate in January 2026 (KES 129.0). */
export const KES_PER_USD = 129;

/** USD per million tokens, by kind, as the provider publishes them. */
interface UsdPrices {
  readonly audioIn: number;
  readonly textIn: number;
  readonly cachedIn: number;
  readonly audioOut: number;
  readonly textOut: number;
}

interface PriceList {
  /** Who answers, in words (the cost line's detail names it). */
  readonly label: string;
  readonly usd: UsdPrices;
}

/**
 * Published prices by provider. Gemini Live (gemini-3.8-live): the Gemini API pricing page's Live
 * native-audio rows, $3.00 audio in and $12.00 audio out per 1M tokens (Google's forum answer for the
 * Flash Live model gives $0.005/min in and $0.018/min out, the same at 25 audio tokens a second), text
 * $0.75 in and $4.50 out; the model has no context caching. OpenAI Realtime (gpt-realtime-2.1, its model
 * page): audio $32 in, $64 out, cached input $0.40; text $4 in, $24 out. The demo agent is a local
 * script: it costs nothing.
 */
export const PUBLISHED_AI_PRICES: Readonly<Record<string, PriceList>> = {
  gemini: {
    label: 'Gemini Live',
    usd: { audioIn: 3, textIn: 0.75, cachedIn: 0.75, audioOut: 12, textOut: 4.5 },
  },
  openai: {
    label: 'OpenAI Realtime',
    usd: { audioIn: 32, textIn: 4, cachedIn: 0.4, audioOut: 64, textOut: 24 },
  },
  demo: {
    label: 'the demo agent (a local script: no AI charge)',
    usd: { audioIn: 0, textIn: 0, cachedIn: 0, audioOut: 0, textOut: 0 },
  },
};

export interface AiPriceSettings {
  readonly aiInputPerMTokensKesCents?: number;
  readonly aiOutputPerMTokensKesCents?: number;
  readonly aiPerMinKesCents: number;
}

/** KES cents per million tokens (and per minute on the call), with where the audio prices came from. */
export interface AiPrices {
  readonly audioInPerMTokensKesCents: number;
  readonly textInPerMTokensKesCents: number;
  readonly cachedInPerMTokensKesCents: number;
  readonly audioOutPerMTokensKesCents: number;
  readonly textOutPerMTokensKesCents: number;
  readonly perMinKesCents: number;
  /** `setting`: an audio price typed in; `published`: the list above; `none`: no price known. */
  readonly source: 'setting' | 'published' | 'none';
  readonly label: string;
}

/** Calls answered with no AI (the bridge's own human route, or echo for tests) have no AI cost. */
const NO_AI: ReadonlySet<string> = new Set(['none', 'echo']);

/** Whether a call's `provider` is an AI that can cost anything. */
export function answersWithAi(provider: string): boolean {
  return !NO_AI.has(provider);
}

/** USD per million tokens → KES cents per million tokens. */
export function usdToKesCents(usd: number): number {
  return Math.round(usd * KES_PER_USD * 100);
}

/** The prices for a call answered by `provider` (the call's `provider` field: gemini, openai, demo, …). */
export function aiPricesFor(provider: string, s: AiPriceSettings): AiPrices {
  const list = PUBLISHED_AI_PRICES[provider];
  const published = (usd: number | undefined) => (usd === undefined ? 0 : usdToKesCents(usd));
  const audioIn = s.aiInputPerMTokensKesCents ?? published(list?.usd.audioIn);
  const audioOut = s.aiOutputPerMTokensKesCents ?? published(list?.usd.audioOut);
  const set = s.aiInputPerMTokensKesCents !== undefined || s.aiOutputPerMTokensKesCents !== undefined;
  return {
    audioInPerMTokensKesCents: audioIn,
    // A model with no published list (an unknown name) has its tokens priced at what is set.
    textInPerMTokensKesCents: list ? published(list.usd.textIn) : audioIn,
    cachedInPerMTokensKesCents: list ? published(list.usd.cachedIn) : audioIn,
    audioOutPerMTokensKesCents: audioOut,
    textOutPerMTokensKesCents: list ? published(list.usd.textOut) : audioOut,
    perMinKesCents: s.aiPerMinKesCents,
    source: set ? 'setting' : list ? 'published' : 'none',
    label: list?.label ?? provider,
  };
}
