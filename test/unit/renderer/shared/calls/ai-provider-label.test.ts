import { describe, expect, it } from 'vitest';
import { aiProviderLabel, isDemoAgent } from '../../../../../renderer/src/shared/calls/ai-provider-label';

describe('aiProviderLabel', () => {
  it('names each provider in plain words, the demo agent as a script', () => {
    expect(aiProviderLabel('gemini')).toBe('Gemini Live');
    expect(aiProviderLabel('openai')).toBe('OpenAI Realtime');
    expect(aiProviderLabel('demo')).toBe('Demo agent (scripted, not a real AI)');
    expect(aiProviderLabel('something-new')).toBe('something-new');
    expect(aiProviderLabel(undefined)).toBe('…');
  });

  it('knows the demo agent by its provider name only', () => {
    expect(isDemoAgent('demo')).toBe(true);
    expect(isDemoAgent('gemini')).toBe(false);
    expect(isDemoAgent(undefined)).toBe(false);
  });
});
