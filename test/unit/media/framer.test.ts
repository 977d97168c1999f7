import { describe, expect, it } from 'vitest';
import { Framer } from '../../../bridge/media/framer';

function bytesOf(samples: number[]): Uint8Array {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return b;
}

describe('Framer', () => {
  it('cuts whole frames and keeps the rest for later', () => {
    const frames: number[][] = [];
    const f = new Framer(4, (fr) => frames.push([...fr]));
    f.push(bytesOf([1, 2, 3, 4, 5, 6]));
    expect(frames).toEqual([[1, 2, 3, 4]]);
    f.push(bytesOf([7, 8]));
    expect(frames).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it('carries an odd trailing byte into the next message (sign and endianness kept)', () => {
    const frames: number[][] = [];
    const f = new Framer(3, (fr) => frames.push([...fr]));
    const all = bytesOf([-2, 300, -32768]);
    f.push(all.subarray(0, 3));
    expect(f.hasCarry()).toBe(true);
    f.push(all.subarray(3, 5));
    expect(f.hasCarry()).toBe(true);
    f.push(all.subarray(5));
    expect(f.hasCarry()).toBe(false);
    expect(frames).toEqual([[-2, 300, -32768]]);
  });

  it('gives the same samples whatever the message boundaries', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const bytes = bytesOf(samples);
    const out: number[] = [];
    const f = new Framer(160, (fr) => out.push(...fr));
    for (let off = 0; off < bytes.length;) {
      const n = 1 + ((off * 31) % 97);
      f.push(bytes.subarray(off, off + n));
      off += n;
    }
    f.flush();
    expect(out.slice(0, samples.length)).toEqual(samples);
    expect(out.length).toBe(Math.ceil(samples.length / 160) * 160);
  });
});
