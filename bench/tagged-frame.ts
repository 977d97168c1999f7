// Voice frames that say when they were sent: a person's side of a two-leg call writes its send time
// into the first samples of each 20 ms frame (a tone fills the rest, so levels and meters see speech),
// and the far side reads it back to measure what the bridge added. The bridge relays these frames
// byte for byte (caller ⇄ agent), so the tag survives the trip; frames without the mark (hold music,
// prompts) are not relayed voice.

export const FRAME_SAMPLES = 320;
export const FRAME_BYTES = FRAME_SAMPLES * 2;
/** Samples 4 and 5 hold this mark; samples 0–3 the send time (a float64, performance clock ms). */
const MARK_A = 0x5a17;
const MARK_B = 0x0c0d;
const TONE_HZ = 440;
const TONE_AMPLITUDE = 6000;
const SAMPLE_RATE_HZ = 16_000;

/** A new frame of tone (continuing `phase`, a sample count) tagged with `sentAtMs`. */
export function taggedFrame(sentAtMs: number, phase: number): Int16Array {
  const frame = new Int16Array(FRAME_SAMPLES);
  for (let i = 6; i < FRAME_SAMPLES; i++) {
    frame[i] = Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * (phase + i)) / SAMPLE_RATE_HZ));
  }
  new DataView(frame.buffer).setFloat64(0, sentAtMs, true);
  frame[4] = MARK_A;
  frame[5] = MARK_B;
  return frame;
}

/** The send time tagged in the 20 ms frame at `offset` of `bytes`, or null when it carries no tag. */
export function sentAtOf(bytes: Buffer, offset: number): number | null {
  if (bytes.length - offset < FRAME_BYTES) return null;
  if (bytes.readInt16LE(offset + 8) !== MARK_A || bytes.readInt16LE(offset + 10) !== MARK_B) return null;
  return bytes.readDoubleLE(offset);
}
