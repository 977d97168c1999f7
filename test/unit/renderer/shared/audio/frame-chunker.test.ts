import { describe, expect, it } from 'vitest';
import { FrameChunker } from '../../../../../renderer/src/shared/audio/frame-chunker';

describe('FrameChunker', () => {
  it('emits whole frames in order and keeps the remainder for later', () => {
    const frames: number[][] = [];
    const c = new FrameChunker(4, (f) => frames.push([...f]));
    c.push(new Int16Array([1, 2, 3]));
    expect(frames).toEqual([]);
    c.push(new Int16Array([4, 5, 6, 7, 8, 9, 10]));
    expect(frames).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    c.push(new Int16Array([11, 12]));
    expect(frames.at(-1)).toEqual([9, 10, 11, 12]);
  });

  it('hands out copies, so a frame is not changed by later input', () => {
    const frames: Int16Array[] = [];
    const c = new FrameChunker(2, (f) => frames.push(f));
    c.push(new Int16Array([1, 2, 3, 4]));
    expect([...frames[0]!]).toEqual([1, 2]);
  });
});
