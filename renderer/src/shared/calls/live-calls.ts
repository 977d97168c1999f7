// The live board's state: every live call by id, and which calls still ask for attention (new, or
// newly escalated) until an agent looks at them. Fed by console events; read by the board and the
// notifier. No DOM: tested on its own.
import type { LiveCall } from '../../api/contract';
import { callStatus, type CallGroup } from './call-status';
import { ExternalStore } from '../state/external-store';

export type AttentionKind = 'new' | 'escalation';

export interface LiveCallsState {
  readonly byId: ReadonlyMap<string, LiveCall>;
  readonly attention: ReadonlyMap<string, AttentionKind>;
  /** Outcome of calls that ended while someone was looking at them. */
  readonly ended: ReadonlyMap<string, string>;
}

export type AttentionListener = (kind: AttentionKind, call: LiveCall) => void;

const EMPTY: LiveCallsState = { byId: new Map(), attention: new Map(), ended: new Map() };
const MAX_ENDED_REMEMBERED = 50;

function needsPerson(call: LiveCall): boolean {
  return callStatus(call).group === 'needs-person';
}

export class LiveCallsStore extends ExternalStore<LiveCallsState> {
  private readonly attentionListeners = new Set<AttentionListener>();

  constructor() {
    super(EMPTY);
  }

  onAttention(listener: AttentionListener): () => void {
    this.attentionListeners.add(listener);
    return () => this.attentionListeners.delete(listener);
  }

  /** A fresh list from calls.list (start or reconnect): calls already known are not "new" again. */
  replaceAll(calls: readonly LiveCall[]): void {
    const prev = this.get();
    const byId = new Map(calls.map((c) => [c.callId, c]));
    const attention = new Map([...prev.attention].filter(([id]) => byId.has(id)));
    for (const c of calls)
      if (!prev.byId.has(c.callId) && needsPerson(c)) attention.set(c.callId, 'escalation');
    this.set({ ...prev, byId, attention });
  }

  changed(call: LiveCall): void {
    const prev = this.get();
    const before = prev.byId.get(call.callId);
    const byId = new Map(prev.byId);
    byId.set(call.callId, call);
    let attention: Map<string, AttentionKind> | ReadonlyMap<string, AttentionKind> = prev.attention;
    let raised: AttentionKind | null = null;
    if (!before) raised = needsPerson(call) ? 'escalation' : 'new';
    else if (!needsPerson(before) && needsPerson(call)) raised = 'escalation';
    else if (needsPerson(before) && !needsPerson(call) && prev.attention.get(call.callId) === 'escalation') {
      const next = new Map(attention);
      next.delete(call.callId);
      attention = next;
    }
    if (raised) {
      const next = new Map(attention);
      next.set(call.callId, raised);
      attention = next;
    }
    this.set({ ...prev, byId, attention });
    if (raised) for (const fn of [...this.attentionListeners]) fn(raised, call);
  }

  levels(callId: string, inboundDbfs: number, outboundDbfs: number): void {
    const prev = this.get();
    const call = prev.byId.get(callId);
    if (!call) return;
    const byId = new Map(prev.byId);
    byId.set(callId, { ...call, levels: { inboundDbfs, outboundDbfs } });
    this.set({ ...prev, byId });
  }

  ended(callId: string, outcome: string): void {
    const prev = this.get();
    const byId = new Map(prev.byId);
    byId.delete(callId);
    const attention = new Map(prev.attention);
    attention.delete(callId);
    const ended = new Map(prev.ended);
    ended.set(callId, outcome);
    if (ended.size > MAX_ENDED_REMEMBERED) ended.delete(ended.keys().next().value as string);
    this.set({ byId, attention, ended });
  }

  /** An agent has seen the call: it stops drawing attention. */
  acknowledge(callId: string): void {
    const prev = this.get();
    if (!prev.attention.has(callId)) return;
    const attention = new Map(prev.attention);
    attention.delete(callId);
    this.set({ ...prev, attention });
  }
}

export interface BoardGroups {
  readonly 'needs-person': readonly LiveCall[];
  readonly ai: readonly LiveCall[];
  readonly 'with-agent': readonly LiveCall[];
}

/** Calls by board group, oldest first within a group so cards do not jump around. */
export function groupCalls(byId: ReadonlyMap<string, LiveCall>): BoardGroups {
  const groups: Record<CallGroup, LiveCall[]> = { 'needs-person': [], ai: [], 'with-agent': [] };
  for (const c of byId.values()) groups[callStatus(c).group].push(c);
  for (const list of Object.values(groups))
    list.sort((a, b) => a.startedAt - b.startedAt || a.callId.localeCompare(b.callId));
  return groups;
}

/** The board's reading order (needs a person, then AI, then with agents), for keyboard navigation. */
export function boardOrder(byId: ReadonlyMap<string, LiveCall>): readonly LiveCall[] {
  const g = groupCalls(byId);
  return [...g['needs-person'], ...g.ai, ...g['with-agent']];
}
