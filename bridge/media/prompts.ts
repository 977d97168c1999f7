// Prompts the bridge speaks itself when no AI voice is available (the AI leg failed, or the call is
// leaving the AI and it cannot say the hand-off line). Bundled as base64 modules: no file lookup.
import { APOLOGY_EN_PCM16_BASE64 } from './assets/apology-en';
import { HANDOFF_EN_PCM16_BASE64 } from './assets/handoff-en';
import { int16FromBuffer } from './pcm';

export type PromptName = 'apology' | 'handoff';

export const PROMPT_RATE_HZ = 16_000;

const sources: Record<PromptName, string> = {
  apology: APOLOGY_EN_PCM16_BASE64,
  handoff: HANDOFF_EN_PCM16_BASE64,
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
