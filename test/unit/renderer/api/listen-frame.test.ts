// The listen-frame codec as the window uses it (from ArrayBuffers, in the browser's environment) against
// the shared test vectors; test/unit/api/listen-frame.test.ts holds the same codec to them in Node.
import { describe, expect, it } from 'vitest';
import { decodeListenFrame } from '../../../../bridge/api/listen-frame';
import vectors from '../../../fixtures/listen-frame-vectors.json';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const plain = (a: ReturnType<typeof decodeListenFrame>) => a && { ...a, pcm: [...a.pcm] };

describe('listen frame (window)', () => {
  it.each(vectors.valid)('decodes the shared vector from an ArrayBuffer: $name', (v) => {
    expect(plain(decodeListenFrame(bytes(v.hex).buffer))).toEqual({
      callId: v.callId,
      direction: v.direction,
      pcm: v.samples,
    });
  });

  it.each(vectors.malformed)('drops the malformed vector: $name', (v) => {
    expect(decodeListenFrame(bytes(v.hex).buffer)).toBeNull();
  });

  it('reads the samples in place when they are aligned, and copies them when not', () => {
    const v = vectors.valid[0]!;
    const aligned = bytes(v.hex).buffer;
    expect(decodeListenFrame(aligned)?.pcm.buffer).toBe(aligned);
    const slab = new Uint8Array(v.hex.length / 2 + 1);
    slab.set(bytes(v.hex), 1);
    expect(plain(decodeListenFrame(slab.subarray(1)))?.pcm).toEqual(v.samples);
  });
});
