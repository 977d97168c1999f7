import { describe, expect, it } from 'vitest';
import { createProvider } from '../../../bridge/ai/create-provider';
import { loadConfig } from '../../../bridge/config/config';

describe('createProvider', () => {
  it('builds Gemini by default when its key is set', () => {
    const p = createProvider(loadConfig({ geminiApiKey: 'k' }));
    expect(p?.name).toBe('gemini');
    expect(p?.model).toBe('gemini-3.8-live');
    expect(p?.capabilities).toMatchObject({
      inputSampleRateHz: 16000,
      outputSampleRateHz: 24000,
      canResume: true,
      canTruncate: false,
    });
  });

  it('builds OpenAI when chosen', () => {
    const p = createProvider(
      loadConfig({ aiProvider: 'openai', openaiApiKey: 'sk', openaiModel: 'gpt-realtime-mini' }),
    );
    expect(p?.name).toBe('openai');
    expect(p?.model).toBe('gpt-realtime-mini');
    expect(p?.capabilities).toMatchObject({
      inputSampleRateHz: 24000,
      outputSampleRateHz: 24000,
      canTruncate: true,
      canResume: false,
    });
  });

  it('returns null without the chosen provider key when the other key is set, or for none', () => {
    expect(createProvider(loadConfig({ aiProvider: 'gemini', openaiApiKey: 'sk' }))).toBeNull();
    expect(createProvider(loadConfig({ aiProvider: 'openai', geminiApiKey: 'k' }))).toBeNull();
    expect(
      createProvider(loadConfig({ aiProvider: 'none', geminiApiKey: 'k', openaiApiKey: 'sk' })),
    ).toBeNull();
  });

  it('builds the demo agent with no key at all, and never when a key is set', () => {
    const demo = createProvider(loadConfig({}));
    expect(demo?.name).toBe('demo');
    expect(demo?.model).toBe('sauti-demo-script');
    expect(demo?.capabilities).toMatchObject({ inputSampleRateHz: 16000, outputSampleRateHz: 16000 });
    expect(createProvider(loadConfig({ aiProvider: 'demo' }))?.name).toBe('demo');
    expect(createProvider(loadConfig({ aiProvider: 'demo', geminiApiKey: 'k' }))?.name).toBe('gemini');
  });
});
