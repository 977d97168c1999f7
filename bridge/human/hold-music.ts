// The hold music a waiting caller hears: a soft eight-second loop synthesised here (a I–vi–IV–V
// arpeggio over a quiet pad), so it is our own composition, free to play on any call, and costs no
// bundled file. Made once, on first use, at the carrier's rate; its length is a whole number of 20 ms
// frames and every note fades in and out, so the loop repeats without a click.

export const HOLD_MUSIC_RATE_HZ = 16_000;
/** Two seconds a chord, four chords. */
const CHORD_MS = 2000;
const NOTES_PER_CHORD = 8;
/** Peak level of the mix: gentle under a phone line's automatic gain (about −18 dBFS). */
const PEAK = 0.125;

/** MIDI note numbers: C major, A minor, F major, G major (root, third, fifth, octave). */
const CHORDS: readonly (readonly number[])[] = [
  [60, 64, 67, 72],
  [57, 60, 64, 69],
  [53, 57, 60, 65],
  [55, 59, 62, 67],
];
/** The arpeggio's order through a chord's four notes. */
const PATTERN = [0, 1, 2, 3, 2, 1, 2, 3];

const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

let cached: Int16Array | null = null;

/** The loop (16 kHz, shared: never write to it). */
export function holdMusic(): Int16Array {
  cached ??= synthesise();
  return cached;
}

function synthesise(): Int16Array {
  const rate = HOLD_MUSIC_RATE_HZ;
  const chordSamples = (CHORD_MS * rate) / 1000;
  const total = chordSamples * CHORDS.length;
  const mix = new Float64Array(total);
  const noteSamples = chordSamples / NOTES_PER_CHORD;
  const fade = Math.round(0.02 * rate);
  CHORDS.forEach((chord, c) => {
    const start = c * chordSamples;
    // The pad: root and fifth an octave down, faded in and out over each chord.
    for (const midi of [chord[0]! - 12, chord[2]! - 12]) {
      const f = hz(midi);
      for (let i = 0; i < chordSamples; i++) {
        const edge = Math.min(1, i / (rate * 0.3), (chordSamples - i) / (rate * 0.3));
        mix[start + i]! += 0.18 * edge * Math.sin((2 * Math.PI * f * i) / rate);
      }
    }
    // The arpeggio: a plucked sine with a touch of its octave, decaying through its eighth of the chord.
    PATTERN.forEach((n, k) => {
      const f = hz(chord[n]!);
      const noteStart = start + k * noteSamples;
      for (let i = 0; i < noteSamples; i++) {
        const attack = Math.min(1, i / (rate * 0.005));
        const release = Math.min(1, (noteSamples - i) / fade);
        const env = attack * release * Math.exp(-i / (rate * 0.12));
        const t = i / rate;
        mix[noteStart + i]! +=
          0.5 * env * (Math.sin(2 * Math.PI * f * t) + 0.25 * Math.sin(4 * Math.PI * f * t));
      }
    });
  });
  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  const scale = (PEAK * 32767) / (peak || 1);
  const out = new Int16Array(total);
  for (let i = 0; i < total; i++) out[i] = Math.round(mix[i]! * scale);
  return out;
}
