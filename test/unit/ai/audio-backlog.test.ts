import { describe, expect, it } from 'vitest';
import { AudioBacklog } from '../../../bridge/ai/audio-backlog';

describe('AudioBacklog', () => {
  it('keeps audio in order and empties on drain', () => {
    const b = new AudioBacklog(1000, 16_000);
    b.push(new Int16Array([1]));
    b.push(new Int16Array([2, 3]));
    expect(b.drain().map((c) => Array.from(c))).toEqual([[1], [2, 3]]);
    expect(b.drain()).toEqual([]);
  });

  it('drops the oldest audio beyond its limit', () => {
    const b = new AudioBacklog(10, 16_000); // 160 samples
    for (let i = 0; i < 5; i++) b.push(new Int16Array(64).fill(i));
    const kept = b.drain();
    expect(kept.map((c) => c[0])).toEqual([3, 4]);
  });
});
