// A sine tone: audio clearly louder than silence, for tests of levels, voice activity and playout.

/** A 16 kHz tone, for audio that is clearly louder than silence. */
export function tone(ms: number, hz = 440, amplitude = 8000, rateHz = 16000): Int16Array {
  const n = Math.round((ms / 1000) * rateHz);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rateHz));
  return out;
}
