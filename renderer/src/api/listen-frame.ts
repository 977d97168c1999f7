// The binary listen frame on the window's side (layout in the contract's ListenFrameLayout): a call's
// live audio as the transports hand it over, decoded without copying when the samples are aligned. The
// core's encoder (bridge/api/listen-frame.ts) must agree byte for byte; the shared test vectors hold
// both to it. A frame that breaks any rule is dropped whole (null).
import type { ListenAudio, ListenDirection, ListenFrameLayout } from './contract';

export const LISTEN_FRAME: ListenFrameLayout = {
  version: 1,
  headerBytes: 4,
  directionCodes: { inbound: 0, outbound: 1 },
  maxCallIdBytes: 128,
  maxSamples: 16_000,
};

const pcmOffset = (idBytes: number) => LISTEN_FRAME.headerBytes + idBytes + (idBytes % 2);
const MAX_FRAME_BYTES = pcmOffset(LISTEN_FRAME.maxCallIdBytes) + LISTEN_FRAME.maxSamples * 2;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function directionOf(code: number): ListenDirection | null {
  if (code === LISTEN_FRAME.directionCodes.inbound) return 'inbound';
  if (code === LISTEN_FRAME.directionCodes.outbound) return 'outbound';
  return null;
}

const utf8 = new TextEncoder();

/**
 * A frame of this window's audio (a headset's microphone) in an ArrayBuffer of exactly its size.
 * Throws on a call id or a batch the layout cannot carry: the caller's bug, never the core's.
 */
export function encodeListenFrame(callId: string, direction: ListenDirection, pcm: Int16Array): ArrayBuffer {
  const id = utf8.encode(callId);
  if (id.length < 1 || id.length > LISTEN_FRAME.maxCallIdBytes)
    throw new RangeError(`listen frame: call id of ${id.length} bytes`);
  if (pcm.length < 1 || pcm.length > LISTEN_FRAME.maxSamples)
    throw new RangeError(`listen frame: ${pcm.length} samples`);
  const start = pcmOffset(id.length);
  const buffer = new ArrayBuffer(start + pcm.length * 2);
  const frame = new Uint8Array(buffer);
  frame[0] = LISTEN_FRAME.version;
  frame[1] = LISTEN_FRAME.directionCodes[direction];
  frame[2] = id.length;
  frame.set(id, LISTEN_FRAME.headerBytes);
  const view = new DataView(buffer, start);
  for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i]!, true);
  return buffer;
}

export function decodeListenFrame(data: ArrayBuffer | Uint8Array): ListenAudio | null {
  const frame = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (frame.length < LISTEN_FRAME.headerBytes || frame.length > MAX_FRAME_BYTES) return null;
  if (frame[0] !== LISTEN_FRAME.version || frame[3] !== 0) return null;
  const direction = directionOf(frame[1]!);
  const idBytes = frame[2]!;
  if (!direction || idBytes < 1 || idBytes > LISTEN_FRAME.maxCallIdBytes) return null;
  const start = pcmOffset(idBytes);
  const pcmBytes = frame.length - start;
  if (pcmBytes < 2 || pcmBytes % 2 !== 0 || pcmBytes / 2 > LISTEN_FRAME.maxSamples) return null;
  if (idBytes % 2 === 1 && frame[start - 1] !== 0) return null;
  let callId: string;
  try {
    callId = strictUtf8.decode(frame.subarray(LISTEN_FRAME.headerBytes, LISTEN_FRAME.headerBytes + idBytes));
  } catch {
    return null;
  }
  const at = frame.byteOffset + start;
  if (HOST_LITTLE_ENDIAN && at % 2 === 0) {
    return { callId, direction, pcm: new Int16Array(frame.buffer, at, pcmBytes / 2) };
  }
  const view = new DataView(frame.buffer, at, pcmBytes);
  const pcm = new Int16Array(pcmBytes / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true);
  return { callId, direction, pcm };
}
