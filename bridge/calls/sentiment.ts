// A small, explainable sentiment score for caller lines (English and Swahili as Kenyan callers speak
// them): a lexicon of weighted words, negation that flips the next scored word, and intensifiers
// that double it. Negative totals mean an unhappy caller; the escalation policy compares the running
// total of a call's caller lines with a configurable threshold.

const LEXICON: Readonly<Record<string, number>> = {
  // English, negative
  angry: -2,
  annoyed: -2,
  awful: -2,
  bad: -1,
  cheated: -3,
  disappointed: -2,
  disgusting: -3,
  fed: -1,
  frustrated: -2,
  frustrating: -2,
  furious: -3,
  hate: -3,
  horrible: -2,
  idiot: -3,
  idiots: -3,
  incompetent: -3,
  liar: -3,
  liars: -3,
  nonsense: -2,
  pathetic: -3,
  problem: -1,
  ridiculous: -2,
  rubbish: -2,
  scam: -3,
  stupid: -2,
  terrible: -2,
  unacceptable: -3,
  unhappy: -2,
  upset: -2,
  useless: -2,
  waste: -2,
  worst: -3,
  wrong: -1,
  // English, positive
  good: 1,
  great: 2,
  happy: 1,
  helpful: 1,
  excellent: 2,
  perfect: 2,
  thank: 1,
  thanks: 1,
  // Swahili / Sheng, negative
  hasira: -2,
  mbaya: -1,
  mbovu: -2,
  mjinga: -3,
  nimechoka: -2,
  nimekasirika: -3,
  sijaridhika: -2,
  sifurahi: -2,
  takataka: -2,
  ujinga: -2,
  upuuzi: -2,
  wajinga: -3,
  wezi: -3,
  mwizi: -3,
  hovyo: -2,
  shida: -1,
  // Swahili, positive
  asante: 1,
  nzuri: 1,
  poa: 1,
  safi: 1,
  vizuri: 1,
};

const NEGATIONS = new Set([
  'not',
  'never',
  'no',
  "don't",
  'dont',
  "isn't",
  'isnt',
  "wasn't",
  'wasnt',
  'hakuna',
  'si',
]);
/** English intensifiers come before the word, Swahili `sana` after it. */
const INTENSIFIERS_BEFORE = new Set(['very', 'so', 'really', 'extremely', 'totally', 'completely']);
const INTENSIFIERS_AFTER = new Set(['sana', 'kabisa']);

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0);
}

/** The score of one line: negative is unhappy. */
export function sentimentScore(text: string): number {
  const ws = words(text);
  let total = 0;
  for (let i = 0; i < ws.length; i++) {
    const base = LEXICON[ws[i]!];
    if (base === undefined) continue;
    let score = base;
    const before1 = ws[i - 1];
    const before2 = ws[i - 2];
    if (
      (before1 && NEGATIONS.has(before1)) ||
      (before2 && NEGATIONS.has(before2) && !LEXICON[before1 ?? ''])
    ) {
      score = -score;
    }
    if ((before1 && INTENSIFIERS_BEFORE.has(before1)) || (ws[i + 1] && INTENSIFIERS_AFTER.has(ws[i + 1]!))) {
      score *= 2;
    }
    total += score;
  }
  return total;
}
