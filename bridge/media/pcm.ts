// 16-bit PCM as the wire carries it (little-endian bytes) and as the bridge handles it (Int16Array),
// converted without copying on little-endian hosts, plus the frame level meter.
import os from 'node:os';

const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';
/** The level reported for digital silence (log of zero). */
export const SILENCE_DBFS = -100;
const FULL_SCALE = 32768;

/**
 * Little-endian bytes of `samples`. On little-endian hosts this is a view over the same memory (no
 * copy): the caller must not write to `samples` afterwards, e.g. while a socket still holds the bytes.
 */
export function bufferFromInt16(samples: Int16Array): Buffer {
  if (LITTLE_ENDIAN_HOST) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = Buffer.allocUnsafe(samples.byteLength);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, i * 2);
  return out;
}

/**
 * Samples of little-endian PCM bytes; a trailing odd byte is ignored (the Framer carries it when a
 * stream splits samples). A view when the bytes are aligned on a little-endian host, otherwise a copy.
 */
export function int16FromBuffer(bytes: Uint8Array): Int16Array {
  const count = bytes.byteLength >> 1;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0)
    return new Int16Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = (((bytes[2 * i + 1]! << 8) | bytes[2 * i]!) << 16) >> 16;
  return out;
}

/** RMS level of a frame in dBFS (a full-scale sine is about -3 dBFS); SILENCE_DBFS for silence. */
export function levelDbfs(frame: Int16Array): number {
  if (frame.length === 0) return SILENCE_DBFS;
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  if (sum === 0) return SILENCE_DBFS;
  const rms = Math.sqrt(sum / frame.length) / FULL_SCALE;
  return Math.max(SILENCE_DBFS, 20 * Math.log10(rms));
}

/** Duration in ms of `samples` at `sampleRateHz`. */
export function durationMs(samples: number, sampleRateHz: number): number {
  return (samples * 1000) / sampleRateHz;
}
