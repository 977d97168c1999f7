import { describe, expect, it } from 'vitest';
import { pcmFromBase64, pcmToBase64 } from '../../../bridge/ai/pcm-base64';

describe('PCM in base64', () => {
  it('round-trips little-endian 16-bit samples', () => {
    const pcm = new Int16Array([0, 1, -1, 32767, -32768]);
    const b64 = pcmToBase64(pcm);
    expect(Buffer.from(b64, 'base64')).toEqual(Buffer.from([0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80]));
    expect(Array.from(pcmFromBase64(b64))).toEqual(Array.from(pcm));
  });

  it('refuses what is not whole-sample base64', () => {
    expect(() => pcmFromBase64('not base64!')).toThrow(RangeError);
    expect(() => pcmFromBase64('AAAA')).toThrow(/odd number/);
    expect(pcmFromBase64('').length).toBe(0);
  });
});
