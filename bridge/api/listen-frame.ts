// The binary listen frame (layout in contract.ts ListenFrameLayout), one implementation for both sides:
// the core encodes each listen-in batch once for every console that listens and decodes a headset's
// microphone; a teammate's relay checks a frame before passing it on; the window decodes the call's audio
// and encodes its microphone. Plain TypeScript with no Node or DOM imports, so the renderer imports it too;
// the shared test vectors hold it to the bytes.
import type { ListenAudio, ListenDirection, ListenFrameLayout } from './contract';

export const LISTEN_FRAME: ListenFrameLayout = {
  version: 1,
  headerBytes: 4,
  directionCodes: { inbound: 0, outbound: 1 },
  maxCallIdBytes: 128,
  maxSamples: 16_000,
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether a call id fits in a frame's header (1..maxCallIdBytes of UTF-8). */
export function callIdFitsListenFrame(callId: string): boolean {
  const bytes = utf8.encode(callId).length;
  return bytes >= 1 && bytes <= LISTEN_FRAME.maxCallIdBytes;
}

function pcmOffset(callIdBytes: number): number {
  return LISTEN_FRAME.headerBytes + callIdBytes + (callIdBytes % 2);
}

/** The largest frame a console can receive: header, longest call id (padded), one second of audio. */
export const MAX_LISTEN_FRAME_BYTES = pcmOffset(LISTEN_FRAME.maxCallIdBytes) + LISTEN_FRAME.maxSamples * 2;

/**
 * One frame in a fresh ArrayBuffer of exactly its size (so a MessagePort clones only the frame). Throws
 * on a call id or a batch the layout cannot carry: the caller's bug, never the console's.
 */
export function encodeListenFrame(
  callId: string,
  direction: ListenDirection,
  pcm: Int16Array,
): Uint8Array<ArrayBuffer> {
  const id = utf8.encode(callId);
  if (id.length < 1 || id.length > LISTEN_FRAME.maxCallIdBytes)
    throw new RangeError(`listen frame: call id of ${id.length} bytes`);
  if (pcm.length < 1 || pcm.length > LISTEN_FRAME.maxSamples)
    throw new RangeError(`listen frame: ${pcm.length} samples`);
  const start = pcmOffset(id.length);
  const frame = new Uint8Array(start + pcm.length * 2);
  frame[0] = LISTEN_FRAME.version;
  frame[1] = LISTEN_FRAME.directionCodes[direction];
  frame[2] = id.length;
  frame.set(id, LISTEN_FRAME.headerBytes);
  if (HOST_LITTLE_ENDIAN) {
    frame.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), start);
  } else {
    const view = new DataView(frame.buffer, start);
    for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i]!, true);
  }
  return frame;
}

/**
 * The frame's audio, or null when it breaks any rule of the layout (then it is dropped whole). The samples
 * are read in place when they are aligned, copied when not.
 */
export function decodeListenFrame(data: ArrayBuffer | Uint8Array): ListenAudio | null {
  const frame = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (frame.length < LISTEN_FRAME.headerBytes || frame.length > MAX_LISTEN_FRAME_BYTES) return null;
  const [version, code, idBytes, reserved] = [frame[0]!, frame[1]!, frame[2]!, frame[3]!];
  if (version !== LISTEN_FRAME.version || reserved !== 0) return null;
  const direction: ListenDirection | null =
    code === LISTEN_FRAME.directionCodes.inbound
      ? 'inbound'
      : code === LISTEN_FRAME.directionCodes.outbound
        ? 'outbound'
        : null;
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
  let pcm: Int16Array;
  if (HOST_LITTLE_ENDIAN && at % 2 === 0) {
    pcm = new Int16Array(frame.buffer, at, pcmBytes / 2);
  } else {
    const view = new DataView(frame.buffer, at, pcmBytes);
    pcm = new Int16Array(pcmBytes / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true);
  }
  return { callId, direction, pcm };
}
