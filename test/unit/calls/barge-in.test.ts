import { describe, expect, it } from 'vitest';
import type { RealtimeSession } from '../../../bridge/ai/provider';
import { BargeIn, isCallerBargeIn, type BargeInOutcome } from '../../../bridge/calls/barge-in';
import { FakeClock } from '../../../bridge/base/clock';
import type { ControlMessage } from '../../../bridge/media/carrier-protocol';
import { Pacer } from '../../../bridge/media/pacer';

function setup() {
  const clock = new FakeClock();
  const order: string[] = [];
  const sent: Int16Array[] = [];
  const pacer = new Pacer({ clock, frameMs: 20, sampleRateHz: 16000, leadMs: 60, send: (f) => sent.push(f) });
  const recorded: BargeInOutcome[] = [];
  const truncations: number[] = [];
  const ai = {
    capabilities: { canTruncate: true },
    truncateHeard: (ms: number) => {
      order.push('truncate');
      truncations.push(ms);
    },
  } as unknown as RealtimeSession;
  const bargeIn = new BargeIn({
    clock,
    pacer,
    sendControl: (m: ControlMessage) => order.push(m.type),
    resetModelAudio: () => order.push('reset'),
    record: (o) => {
      order.push('record');
      recorded.push(o);
    },
  });
  return { clock, pacer, sent, bargeIn, ai, order, recorded, truncations };
}

describe('BargeIn', () => {
  it('drops the queue, tells the carrier, tells the model what was heard, then records', () => {
    const s = setup();
    s.pacer.startReply();
    s.pacer.push(new Int16Array(320 * 100).fill(1000));
    s.clock.advance(500);
    const line = { turnId: 4, text: 'Our branch opens', startMs: 100 };
    const outcome = s.bargeIn.stop(s.ai, 'model', line)!;
    expect(s.order).toEqual(['killAudio', 'clearMarks', 'reset', 'truncate', 'record']);
    expect(outcome).toMatchObject({
      source: 'model',
      heardMs: 500,
      droppedMs: 2000 - 560,
      carrierBufferedMs: 60,
      line,
    });
    expect(s.truncations).toEqual([500]);
    const sent = s.sent.length;
    s.clock.advance(1000);
    expect(s.sent).toHaveLength(sent);
  });

  it('does nothing when nothing is playing', () => {
    const s = setup();
    expect(s.bargeIn.stop(s.ai, 'speech-onset', null)).toBeNull();
    expect(s.order).toEqual([]);
  });

  it('does not talk to a failed model, and only caller-caused stops count as barge-in', () => {
    const s = setup();
    s.pacer.push(new Int16Array(3200));
    s.bargeIn.stop(s.ai, 'ai-failure', null);
    expect(s.truncations).toEqual([]);
    expect(s.order).toContain('killAudio');
    expect([isCallerBargeIn('model'), isCallerBargeIn('speech-onset')]).toEqual([true, true]);
    expect([isCallerBargeIn('handoff'), isCallerBargeIn('ai-failure')]).toEqual([false, false]);
  });
});
