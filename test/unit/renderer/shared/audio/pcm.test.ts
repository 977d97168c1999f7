import { describe, expect, it } from 'vitest';
import { floatToInt16Sample, int16ToFloat32, levelDbfs } from '../../../../../renderer/src/shared/audio/pcm';

describe('pcm', () => {
  it('converts between int16 and floats with clipping', () => {
    expect([...int16ToFloat32(new Int16Array([-32768, 0, 16384]), new Float32Array(3))]).toEqual([
      -1, 0, 0.5,
    ]);
    expect([floatToInt16Sample(2), floatToInt16Sample(-2), floatToInt16Sample(0.5)]).toEqual([
      32767, -32768, 16384,
    ]);
  });

  it('reports silence as −100 dBFS and a full-scale square as 0', () => {
    expect(levelDbfs(new Int16Array(320))).toBe(-100);
    expect(levelDbfs(new Int16Array(0))).toBe(-100);
    const square = Int16Array.from({ length: 320 }, (_, i) => (i % 2 ? 32767 : -32768));
    expect(levelDbfs(square)).toBeCloseTo(0, 1);
  });
});
