// The conversation so far as plain lines (who said what), for a model session that has to start over
// mid-call and be told what was said: a Gemini resumption the service refuses, OpenAI's planned
// reconnect before its session cap.

export interface SpokenLine {
  readonly speaker: 'caller' | 'agent';
  readonly text: string;
}

/**
 * The newest lines kept, in characters (about 2,000 tokens): enough for the model to carry a phone
 * conversation on without repeating itself, small enough to add no noticeable setup time.
 */
export const MEMORY_MAX_CHARS = 8000;

export class ConversationMemory {
  private readonly kept: SpokenLine[] = [];
  private chars = 0;
  private recorded = 0;

  constructor(private readonly maxChars = MEMORY_MAX_CHARS) {}

  /** A finished line; blank lines are not kept, the oldest go first once over the limit. */
  record(speaker: SpokenLine['speaker'], text: string): void {
    const clean = text.trim();
    if (!clean) return;
    this.kept.push({ speaker, text: clean });
    this.recorded++;
    this.chars += clean.length;
    while (this.chars > this.maxChars && this.kept.length > 1) this.chars -= this.kept.shift()!.text.length;
  }

  /** The lines kept, oldest first. */
  get lines(): readonly SpokenLine[] {
    return this.kept;
  }

  /** How many lines were ever recorded (a mark: `since` gives the lines recorded after it). */
  get total(): number {
    return this.recorded;
  }

  /** The lines recorded after `mark` (a `total` read earlier), as far as they are still kept. */
  since(mark: number): readonly SpokenLine[] {
    const count = Math.min(this.recorded - mark, this.kept.length);
    return count > 0 ? this.kept.slice(-count) : [];
  }
}
