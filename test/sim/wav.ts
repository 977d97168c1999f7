// Minimal WAV (RIFF, 16-bit PCM mono) reading and writing for fixtures and call recordings.
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeWav } from '../../bridge/media/wav';

export { encodeWav };

export interface Wav {
  readonly sampleRateHz: number;
  readonly samples: Int16Array;
}

export function parseWav(buf: Buffer): Wav {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file');
  let offset = 12;
  let sampleRateHz = 0;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(body + 2);
      sampleRateHz = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (channels !== 1 || bits !== 16) throw new Error(`unsupported WAV: ${channels} ch, ${bits} bit`);
      const end = Math.min(buf.length, body + size);
      const samples = new Int16Array((end - body) >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(body + i * 2);
      return { sampleRateHz, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}

export function readWav(file: string): Wav {
  return parseWav(readFileSync(file));
}

export function writeWav(file: string, samples: Int16Array, sampleRateHz: number): void {
  writeFileSync(file, encodeWav(samples, sampleRateHz));
}
