// Which call changes deserve a desktop notification: a call the window has not seen yet, and a call that
// starts escalating to a person. Each at most once per call; pure, so it is tested without Electron.
import type { LiveCall } from '../bridge/desktop';

export type AttentionKind = 'new' | 'escalated';

export interface Attention {
  readonly kind: AttentionKind;
  readonly title: string;
  readonly body: string;
  readonly callId: string;
}

function reasonText(reason: string | undefined): string {
  return reason ? reason.replace(/[-_]+/g, ' ') : 'needs a person';
}

export function attentionMessage(kind: AttentionKind, call: LiveCall): Attention {
  const who = call.callerName ? `${call.callerName} (${call.from})` : call.from;
  if (kind === 'new')
    return { kind, callId: call.callId, title: 'New call', body: `${who} — the AI is answering` };
  return {
    kind,
    callId: call.callId,
    title: 'A caller needs a person',
    body: `${who} — ${reasonText(call.escalationReason)}`,
  };
}

export class AttentionTracker {
  private readonly seen = new Map<string, { escalated: boolean }>();

  /** Feed every call.changed; returns what to announce, if anything. */
  callChanged(call: LiveCall): Attention | null {
    if (call.phase === 'ended') {
      this.seen.delete(call.callId);
      return null;
    }
    const escalating = call.escalationReason !== undefined || call.phase === 'handing-off';
    const known = this.seen.get(call.callId);
    if (!known) {
      this.seen.set(call.callId, { escalated: escalating });
      return attentionMessage(escalating ? 'escalated' : 'new', call);
    }
    if (escalating && !known.escalated) {
      known.escalated = true;
      return attentionMessage('escalated', call);
    }
    return null;
  }

  callEnded(callId: string): void {
    this.seen.delete(callId);
  }
}
