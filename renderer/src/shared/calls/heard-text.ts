// After a barge-in, how much of the AI's line did the caller actually hear? The line's text is what
// the model said (or began to say); heardMs is how much audio was played. At a steady speaking rate,
// the heard part is the text up to heardMs, cut at a word boundary.

/** Typical synthetic speech: about 14 characters (≈ 2.5 words) a second. */
export const CHARS_PER_SECOND = 14;

export interface HeardSplit {
  readonly heard: string;
  readonly unheard: string;
}

export function splitHeard(text: string, heardMs: number | undefined): HeardSplit {
  if (heardMs === undefined || heardMs < 0) return { heard: text, unheard: '' };
  const estimate = Math.round((heardMs / 1000) * CHARS_PER_SECOND);
  if (estimate >= text.length) return { heard: text, unheard: '' };
  if (estimate <= 0) return { heard: '', unheard: text };
  // End the heard part at the word the caller was in the middle of.
  const nextSpace = text.indexOf(' ', estimate);
  const cut = nextSpace < 0 ? text.length : nextSpace;
  return { heard: text.slice(0, cut), unheard: text.slice(cut) };
}
