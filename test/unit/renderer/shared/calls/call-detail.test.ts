import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../../../../renderer/src/api/contract';
import {
  applyLine,
  applyTimeline,
  CallDetailStore,
} from '../../../../../renderer/src/shared/calls/call-detail';
import { liveCall } from '../../fake-console';

const line = (over: Partial<TranscriptLine>): TranscriptLine => ({
  turnId: 1,
  speaker: 'caller',
  text: '',
  final: false,
  startMs: 0,
  ...over,
});

describe('applyLine', () => {
  it('replaces a partial of the same turn and speaker in place, and appends others', () => {
    let lines = applyLine([], line({ text: 'What' }));
    lines = applyLine(lines, line({ turnId: 1, speaker: 'agent', text: 'Hel' }));
    lines = applyLine(lines, line({ text: 'What time', final: true }));
    expect(lines.map((l) => `${l.speaker}:${l.text}:${l.final}`)).toEqual([
      'caller:What time:true',
      'agent:Hel:false',
    ]);
  });
});

describe('applyTimeline', () => {
  it('ignores an item it already has', () => {
    const item = { at: 1, kind: 'escalation', summary: 'Escalation' };
    const once = applyTimeline([], item);
    expect(applyTimeline(once, { ...item })).toBe(once);
  });
});

describe('CallDetailStore', () => {
  const detail = {
    ...liveCall({ callId: 'A' }),
    transcript: [line({ text: 'Hello', final: true })],
    timeline: [{ at: 1, kind: 'call.started', summary: 'Call from …' }],
  };

  it('keeps events that arrive while loading and applies them on top of the snapshot', () => {
    const store = new CallDetailStore('A');
    store.line(line({ turnId: 2, speaker: 'agent', text: 'Hi there' }));
    store.timelineItem({ at: 2, kind: 'barge-in', summary: 'Caller interrupted' });
    expect(store.get().status).toBe('loading');
    store.load(detail);
    const s = store.get();
    expect(s.status).toBe('live');
    expect(s.transcript.map((l) => l.text)).toEqual(['Hello', 'Hi there']);
    expect(s.timeline.map((t) => t.kind)).toEqual(['call.started', 'barge-in']);
  });

  it('follows the call, its levels, and stays ended once ended', () => {
    const store = new CallDetailStore('A');
    store.load(detail);
    store.changed(liveCall({ callId: 'A', activity: 'ai-talking' }));
    store.levels(-12, -24);
    expect(store.get().call).toMatchObject({
      activity: 'ai-talking',
      levels: { inboundDbfs: -12, outboundDbfs: -24 },
    });
    store.ended('agent-handled');
    store.changed(liveCall({ callId: 'A', phase: 'ai' }));
    expect(store.get()).toMatchObject({
      status: 'ended',
      outcome: 'agent-handled',
      call: { phase: 'ended' },
    });
  });

  it('says so when the call is gone', () => {
    const store = new CallDetailStore('A');
    store.missing('This call has ended.');
    expect(store.get()).toMatchObject({ status: 'missing', error: 'This call has ended.' });
  });
});
