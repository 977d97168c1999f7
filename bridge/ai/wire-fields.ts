// Reading a realtime service's JSON at the edge (Gemini Live messages, OpenAI Realtime events): each
// field the session uses is type-checked, and the first wrong one is named in a MalformedField.
import { pcmFromBase64 } from './pcm-base64';

export type WireObject = Record<string, unknown>;

/** A known field with the wrong shape; the message names it. */
export class MalformedField extends Error {}

export function obj(value: unknown, what: string): WireObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedField(`${what} is not an object`);
  return value as WireObject;
}

export function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new MalformedField(`${what} is not a string`);
  return value;
}

/** 16-bit PCM carried as base64 in a string field. */
export function pcmField(value: unknown, what: string): Int16Array {
  const data = str(value, what);
  try {
    return pcmFromBase64(data);
  } catch (err) {
    if (err instanceof RangeError) throw new MalformedField(`${what}: ${err.message}`);
    throw err;
  }
}
