// The demo agent's lines: the words it says (its transcript) and the bundled 16 kHz recording of them
// (assets/, made with espeak-ng as assets/README.md says). The hand-off line is the bridge's own
// recorded prompt, which says the default hand-off message.
import { int16FromBuffer } from '../../media/pcm';
import { promptPcm } from '../../media/prompts';
import { DEMO_FINISHED_EN_PCM16_BASE64 } from './assets/demo-finished-en';
import { DEMO_GREETING_EN_PCM16_BASE64 } from './assets/demo-greeting-en';
import { DEMO_HOURS_EN_PCM16_BASE64 } from './assets/demo-hours-en';

export type DemoLineId = 'greeting' | 'hours' | 'handoff' | 'finished';

export const DEMO_RATE_HZ = 16_000;

export interface DemoLine {
  readonly id: DemoLineId;
  /** What the recording says, word for word. */
  readonly text: string;
  /** The recording at DEMO_RATE_HZ, decoded once and shared: never write to it. */
  readonly pcm: Int16Array;
}

const TEXT: Readonly<Record<DemoLineId, string>> = {
  greeting:
    "Hello! This is the Sauti Console demo agent. I am a script, not a real AI, so I can't understand " +
    'your words. Ask me a question, for example: when are you open?',
  hours:
    'We are open from eight in the morning to five in the evening, Monday to Saturday. You can talk over ' +
    'me at any time, and I will stop, just like a real agent. Try it now: while I am still talking, ask ' +
    'to speak to a person, and I will hand you over to a colleague.',
  handoff: 'Please hold while I connect you to a colleague.',
  finished:
    'That is the end of the demo script. To talk with a real AI agent, add a Gemini or OpenAI key in Settings.',
};

const RECORDING: Readonly<Record<DemoLineId, () => Int16Array>> = {
  greeting: () => decode(DEMO_GREETING_EN_PCM16_BASE64),
  hours: () => decode(DEMO_HOURS_EN_PCM16_BASE64),
  handoff: () => promptPcm('handoff'),
  finished: () => decode(DEMO_FINISHED_EN_PCM16_BASE64),
};

const decoded = new Map<DemoLineId, DemoLine>();

export function demoLine(id: DemoLineId): DemoLine {
  let line = decoded.get(id);
  if (!line) {
    line = { id, text: TEXT[id], pcm: RECORDING[id]() };
    decoded.set(id, line);
  }
  return line;
}

function decode(base64: string): Int16Array {
  // A private aligned copy: the base64 decode may sit at an odd offset in Node's buffer pool.
  return int16FromBuffer(new Uint8Array(Buffer.from(base64, 'base64'))).slice();
}
