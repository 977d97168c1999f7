// mod_audio_fork's "audio.drachtio.org" protocol (jambonz listen): a first text frame of JSON call
// metadata, then binary PCM; our text frames are control messages (killAudio, mark, clearMarks,
// disconnect) that Sautikit may or may not pass through — sent, never relied on.
import { z } from 'zod';
import { SautiError } from '../base/errors';

export const MEDIA_SUBPROTOCOL = 'audio.drachtio.org';

export interface StreamMetadata {
  /** Every call id the frame names (its keys are undocumented: each spelling seen is read). */
  readonly callIds: readonly string[];
  readonly sampleRateHz?: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

const SID_KEYS = [
  'callSid',
  'call_sid',
  'CallSid',
  'CallId',
  'callId',
  'call_id',
  'sessionId',
  'session_id',
  // The stream's own id: kept as an alias too, so a stream status callback naming only it finds the call.
  'streamSid',
];

export function parseMetadata(text: string): StreamMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SautiError('MEDIA_BAD_METADATA', 'First text frame is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SautiError('MEDIA_BAD_METADATA', 'Metadata must be a JSON object');
  }
  const raw = parsed as Record<string, unknown>;
  const callIds: string[] = [];
  for (const k of SID_KEYS) {
    const v = raw[k];
    if (typeof v === 'string' && /^[\w.:-]{1,128}$/.test(v) && !callIds.includes(v)) callIds.push(v);
  }
  if (callIds.length === 0) throw new SautiError('MEDIA_BAD_METADATA', 'Metadata has no call SID');
  const rate = raw.sampleRate ?? raw.sample_rate ?? raw.sampleRateHz;
  return { callIds, sampleRateHz: typeof rate === 'number' ? rate : undefined, raw };
}

const inboundEvent = z.object({
  type: z.string(),
  data: z.unknown().optional(),
  event: z.string().optional(),
});
export type CarrierEvent = z.infer<typeof inboundEvent>;

/** Parses a text frame after the metadata: a mark report or other event; null when not understood. */
export function parseCarrierEvent(text: string): CarrierEvent | null {
  try {
    const r = inboundEvent.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export type ControlMessage =
  | { type: 'killAudio' }
  | { type: 'mark'; data: { name: string } }
  | { type: 'clearMarks' }
  | { type: 'disconnect' };

export const MAX_OUTSTANDING_MARKS = 30;

export const control = {
  killAudio: (): ControlMessage => ({ type: 'killAudio' }),
  mark: (name: string): ControlMessage => ({ type: 'mark', data: { name } }),
  clearMarks: (): ControlMessage => ({ type: 'clearMarks' }),
  disconnect: (): ControlMessage => ({ type: 'disconnect' }),
};
