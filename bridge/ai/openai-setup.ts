// The OpenAI Realtime `session.update` (GA shape, openai 6.x types): audio/pcm at 24 kHz both ways,
// server or semantic VAD, input transcription, noise reduction, the voice, the instructions and the
// handoff tool.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type { Config } from '../config/config';
import { HANDOFF_TOOL_DESCRIPTION, HANDOFF_TOOL_NAME, HANDOFF_TOOL_PARAMETERS } from './handoff-tool';

export const OPENAI_RATE_HZ = 24_000;

export type OpenAiSetupSettings = Pick<
  Config,
  | 'openaiModel'
  | 'openaiVoice'
  | 'openaiVad'
  | 'openaiVadThreshold'
  | 'openaiVadSilenceMs'
  | 'openaiVadPrefixPaddingMs'
  | 'openaiVadEagerness'
  | 'openaiTranscriptionModel'
  | 'openaiNoiseReduction'
>;

export function openAiSession(
  settings: OpenAiSetupSettings,
  instructions: string,
): RealtimeSessionCreateRequest {
  const format = { type: 'audio/pcm', rate: OPENAI_RATE_HZ } as const;
  // The caller talking cuts the reply on the server too (interrupt_response), as barge-in needs.
  const turnDetection =
    settings.openaiVad === 'semantic_vad'
      ? {
          type: 'semantic_vad' as const,
          eagerness: settings.openaiVadEagerness,
          create_response: true,
          interrupt_response: true,
        }
      : {
          type: 'server_vad' as const,
          threshold: settings.openaiVadThreshold,
          silence_duration_ms: settings.openaiVadSilenceMs,
          prefix_padding_ms: settings.openaiVadPrefixPaddingMs,
          create_response: true,
          interrupt_response: true,
        };
  return {
    type: 'realtime',
    model: settings.openaiModel,
    instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        format,
        turn_detection: turnDetection,
        // No language hint: callers switch between English and Swahili.
        transcription: { model: settings.openaiTranscriptionModel },
        ...(settings.openaiNoiseReduction === 'off'
          ? {}
          : { noise_reduction: { type: settings.openaiNoiseReduction } }),
      },
      output: { format, voice: settings.openaiVoice },
    },
    tools: [
      {
        type: 'function',
        name: HANDOFF_TOOL_NAME,
        description: HANDOFF_TOOL_DESCRIPTION,
        parameters: structuredClone(HANDOFF_TOOL_PARAMETERS),
      },
    ],
    tool_choice: 'auto',
  };
}
