// 16-bit PCM as both realtime APIs carry it in JSON: base64 of little-endian bytes, checked on the way in.
import { bufferFromInt16, int16FromBuffer } from '../media/pcm';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function pcmToBase64(pcm: Int16Array): string {
  return bufferFromInt16(pcm).toString('base64');
}

/** The samples in `data`; throws a RangeError naming the problem when it is not whole-sample base64. */
export function pcmFromBase64(data: string): Int16Array {
  if (data.length % 4 !== 0 || !BASE64.test(data)) throw new RangeError('audio is not base64');
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length % 2 !== 0) throw new RangeError('odd number of PCM bytes');
  return int16FromBuffer(bytes);
}
