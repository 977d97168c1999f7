// One speaker's transcript line as a provider streams it: fragments go out as partials and add up, and
// the line closes with one final, carrying the whole line or the provider's own text of it.
import type { RealtimeSessionEvents } from './provider';

type TranscriptEvent = 'caller.transcript' | 'agent.transcript';

export class TranscriptLine {
  private sofar = '';

  constructor(
    private readonly event: TranscriptEvent,
    private readonly emit: (name: TranscriptEvent, payload: RealtimeSessionEvents[TranscriptEvent]) => void,
  ) {}

  /** The fragments received since the line opened. */
  get text(): string {
    return this.sofar;
  }

  /** A new fragment (an empty one is not news). */
  add(fragment: string): void {
    if (!fragment) return;
    this.sofar += fragment;
    this.emit(this.event, { text: fragment, final: false });
  }

  /** Closes the line with its fragments; a line with none closes silently. */
  end(): void {
    if (!this.sofar) return;
    const text = this.sofar;
    this.sofar = '';
    this.emit(this.event, { text, final: true });
  }

  /** Closes the line with the provider's text of it, replacing the fragments (a blank text is not sent). */
  endWith(text: string): void {
    this.sofar = '';
    if (text.trim()) this.emit(this.event, { text, final: true });
  }

  /** Forgets the fragments without closing the line (a reply cut off by the caller). */
  drop(): void {
    this.sofar = '';
  }
}
