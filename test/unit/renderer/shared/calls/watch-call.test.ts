import { describe, expect, it } from 'vitest';
import { watchCall } from '../../../../../renderer/src/shared/calls/watch-call';
import { FakeConsole, liveCall, settle } from '../../fake-console';

describe('watchCall', () => {
  it('loads the call and keeps it current from that call’s events only', async () => {
    const c = new FakeConsole().handle('call.get', () => ({
      ...liveCall({ callId: 'A' }),
      transcript: [],
      timeline: [],
    }));
    const w = watchCall(c, 'A');
    c.emit('transcript.changed', {
      callId: 'A',
      line: { turnId: 1, speaker: 'caller', text: 'Hi', final: false, startMs: 0 },
    });
    await settle();
    c.emit('transcript.changed', {
      callId: 'B',
      line: { turnId: 1, speaker: 'caller', text: 'Other', final: true, startMs: 0 },
    });
    c.emit('levels.changed', { callId: 'A', inboundDbfs: -15, outboundDbfs: -100 });
    expect(w.store.get().transcript.map((l) => l.text)).toEqual(['Hi']);
    expect(w.store.get().call?.levels.inboundDbfs).toBe(-15);
    c.emit('call.ended', { callId: 'A', outcome: 'ai-resolved' });
    expect(w.store.get()).toMatchObject({ status: 'ended', outcome: 'ai-resolved' });
    w.dispose();
    expect(c.listenerCount('transcript.changed')).toBe(0);
  });

  it('says the call has ended when it is no longer live, and loads once the connection opens', async () => {
    const gone = new FakeConsole().fail('call.get', 'CALL_NOT_FOUND', 'not live');
    const w = watchCall(gone, 'A');
    await settle();
    expect(w.store.get()).toMatchObject({ status: 'missing', error: 'This call has ended.' });

    const later = new FakeConsole().handle('call.get', () => ({
      ...liveCall({ callId: 'A' }),
      transcript: [],
      timeline: [],
    }));
    later.status = 'reconnecting';
    const w2 = watchCall(later, 'A');
    expect(later.sent).toHaveLength(0);
    later.setStatus('open');
    await settle();
    expect(w2.store.get().status).toBe('live');
  });
});
