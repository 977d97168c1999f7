// Reading OpenAI Realtime server events at the edge: the fields the session uses, type-checked (a
// MalformedField names the first one that is wrong). Unknown fields and event types pass untouched.
import type { TokenUsage } from './provider';
import { pcmField, str, type WireObject } from './wire-fields';

/** A token count, or undefined when absent or not a count (usage is informative, never fatal). */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A usage breakdown object (`input_token_details`, …), or an empty one when absent or not an object. */
export function detailsOf(value: unknown): WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : {};
}

export interface AudioDelta {
  readonly responseId: string | null;
  readonly itemId: string;
  readonly contentIndex: number;
  readonly pcm: Int16Array;
}

/** `response.output_audio.delta` (GA) or `response.audio.delta` (beta). */
export function readAudioDelta(e: WireObject): AudioDelta {
  const pcm = pcmField(e.delta, 'delta');
  return {
    responseId: typeof e.response_id === 'string' ? e.response_id : null,
    itemId: str(e.item_id, 'item_id'),
    contentIndex: typeof e.content_index === 'number' ? e.content_index : 0,
    pcm,
  };
}

/**
 * The `usage` of `conversation.item.input_audio_transcription.completed` when billed by tokens (GA:
 * `{ type: 'tokens', input_tokens, output_tokens, total_tokens, input_token_details: { audio_tokens } }`);
 * null for the `duration` kind, or when absent.
 */
export function transcriptionUsage(value: unknown): TokenUsage | null {
  const usage = detailsOf(value);
  if (usage.type !== 'tokens') return null;
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    totalTokens: count(usage.total_tokens),
    inputAudioTokens: count(detailsOf(usage.input_token_details).audio_tokens),
  };
}
