import { describe, expect, it } from 'vitest';
import {
  bufferFromInt16,
  durationMs,
  int16FromBuffer,
  levelDbfs,
  SILENCE_DBFS,
} from '../../../bridge/media/pcm';

describe('pcm', () => {
  it('writes samples as little-endian bytes, sign kept', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 258]);
    const bytes = bufferFromInt16(samples);
    expect(bytes.length).toBe(12);
    expect([...bytes]).toEqual([0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80, 0x02, 0x01]);
    for (let i = 0; i < samples.length; i++) expect(bytes.readInt16LE(i * 2)).toBe(samples[i]);
  });

  it('converts a sub-array view without copying the whole backing store', () => {
    const all = Int16Array.from([1, 2, 3, 4, 5]);
    const bytes = bufferFromInt16(all.subarray(1, 3));
    expect(bytes.length).toBe(4);
    expect(bytes.readInt16LE(0)).toBe(2);
    expect(bytes.readInt16LE(2)).toBe(3);
  });

  it('reads little-endian bytes back, aligned or not, ignoring an odd trailing byte', () => {
    const src = Buffer.alloc(9);
    [-2, 300, -32768, 32767].forEach((s, i) => src.writeInt16LE(s, i * 2));
    expect([...int16FromBuffer(src)]).toEqual([-2, 300, -32768, 32767]);
    const shifted = Buffer.alloc(10);
    src.copy(shifted, 1, 0, 8);
    expect([...int16FromBuffer(shifted.subarray(1, 9))]).toEqual([-2, 300, -32768, 32767]);
  });

  it('round-trips random audio', () => {
    const samples = new Int16Array(1000);
    for (let i = 0; i < samples.length; i++) samples[i] = Math.floor(Math.random() * 65536) - 32768;
    expect(int16FromBuffer(Buffer.from(bufferFromInt16(samples)))).toEqual(samples);
  });

  it('meters levels in dBFS', () => {
    expect(levelDbfs(new Int16Array(320))).toBe(SILENCE_DBFS);
    expect(levelDbfs(new Int16Array(0))).toBe(SILENCE_DBFS);
    const square = new Int16Array(320).fill(16384);
    expect(levelDbfs(square)).toBeCloseTo(-6.02, 1);
    const sine = new Int16Array(16000);
    for (let i = 0; i < sine.length; i++)
      sine[i] = Math.round(32767 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
    expect(levelDbfs(sine)).toBeCloseTo(-3.01, 1);
    expect(levelDbfs(Int16Array.from([1]))).toBeCloseTo(-90.3, 1);
  });

  it('gives durations in ms', () => {
    expect(durationMs(320, 16000)).toBe(20);
    expect(durationMs(480, 24000)).toBe(20);
  });
});
