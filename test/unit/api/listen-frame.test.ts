// The core's side of the binary listen frame against the shared test vectors (the window's decoder is
// held to the same bytes in test/unit/renderer/api/listen-frame.test.ts).
import { describe, expect, it } from 'vitest';
import type { ListenDirection } from '../../../bridge/api/contract';
import {
  callIdFitsListenFrame,
  decodeListenFrame,
  encodeListenFrame,
  LISTEN_FRAME,
  MAX_LISTEN_FRAME_BYTES,
} from '../../../bridge/api/listen-frame';
import vectors from '../../fixtures/listen-frame-vectors.json';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hexOf = (frame: Uint8Array) => Buffer.from(frame).toString('hex');

describe('listen frame (core)', () => {
  it.each(vectors.valid)('encodes and decodes the shared vector: $name', (v) => {
    const direction = v.direction as ListenDirection;
    const frame = encodeListenFrame(v.callId, direction, Int16Array.from(v.samples));
    expect(hexOf(frame)).toBe(v.hex);
    // A frame of its own: a MessagePort clones exactly these bytes, not a larger slab.
    expect(frame.byteOffset).toBe(0);
    expect(frame.buffer.byteLength).toBe(frame.length);
    const decoded = decodeListenFrame(bytes(v.hex));
    expect(decoded && { ...decoded, pcm: [...decoded.pcm] }).toEqual({
      callId: v.callId,
      direction,
      pcm: v.samples,
    });
  });

  it.each(vectors.malformed)('drops the malformed vector: $name', (v) => {
    expect(decodeListenFrame(bytes(v.hex))).toBeNull();
  });

  it('decodes a frame that sits at an odd offset in a larger buffer (a pooled Node Buffer)', () => {
    const v = vectors.valid[0]!;
    const slab = new Uint8Array(v.hex.length / 2 + 3);
    slab.set(bytes(v.hex), 1);
    const decoded = decodeListenFrame(slab.subarray(1, 1 + v.hex.length / 2));
    expect(decoded && [...decoded.pcm]).toEqual(v.samples);
  });

  it('bounds a frame: one second of audio at most, a call id of 1..128 bytes', () => {
    const second = new Int16Array(LISTEN_FRAME.maxSamples).fill(3);
    const longest = encodeListenFrame('C'.repeat(127), 'inbound', second);
    expect(longest.length).toBe(MAX_LISTEN_FRAME_BYTES);
    expect(decodeListenFrame(longest)?.pcm.length).toBe(LISTEN_FRAME.maxSamples);
    const tooLong = new Uint8Array(longest.length + 2);
    tooLong.set(longest);
    expect(decodeListenFrame(tooLong)).toBeNull();
    expect(() => encodeListenFrame('CA1', 'inbound', new Int16Array(LISTEN_FRAME.maxSamples + 1))).toThrow(
      RangeError,
    );
    expect(() => encodeListenFrame('CA1', 'inbound', new Int16Array(0))).toThrow(RangeError);
    expect(() => encodeListenFrame('C'.repeat(129), 'inbound', second)).toThrow(RangeError);
    expect(() => encodeListenFrame('', 'inbound', second)).toThrow(RangeError);
    expect(callIdFitsListenFrame('C'.repeat(128))).toBe(true);
    expect(callIdFitsListenFrame('é'.repeat(65))).toBe(false);
    expect(callIdFitsListenFrame('')).toBe(false);
  });
});
