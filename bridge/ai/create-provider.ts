// Picks the realtime model from settings (config.ts providerChoice): Gemini or OpenAI when chosen with
// its key, the built-in demo agent while no AI key is set at all, null for `none` (calls go to people).
import type { Config } from '../config/config';
import { providerChoice } from '../config/config';
import { DemoProvider } from './demo/demo-provider';
import { GeminiProvider } from './gemini';
import { buildInstructions } from './instructions';
import { OpenAiProvider } from './openai';
import type { RealtimeProvider } from './provider';

export function createProvider(config: Config): RealtimeProvider | null {
  const { geminiApiKey, openaiApiKey } = config;
  switch (providerChoice(config).provider) {
    case 'gemini':
      return geminiApiKey ? new GeminiProvider({ ...config, geminiApiKey }, buildInstructions(config)) : null;
    case 'openai':
      return openaiApiKey ? new OpenAiProvider({ ...config, openaiApiKey }, buildInstructions(config)) : null;
    case 'demo':
      return new DemoProvider();
    case 'none':
      return null;
  }
}
