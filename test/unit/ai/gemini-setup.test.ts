import { describe, expect, it } from 'vitest';
import { geminiLiveConfig, textGoesAsRealtimeInput } from '../../../bridge/ai/gemini-setup';

const settings = {
  geminiVoice: 'Aoede',
  geminiVadStartSensitivity: 'low',
  geminiVadEndSensitivity: 'low',
  geminiVadPrefixPaddingMs: 100,
  geminiVadSilenceMs: 700,
} as const;

describe('Gemini Live config', () => {
  it('resumes with a handle when there is one, and starts fresh otherwise', () => {
    expect(geminiLiveConfig(settings, 'x', null).sessionResumption).toEqual({});
    expect(geminiLiveConfig(settings, 'x', 'h-9').sessionResumption).toEqual({ handle: 'h-9' });
  });

  it('maps the VAD settings', () => {
    expect(geminiLiveConfig(settings, 'x', null).realtimeInputConfig?.automaticActivityDetection).toEqual({
      disabled: false,
      startOfSpeechSensitivity: 'START_SENSITIVITY_LOW',
      endOfSpeechSensitivity: 'END_SENSITIVITY_LOW',
      prefixPaddingMs: 100,
      silenceDurationMs: 700,
    });
  });

  it('gives each connection its own objects (the SDK edits them in place)', () => {
    const a = geminiLiveConfig(settings, 'x', null);
    const b = geminiLiveConfig(settings, 'x', null);
    expect(a.tools).not.toBe(b.tools);
    expect(a.tools).toEqual(b.tools);
  });

  it('sends text as realtime input only for the model that refuses client content mid-session', () => {
    expect(textGoesAsRealtimeInput('gemini-3.1-flash-live-preview')).toBe(true);
    expect(textGoesAsRealtimeInput('models/gemini-3.1-flash-live-preview')).toBe(true);
    expect(textGoesAsRealtimeInput('gemini-3.8-live')).toBe(false);
    expect(textGoesAsRealtimeInput('gemini-2.5-flash-native-audio-preview-12-2025')).toBe(false);
  });
});
