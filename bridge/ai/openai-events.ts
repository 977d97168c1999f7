// Reading OpenAI Realtime server events at the edge: the fields the session uses, type-checked, with
// a MalformedEvent naming the first field that is wrong. Unknown fields and event types pass untouched.
import { pcmFromBase64 } from './pcm-base64';

export type EventObject = Record<string, unknown>;

export class MalformedEvent extends Error {}

export function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new MalformedEvent(`${what} is not a string`);
  return value;
}

export function obj(value: unknown, what: string): EventObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedEvent(`${what} is not an object`);
  }
  return value as EventObject;
}

/** A token count, or undefined when absent or not a count (usage is informative, never fatal). */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export interface AudioDelta {
  readonly responseId: string | null;
  readonly itemId: string;
  readonly contentIndex: number;
  readonly pcm: Int16Array;
}

/** `response.output_audio.delta` (GA) or `response.audio.delta` (beta). */
export function readAudioDelta(e: EventObject): AudioDelta {
  let pcm: Int16Array;
  try {
    pcm = pcmFromBase64(str(e.delta, 'delta'));
  } catch (err) {
    if (err instanceof RangeError) throw new MalformedEvent(`delta: ${err.message}`);
    throw err;
  }
  return {
    responseId: typeof e.response_id === 'string' ? e.response_id : null,
    itemId: str(e.item_id, 'item_id'),
    contentIndex: typeof e.content_index === 'number' ? e.content_index : 0,
    pcm,
  };
}
