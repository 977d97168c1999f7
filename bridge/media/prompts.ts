// Prompts the bridge speaks itself: when no AI voice is available (the AI leg failed, or the call is
// leaving the AI and it cannot say the hand-off line), and while a caller waits for a person (the
// queue line, their place in line, the voicemail line, goodbyes). Bundled as base64 modules: no file
// lookup. English recordings (assets/README.md says how they were made).
import { APOLOGY_EN_PCM16_BASE64 } from './assets/apology-en';
import { GOODBYE_EN_PCM16_BASE64 } from './assets/goodbye-en';
import { HANDOFF_EN_PCM16_BASE64 } from './assets/handoff-en';
import { MESSAGE_TAKEN_EN_PCM16_BASE64 } from './assets/message-taken-en';
import { PLACE_1_EN_PCM16_BASE64 } from './assets/place-1-en';
import { PLACE_2_EN_PCM16_BASE64 } from './assets/place-2-en';
import { PLACE_3_EN_PCM16_BASE64 } from './assets/place-3-en';
import { PLACE_4_EN_PCM16_BASE64 } from './assets/place-4-en';
import { PLACE_5_EN_PCM16_BASE64 } from './assets/place-5-en';
import { PLACE_MANY_EN_PCM16_BASE64 } from './assets/place-many-en';
import { QUEUE_EN_PCM16_BASE64 } from './assets/queue-en';
import { VOICEMAIL_EN_PCM16_BASE64 } from './assets/voicemail-en';
import { int16FromBuffer } from './pcm';

export type PromptName =
  | 'apology'
  | 'handoff'
  | 'queue'
  | 'place-1'
  | 'place-2'
  | 'place-3'
  | 'place-4'
  | 'place-5'
  | 'place-many'
  | 'voicemail'
  | 'message-taken'
  | 'goodbye';

export const PROMPT_RATE_HZ = 16_000;

const sources: Record<PromptName, string> = {
  apology: APOLOGY_EN_PCM16_BASE64,
  handoff: HANDOFF_EN_PCM16_BASE64,
  queue: QUEUE_EN_PCM16_BASE64,
  'place-1': PLACE_1_EN_PCM16_BASE64,
  'place-2': PLACE_2_EN_PCM16_BASE64,
  'place-3': PLACE_3_EN_PCM16_BASE64,
  'place-4': PLACE_4_EN_PCM16_BASE64,
  'place-5': PLACE_5_EN_PCM16_BASE64,
  'place-many': PLACE_MANY_EN_PCM16_BASE64,
  voicemail: VOICEMAIL_EN_PCM16_BASE64,
  'message-taken': MESSAGE_TAKEN_EN_PCM16_BASE64,
  goodbye: GOODBYE_EN_PCM16_BASE64,
};
const decoded = new Map<PromptName, Int16Array>();

/** The prompt's 16 kHz PCM, decoded once and shared: never write to it. */
export function promptPcm(name: PromptName): Int16Array {
  let pcm = decoded.get(name);
  if (!pcm) {
    const bytes = Buffer.from(sources[name], 'base64');
    // A private aligned copy: the base64 decode may sit at an odd offset in Node's buffer pool.
    pcm = int16FromBuffer(new Uint8Array(bytes)).slice();
    decoded.set(name, pcm);
  }
  return pcm;
}

/** The prompt that tells a waiting caller their place in line (1 = next). */
export function placeInLinePrompt(position: number): PromptName {
  if (position <= 1) return 'place-1';
  if (position === 2) return 'place-2';
  if (position === 3) return 'place-3';
  if (position === 4) return 'place-4';
  if (position === 5) return 'place-5';
  return 'place-many';
}
