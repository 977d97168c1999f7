// OpenAI Realtime through the official `openai` package: one session per call (openai-session) over
// the package's WebSocket client. The API has no session resumption: a planned move to a new connection
// before the service's time cap keeps long calls going, but a lost socket ends the AI leg.
import OpenAI from 'openai';
import type { Config } from '../config/config';
import type { OpenAiConnectionSettings } from './openai-connection';
import { OPENAI_CAPABILITIES, OpenAiSession } from './openai-session';
import { SessionProvider } from './session-provider';

export type OpenAiSettings = OpenAiConnectionSettings & Pick<Config, 'openaiApiKey' | 'openaiApiBase'>;

export class OpenAiProvider extends SessionProvider {
  constructor(settings: OpenAiSettings & { openaiApiKey: string }, defaultInstructions: string) {
    const client = new OpenAI({
      apiKey: settings.openaiApiKey,
      ...(settings.openaiApiBase ? { baseURL: settings.openaiApiBase } : {}),
    });
    super({
      name: 'openai',
      model: settings.openaiModel,
      capabilities: OPENAI_CAPABILITIES,
      defaultInstructions,
      createSession: (instructions, options) => new OpenAiSession(client, settings, instructions, options),
    });
  }
}
