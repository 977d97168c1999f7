// Gemini Live through the official @google/genai SDK: one session per call that survives the
// service's connection recycling (gemini-resumable-link). Only when resuming fails does the call hear
// about it (an error, and the bridge's apology).
import type { Config } from '../config/config';
import type { GeminiLinkSettings } from './gemini-resumable-link';
import { GEMINI_CAPABILITIES, GeminiSession } from './gemini-session';
import { GeminiClient } from './gemini-transport';
import { SessionProvider } from './session-provider';

export type GeminiSettings = GeminiLinkSettings & Pick<Config, 'geminiApiKey' | 'geminiApiBase'>;

export class GeminiProvider extends SessionProvider {
  constructor(settings: GeminiSettings & { geminiApiKey: string }, defaultInstructions: string) {
    const client = new GeminiClient({
      apiKey: settings.geminiApiKey,
      httpOptions: settings.geminiApiBase ? { baseUrl: settings.geminiApiBase } : undefined,
    });
    super({
      name: 'gemini',
      model: settings.geminiModel,
      capabilities: GEMINI_CAPABILITIES,
      defaultInstructions,
      createSession: (instructions, options) => new GeminiSession(client, settings, instructions, options),
    });
  }
}
