// The two fake AI services as the AI harnesses use them: how to start one, the settings that point the
// app's provider at it, and the session setups it has received.
import type { ConfigInput } from '../../bridge/config/config';
import { FAKE_GEMINI_KEY, FakeGeminiLive, type FakeGeminiOptions } from '../fakes/fake-gemini-live';
import { FAKE_OPENAI_KEY, FakeOpenAiRealtime, type FakeOpenAiOptions } from '../fakes/fake-openai-realtime';
import type { FakeScriptOptions } from '../fakes/fake-script';

/** What every fake AI service does for a test. */
export interface FakeAi {
  readonly url: string;
  /** Drops every connection without a close frame. */
  dropConnections(): void;
  /** Sends raw text on every connection. */
  sendRaw(data: string): void;
  stop(): Promise<void>;
}

export interface FakeAiService<F extends FakeAi, O extends FakeScriptOptions> {
  start(options: O): Promise<F>;
  /** The settings that make `createProvider` talk to `fake`. */
  settings(fake: F): ConfigInput;
  /** Every session setup the fake received (Gemini `setup`, OpenAI `session.update`). */
  setups(fake: F): readonly unknown[];
}

export const GEMINI_LIVE: FakeAiService<FakeGeminiLive, FakeGeminiOptions> = {
  start: (options) => FakeGeminiLive.start(options),
  settings: (fake) => ({ aiProvider: 'gemini', geminiApiKey: FAKE_GEMINI_KEY, geminiApiBase: fake.url }),
  setups: (fake) => fake.setups,
};

export const OPENAI_REALTIME: FakeAiService<FakeOpenAiRealtime, FakeOpenAiOptions> = {
  start: (options) => FakeOpenAiRealtime.start(options),
  settings: (fake) => ({ aiProvider: 'openai', openaiApiKey: FAKE_OPENAI_KEY, openaiApiBase: fake.url }),
  setups: (fake) => fake.sessionUpdates,
};
