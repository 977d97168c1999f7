// Picks the realtime model from settings: `AI_PROVIDER` (gemini by default, openai, none) with the
// matching key; null when the chosen provider has no key, so calls go to the human route.
import type { Config } from '../config';
import { GeminiProvider } from './gemini';
import { buildInstructions } from './instructions';
import { OpenAiProvider } from './openai';
import type { RealtimeProvider } from './provider';

export function createProvider(config: Config): RealtimeProvider | null {
  const instructions = buildInstructions(config);
  switch (config.aiProvider) {
    case 'gemini': {
      const key = config.geminiApiKey;
      return key ? new GeminiProvider({ ...config, geminiApiKey: key }, instructions) : null;
    }
    case 'openai': {
      const key = config.openaiApiKey;
      return key ? new OpenAiProvider({ ...config, openaiApiKey: key }, instructions) : null;
    }
    case 'none':
      return null;
  }
}
