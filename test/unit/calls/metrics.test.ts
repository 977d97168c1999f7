import { describe, expect, it } from 'vitest';
import { TurnMetrics } from '../../../bridge/calls/metrics';

describe('TurnMetrics', () => {
  it('measures the greeting from stream open, then replies from the caller’s end of speech', () => {
    const m = new TurnMetrics(1000);
    m.modelAudio(1400);
    expect(m.firstFrame(1, 1410)).toEqual({
      kind: 'greeting',
      turnId: 1,
      atMs: 1410,
      greetingMs: 410,
      modelLatencyMs: 400,
      bridgeMs: 10,
    });
    m.callerEndOfSpeech(5000);
    m.modelAudio(5600);
    m.modelAudio(5700);
    expect(m.firstFrame(3, 5602)).toMatchObject({
      kind: 'reply',
      latencyMs: 602,
      modelLatencyMs: 600,
      bridgeMs: 2,
    });
    // A second reply without a caller turn in between (e.g. a nudge) has no latency to report.
    expect(m.firstFrame(4, 9000)).toBeNull();
    expect(m.records().map((r) => r.kind)).toEqual(['greeting', 'reply']);
  });

  it('records barge-in stop time from the caller’s onset, when known', () => {
    const m = new TurnMetrics(0);
    expect(m.bargeIn(2, 1040, 1000, 60)).toMatchObject({
      kind: 'barge-in',
      bargeInStopMs: 40,
      staleAudioMs: 60,
    });
    expect(m.bargeIn(3, 2000, undefined, 40).bargeInStopMs).toBeUndefined();
  });

  it('keeps a bounded history', () => {
    const m = new TurnMetrics(0);
    for (let i = 0; i < 600; i++) m.bargeIn(i, i, i, 0);
    expect(m.records()).toHaveLength(500);
    expect(m.records()[0]!.turnId).toBe(100);
  });
});
