// A take-over's progress per call, from the click until the caller is with a person: a pure reducer
// over what the agent did and what the console reported, so every step and failure is tested.
import type { AgentVia, LiveCall, TimelineItem } from '../../api/contract';
import { ExternalStore } from '../../shared/state/external-store';

export type TakeOverStage = 'requesting' | 'finding' | 'ringing' | 'connected' | 'failed';

export interface TakeOverProgress {
  readonly stage: TakeOverStage;
  /** Whom the agent asked for (themselves or a colleague). */
  readonly targetName: string;
  /** On this window's headset, or to a phone. */
  readonly via: AgentVia;
  readonly message: string;
}

export type TakeOverEvent =
  | { type: 'requested'; callId: string; targetName: string; via: AgentVia }
  | { type: 'accepted'; callId: string }
  | { type: 'refused'; callId: string; message: string }
  | { type: 'call'; call: LiveCall }
  | { type: 'timeline'; callId: string; item: TimelineItem }
  | { type: 'ended'; callId: string; outcome: string }
  | { type: 'dismiss'; callId: string };

export type TakeOverState = ReadonlyMap<string, TakeOverProgress>;

function callIdOf(e: TakeOverEvent): string {
  return e.type === 'call' ? e.call.callId : e.callId;
}

function step(p: TakeOverProgress | undefined, e: TakeOverEvent): TakeOverProgress | undefined {
  if (e.type === 'requested') {
    return {
      stage: 'requesting',
      targetName: e.targetName,
      via: e.via,
      message:
        e.via === 'headset'
          ? 'Putting the caller on your headset…'
          : `Calling ${e.targetName === 'you' ? 'your phone' : e.targetName}…`,
    };
  }
  if (e.type === 'dismiss' || !p) return undefined;
  if (p.stage === 'connected' && e.type !== 'ended') return p;
  switch (e.type) {
    case 'accepted':
      // A headset is on the call as soon as the core says so (the next call.changed).
      if (p.via === 'headset') return p;
      return p.stage === 'requesting'
        ? { ...p, stage: 'finding', message: 'The AI is handing the caller over…' }
        : p;
    case 'refused':
      return { ...p, stage: 'failed', message: e.message };
    case 'call': {
      const c = e.call;
      const ringing = c.agentLabel && /^ringing\s+/i.test(c.agentLabel);
      if ((c.phase === 'handing-off' || c.phase === 'queued') && ringing) {
        const who = c.agentLabel!.replace(/^ringing\s+/i, '');
        return { ...p, stage: 'ringing', message: `Ringing ${who} — pick up to talk to the caller` };
      }
      if (c.phase === 'handing-off') {
        return p.stage === 'requesting' || p.stage === 'finding'
          ? { ...p, stage: 'finding', message: 'The AI is handing the caller over; they hear hold music…' }
          : p;
      }
      if (c.phase === 'with-human') {
        const who = c.agentLabel?.replace(/^with\s+/i, '') ?? 'an agent';
        return {
          ...p,
          stage: 'connected',
          message:
            c.agentVia === 'headset'
              ? `Connected: ${who === p.targetName ? 'you are' : `${who} is`} talking to the caller on the headset`
              : `Connected: the caller is with ${who}`,
        };
      }
      if (c.phase === 'queued') {
        return {
          ...p,
          stage: 'failed',
          message: 'Nobody answered in time: the caller is waiting in the queue',
        };
      }
      if (c.phase === 'voicemail') {
        return { ...p, stage: 'failed', message: 'Nobody answered: the caller is leaving a voicemail' };
      }
      return p;
    }
    case 'timeline': {
      const { kind, summary } = e.item;
      if (kind === 'dial.result' && !/connected/i.test(summary)) {
        return {
          ...p,
          stage: 'finding',
          message: `No answer (${summary.replace(/^Dial\s+/i, '')}) — trying the next person…`,
        };
      }
      return p;
    }
    case 'ended':
      if (p.stage === 'connected') return undefined;
      return { ...p, stage: 'failed', message: 'The call ended before anyone answered' };
  }
}

export function reduceTakeOver(state: TakeOverState, e: TakeOverEvent): TakeOverState {
  const id = callIdOf(e);
  const before = state.get(id);
  if (!before && e.type !== 'requested') return state;
  const after = step(before, e);
  if (after === before) return state;
  const next = new Map(state);
  if (after) next.set(id, after);
  else next.delete(id);
  return next;
}

export class TakeOverStore extends ExternalStore<TakeOverState> {
  constructor() {
    super(new Map());
  }

  dispatch(e: TakeOverEvent): void {
    this.update((s) => reduceTakeOver(s, e));
  }

  isBusy(callId: string): boolean {
    const stage = this.get().get(callId)?.stage;
    return stage === 'requesting' || stage === 'finding' || stage === 'ringing';
  }
}
