// The OpenAI Realtime `session.update` (GA shape, openai 6.x types): audio/pcm at 24 kHz both ways,
// server or semantic VAD, input transcription, noise reduction, the voice, the instructions and the
// handoff tool; and the update that turns a session into a listener that never answers.
import type {
  RealtimeAudioInputTurnDetection,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
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

/**
 * The session, as a connection sets it up; `listenOnly`: the model never answers on its own (see
 * openAiListenOnlyUpdate), for a connection that replaces one already listening only.
 */
export function openAiSession(
  settings: OpenAiSetupSettings,
  instructions: string,
  listenOnly = false,
): RealtimeSessionCreateRequest {
  const format = { type: 'audio/pcm', rate: OPENAI_RATE_HZ } as const;
  return {
    type: 'realtime',
    model: settings.openaiModel,
    instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        format,
        turn_detection: turnDetection(settings, !listenOnly),
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

/**
 * The `session.update` that makes a session listen only: the same turn detection with
 * `create_response` and `interrupt_response` off — "the model will never respond automatically but VAD
 * events will still be emitted" (openai 6.x `RealtimeAudioInputTurnDetection`), and input transcription
 * goes on. Only the fields present are updated (`session.update` reference), so the rest stays.
 */
export function openAiListenOnlyUpdate(settings: OpenAiSetupSettings): RealtimeSessionCreateRequest {
  return { type: 'realtime', audio: { input: { turn_detection: turnDetection(settings, false) } } };
}

/**
 * Server or semantic VAD as set. `answers`: the caller's end of speech starts a reply
 * (create_response), and the caller talking cuts the reply on the server too (interrupt_response), as
 * barge-in needs.
 */
function turnDetection(settings: OpenAiSetupSettings, answers: boolean): RealtimeAudioInputTurnDetection {
  return settings.openaiVad === 'semantic_vad'
    ? {
        type: 'semantic_vad',
        eagerness: settings.openaiVadEagerness,
        create_response: answers,
        interrupt_response: answers,
      }
    : {
        type: 'server_vad',
        threshold: settings.openaiVadThreshold,
        silence_duration_ms: settings.openaiVadSilenceMs,
        prefix_padding_ms: settings.openaiVadPrefixPaddingMs,
        create_response: answers,
        interrupt_response: answers,
      };
}
