// What the fake providers say and hear: the 24 kHz agent speech fixtures, the caller lines of
// test/fixtures/speech/INDEX.tsv, and helpers to cut speech into chunks and text into fragments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWav } from '../sim/wav';

export const AGENT_RATE_HZ = 24_000;
const SPEECH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'speech');

/** Fixture file → its text (INDEX.tsv). */
export const SPEECH_TEXT: Readonly<Record<string, string>> = Object.fromEntries(
  readFileSync(path.join(SPEECH_DIR, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cols) => cols.length >= 3)
    .map(([file, , text]) => [file!, text!.trim()]),
);

export const GREETING_TEXT = SPEECH_TEXT['agent-greeting.wav']!;
export const LONG_REPLY_TEXT = SPEECH_TEXT['agent-long-reply.wav']!;

const cache = new Map<string, Int16Array>();

/** 16-bit PCM of a speech fixture at its own rate (16 kHz caller lines, 24 kHz `-24k` agent lines). */
export function speech(file: string): Int16Array {
  let pcm = cache.get(file);
  if (!pcm) {
    pcm = readWav(path.join(SPEECH_DIR, file)).samples;
    cache.set(file, pcm);
  }
  return pcm;
}

/** The agent's voice for a line: the long reply fixture for long lines, the greeting for short ones. */
export function agentVoice(text: string): Int16Array {
  return speech(text.length > 80 ? 'agent-long-reply-24k.wav' : 'agent-greeting-24k.wav');
}

export function chunkPcm(pcm: Int16Array, chunkSamples: number): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < pcm.length; i += chunkSamples) out.push(pcm.subarray(i, i + chunkSamples));
  return out;
}

/** Text in `parts` fragments as a streaming transcriber sends them (each carries its leading space). */
export function fragments(text: string, parts: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const n = Math.max(1, Math.min(parts, words.length));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * words.length) / n);
    const to = Math.floor(((i + 1) * words.length) / n);
    out.push((i === 0 ? '' : ' ') + words.slice(from, to).join(' '));
  }
  return out;
}

export function base64Pcm(pcm: Int16Array): string {
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
}

export function pcmFromBase64(data: string): Int16Array {
  const bytes = Buffer.from(data, 'base64');
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

/** Text between the first pair of double quotes, as the bridge quotes lines it wants said. */
export function quoted(text: string): string | null {
  const m = /"([^"]+)"/.exec(text);
  return m ? m[1]! : null;
}
