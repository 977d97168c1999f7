import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelDbfs } from '../../../bridge/media/pcm';
import { promptPcm, PROMPT_RATE_HZ } from '../../../bridge/media/prompts';
import { parseWav } from '../../sim/wav';

const assets = path.resolve(__dirname, '../../../bridge/media/assets');

describe('prompts', () => {
  for (const [name, file] of [
    ['apology', 'apology-en.wav'],
    ['handoff', 'handoff-en.wav'],
  ] as const) {
    it(`${name}: bundled PCM matches its 16 kHz WAV source, short and audible`, () => {
      const pcm = promptPcm(name);
      const wav = parseWav(readFileSync(path.join(assets, file)));
      expect(wav.sampleRateHz).toBe(PROMPT_RATE_HZ);
      expect(pcm).toEqual(wav.samples);
      const ms = (pcm.length / PROMPT_RATE_HZ) * 1000;
      expect(ms).toBeGreaterThan(1000);
      expect(ms).toBeLessThan(5000);
      expect(levelDbfs(pcm)).toBeGreaterThan(-30);
      expect(promptPcm(name)).toBe(pcm);
    });
  }
});
