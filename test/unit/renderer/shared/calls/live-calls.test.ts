import { describe, expect, it } from 'vitest';
import { boardOrder, groupCalls, LiveCallsStore } from '../../../../../renderer/src/shared/calls/live-calls';
import { liveCall } from '../../fake-console';

describe('LiveCallsStore', () => {
  it('adds a new call, marks it new and tells the notifier once', () => {
    const store = new LiveCallsStore();
    const raised: string[] = [];
    store.onAttention((kind, call) => raised.push(`${kind}:${call.callId}`));
    store.changed(liveCall({ callId: 'A' }));
    store.changed(liveCall({ callId: 'A', activity: 'ai-talking' }));
    expect(store.get().byId.get('A')?.activity).toBe('ai-talking');
    expect(store.get().attention.get('A')).toBe('new');
    expect(raised).toEqual(['new:A']);
  });

  it('raises an escalation when a call starts needing a person, and clears it once a person has it', () => {
    const store = new LiveCallsStore();
    const raised: string[] = [];
    store.onAttention((kind) => raised.push(kind));
    store.changed(liveCall({ callId: 'A' }));
    store.acknowledge('A');
    store.changed(liveCall({ callId: 'A', phase: 'handing-off', escalationReason: 'caller-asked' }));
    expect(store.get().attention.get('A')).toBe('escalation');
    store.changed(liveCall({ callId: 'A', phase: 'handing-off', agentLabel: 'ringing Wanjiru' }));
    expect(raised).toEqual(['new', 'escalation']);
    store.changed(liveCall({ callId: 'A', phase: 'with-human', agentLabel: 'with Wanjiru' }));
    expect(store.get().attention.has('A')).toBe(false);
  });

  it('does not call already-known calls new after a reconnect, but flags waiting ones it had not seen', () => {
    const store = new LiveCallsStore();
    store.changed(liveCall({ callId: 'A' }));
    store.acknowledge('A');
    store.replaceAll([liveCall({ callId: 'A' }), liveCall({ callId: 'B', phase: 'queued' })]);
    expect(store.get().attention.has('A')).toBe(false);
    expect(store.get().attention.get('B')).toBe('escalation');
    store.replaceAll([liveCall({ callId: 'B', phase: 'queued' })]);
    expect([...store.get().byId.keys()]).toEqual(['B']);
  });

  it('updates levels in place and forgets ended calls, remembering the outcome', () => {
    const store = new LiveCallsStore();
    store.changed(liveCall({ callId: 'A' }));
    store.levels('A', -20, -30);
    expect(store.get().byId.get('A')?.levels).toEqual({ inboundDbfs: -20, outboundDbfs: -30 });
    store.levels('missing', -1, -1);
    store.ended('A', 'ai-resolved');
    expect(store.get().byId.has('A')).toBe(false);
    expect(store.get().attention.has('A')).toBe(false);
    expect(store.get().ended.get('A')).toBe('ai-resolved');
  });

  it('gives a new snapshot on change and the same one when nothing changed', () => {
    const store = new LiveCallsStore();
    let notified = 0;
    store.subscribe(() => notified++);
    const before = store.get();
    store.acknowledge('nothing');
    expect(store.get()).toBe(before);
    store.changed(liveCall());
    expect(store.get()).not.toBe(before);
    expect(notified).toBe(1);
  });
});

describe('board grouping', () => {
  it('groups by who has the call, oldest first, and reads needs-a-person first', () => {
    const calls = new Map(
      [
        liveCall({ callId: 'ai-new', startedAt: 30 }),
        liveCall({ callId: 'ai-old', startedAt: 10 }),
        liveCall({ callId: 'queued', phase: 'queued', startedAt: 20 }),
        liveCall({ callId: 'agent', phase: 'with-human', startedAt: 5 }),
        liveCall({ callId: 'ringing', phase: 'ringing', startedAt: 40 }),
      ].map((c) => [c.callId, c]),
    );
    const g = groupCalls(calls);
    expect(g['needs-person'].map((c) => c.callId)).toEqual(['queued']);
    expect(g.ai.map((c) => c.callId)).toEqual(['ai-old', 'ai-new', 'ringing']);
    expect(g['with-agent'].map((c) => c.callId)).toEqual(['agent']);
    expect(boardOrder(calls).map((c) => c.callId)).toEqual([
      'queued',
      'ai-old',
      'ai-new',
      'ringing',
      'agent',
    ]);
  });
});
