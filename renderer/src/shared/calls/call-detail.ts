// One live call as the call view sees it: the call, its transcript (partials replaced in place by
// turn and speaker), its timeline and its levels, kept current from console events.
import type { LiveCall, LiveCallDetail, TimelineItem, TranscriptLine } from '../../api/contract';
import { ExternalStore } from '../state/external-store';

export interface CallDetailState {
  readonly status: 'loading' | 'live' | 'ended' | 'missing';
  readonly call: LiveCall | null;
  readonly transcript: readonly TranscriptLine[];
  readonly timeline: readonly TimelineItem[];
  readonly outcome?: string;
  readonly error?: string;
}

const MAX_LINES = 500;
const MAX_TIMELINE = 300;

/** A line replaces the last line of the same turn and speaker (a partial growing, then final). */
export function applyLine(lines: readonly TranscriptLine[], line: TranscriptLine): readonly TranscriptLine[] {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (l.turnId === line.turnId && l.speaker === line.speaker) {
      const next = lines.slice();
      next[i] = line;
      return next;
    }
  }
  const next = [...lines, line];
  return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
}

function sameItem(a: TimelineItem, b: TimelineItem): boolean {
  return a.at === b.at && a.kind === b.kind && a.summary === b.summary;
}

export function applyTimeline(items: readonly TimelineItem[], item: TimelineItem): readonly TimelineItem[] {
  if (items.some((i) => sameItem(i, item))) return items;
  const next = [...items, item];
  return next.length > MAX_TIMELINE ? next.slice(next.length - MAX_TIMELINE) : next;
}

type Pending =
  | { kind: 'line'; line: TranscriptLine }
  | { kind: 'timeline'; item: TimelineItem }
  | { kind: 'call'; call: LiveCall };

export class CallDetailStore extends ExternalStore<CallDetailState> {
  private pending: Pending[] = [];

  constructor(readonly callId: string) {
    super({ status: 'loading', call: null, transcript: [], timeline: [] });
  }

  load(detail: LiveCallDetail): void {
    const { transcript, timeline, ...call } = detail;
    let state: CallDetailState = { ...this.get(), status: 'live', call, transcript, timeline };
    for (const p of this.pending) state = reduce(state, p);
    this.pending = [];
    if (this.get().status === 'ended') state = { ...state, status: 'ended', outcome: this.get().outcome };
    this.set(state);
  }

  missing(message: string): void {
    this.set({ ...this.get(), status: 'missing', error: message });
  }

  line(line: TranscriptLine): void {
    this.apply({ kind: 'line', line });
  }

  timelineItem(item: TimelineItem): void {
    this.apply({ kind: 'timeline', item });
  }

  changed(call: LiveCall): void {
    this.apply({ kind: 'call', call });
  }

  levels(inboundDbfs: number, outboundDbfs: number): void {
    const s = this.get();
    if (s.call) this.set({ ...s, call: { ...s.call, levels: { inboundDbfs, outboundDbfs } } });
  }

  ended(outcome: string): void {
    const s = this.get();
    this.set({
      ...s,
      status: 'ended',
      outcome,
      call: s.call ? { ...s.call, phase: 'ended', activity: 'idle' } : null,
    });
  }

  private apply(p: Pending): void {
    const s = this.get();
    if (s.status === 'loading') this.pending.push(p);
    else this.set(reduce(s, p));
  }
}

function reduce(s: CallDetailState, p: Pending): CallDetailState {
  switch (p.kind) {
    case 'line':
      return { ...s, transcript: applyLine(s.transcript, p.line) };
    case 'timeline':
      return { ...s, timeline: applyTimeline(s.timeline, p.item) };
    case 'call':
      return s.status === 'ended' ? s : { ...s, call: p.call };
  }
}
