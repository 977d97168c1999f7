// The Gemini Live session configuration (the SDK turns it into the `setup` message): native audio out,
// the voice, the instruction, both transcriptions, phone-tuned activity detection, the handoff tool,
// session resumption and context window compression (Live API session-management guide).
import {
  ActivityHandling,
  EndSensitivity,
  Modality,
  StartSensitivity,
  type LiveConnectConfig,
} from '@google/genai';
import type { Config } from '../config/config';
import { HANDOFF_TOOL_DESCRIPTION, HANDOFF_TOOL_NAME, HANDOFF_TOOL_PARAMETERS } from './handoff-tool';

export type GeminiSetupSettings = Pick<
  Config,
  | 'geminiVoice'
  | 'geminiVadStartSensitivity'
  | 'geminiVadEndSensitivity'
  | 'geminiVadPrefixPaddingMs'
  | 'geminiVadSilenceMs'
>;

/** A fresh config per connection: the SDK rewrites parts of it in place while it builds `setup`. */
export function geminiLiveConfig(
  settings: GeminiSetupSettings,
  instructions: string,
  resumptionHandle: string | null,
): LiveConnectConfig {
  return {
    responseModalities: [Modality.AUDIO],
    speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: settings.geminiVoice } } },
    systemInstruction: { parts: [{ text: instructions }] },
    tools: [
      {
        functionDeclarations: [
          {
            name: HANDOFF_TOOL_NAME,
            description: HANDOFF_TOOL_DESCRIPTION,
            parametersJsonSchema: structuredClone(HANDOFF_TOOL_PARAMETERS),
          },
        ],
      },
    ],
    inputAudioTranscription: {},
    outputAudioTranscription: {},
    realtimeInputConfig: {
      automaticActivityDetection: {
        disabled: false,
        startOfSpeechSensitivity:
          settings.geminiVadStartSensitivity === 'high'
            ? StartSensitivity.START_SENSITIVITY_HIGH
            : StartSensitivity.START_SENSITIVITY_LOW,
        endOfSpeechSensitivity:
          settings.geminiVadEndSensitivity === 'high'
            ? EndSensitivity.END_SENSITIVITY_HIGH
            : EndSensitivity.END_SENSITIVITY_LOW,
        prefixPaddingMs: settings.geminiVadPrefixPaddingMs,
        silenceDurationMs: settings.geminiVadSilenceMs,
      },
      // Barge-in: the caller talking cuts the model's reply (the service then sends `interrupted`).
      activityHandling: ActivityHandling.START_OF_ACTIVITY_INTERRUPTS,
    },
    sessionResumption: resumptionHandle ? { handle: resumptionHandle } : {},
    contextWindowCompression: { slidingWindow: {} },
  };
}

/**
 * Gemini 3.1 Flash Live accepts `clientContent` only to seed history at setup (1007 otherwise; its
 * migration notes, livekit/agents#5251): text then goes as `realtimeInput.text`. Later models take
 * `clientContent` for the whole session again.
 */
export function textGoesAsRealtimeInput(model: string): boolean {
  return /^gemini-3\.1-flash-live/.test(model.replace(/^models\//, ''));
}
