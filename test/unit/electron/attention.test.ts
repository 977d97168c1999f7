import { describe, expect, it } from 'vitest';
import type { LiveCall } from '../../../bridge/api/contract';
import { AttentionTracker } from '../../../electron/attention';

function call(overrides: Partial<LiveCall> = {}): LiveCall {
  return {
    callId: 'c1',
    from: '+254712345678',
    to: '+254700000000',
    phase: 'ai',
    activity: 'idle',
    startedAt: 0,
    provider: 'gemini',
    levels: { inboundDbfs: -90, outboundDbfs: -90 },
    ...overrides,
  };
}

describe('attention', () => {
  it('announces a new call once, then its escalation once', () => {
    const t = new AttentionTracker();
    expect(t.callChanged(call())).toMatchObject({
      kind: 'new',
      title: 'New call',
      body: '+254712345678 — the AI is answering',
    });
    expect(t.callChanged(call({ activity: 'caller-talking' }))).toBeNull();
    expect(t.callChanged(call({ phase: 'handing-off', escalationReason: 'caller-asked' }))).toMatchObject({
      kind: 'escalated',
      title: 'A caller needs a person',
      body: '+254712345678 — caller asked',
    });
    expect(t.callChanged(call({ phase: 'handing-off', escalationReason: 'caller-asked' }))).toBeNull();
  });

  it('announces a call first seen already escalating as an escalation, with the caller name', () => {
    const t = new AttentionTracker();
    expect(
      t.callChanged(call({ phase: 'queued', escalationReason: 'no-ai', callerName: 'Amina' })),
    ).toMatchObject({
      kind: 'escalated',
      body: 'Amina (+254712345678) — no ai',
    });
  });

  it('forgets ended calls, so an id reused later is new again', () => {
    const t = new AttentionTracker();
    t.callChanged(call());
    expect(t.callChanged(call({ phase: 'ended' }))).toBeNull();
    expect(t.callChanged(call())).toMatchObject({ kind: 'new' });
    t.callEnded('c1');
    expect(t.callChanged(call())).toMatchObject({ kind: 'new' });
  });
});
