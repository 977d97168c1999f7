import { describe, expect, it } from 'vitest';
import { AGENT_BACKLOG_MAX_MS, BridgeAudio } from '../../../bridge/calls/bridge-audio';
import { FakeClock } from '../../../bridge/base/clock';
import { Pacer } from '../../../bridge/media/pacer';

const FRAME = 320;
const LEAD_MS = 60;

/** A joined agent's side: frames numbered 1, 2, 3… as the agent's phone sends them. */
function world() {
  const clock = new FakeClock();
  const sent: { atMs: number; n: number }[] = [];
  const pacer = new Pacer({
    clock,
    frameMs: 20,
    sampleRateHz: 16000,
    leadMs: LEAD_MS,
    send: (frame) => sent.push({ atMs: clock.nowMs(), n: frame[0]! }),
  });
  const audio = new BridgeAudio({
    clock,
    pacer,
    frameMs: 20,
    sampleRateHz: 16000,
    sendControl: () => undefined,
  });
  let n = 0;
  const speak = () => {
    const frame = new Int16Array(FRAME).fill(++n);
    audio.agentVoice(frame);
    // The caller's copy is its own: the agent leg reuses its frame.
    frame.fill(0);
  };
  return { clock, sent, speak, pacer };
}

describe('BridgeAudio: a joined person’s voice', () => {
  it('plays every frame of a steady voice, one frame behind for a jitter cushion', () => {
    const w = world();
    for (let i = 0; i < 100; i++) {
      w.speak();
      w.clock.advance(20);
    }
    expect(w.sent.map((s) => s.n)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // The first frame waited one frame for the second, then each went out as it came.
    expect(w.sent[0]!.atMs).toBe(20);
    expect(w.sent.slice(2).every((s, i) => s.atMs === (i + 2) * 20)).toBe(true);
  });

  it('after a burst, catches up instead of lagging for the rest of the call', () => {
    const w = world();
    for (let i = 0; i < 10; i++) {
      w.speak();
      w.clock.advance(20);
    }
    // A stall upstream: 500 ms of the agent's voice arrives at once.
    for (let i = 0; i < 25; i++) w.speak();
    for (let i = 0; i < 50; i++) {
      w.speak();
      w.clock.advance(20);
    }
    // Queued beyond the lead never more than the backlog bound: the oldest frames of the burst went.
    expect(w.pacer.queuedMs()).toBeLessThanOrEqual(AGENT_BACKLOG_MAX_MS);
    // The caller is at most lead + backlog behind the agent: frame 85 was just spoken.
    expect(w.sent.at(-1)!.n).toBeGreaterThanOrEqual(85 - (LEAD_MS + AGENT_BACKLOG_MAX_MS) / 20);
    // What was played stays in order; only frames of the burst were skipped.
    const played = w.sent.map((s) => s.n);
    expect(played).toEqual([...played].sort((a, b) => a - b));
    expect(played.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});
