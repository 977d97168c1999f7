import { describe, expect, it } from 'vitest';
import { FakeClock, type Clock } from '../../../bridge/base/clock';
import { Pacer, type PacerOptions } from '../../../bridge/media/pacer';

const FRAME = 320;

/** A FakeClock whose timers fire late by a random amount, like a loaded event loop. */
function lateClock(inner: FakeClock, maxLateMs: number, random: () => number): Clock {
  return {
    nowMs: () => inner.nowMs(),
    epochMs: () => inner.epochMs(),
    setTimeout: (fn, delayMs) => inner.setTimeout(fn, delayMs + random() * maxLateMs),
    clearTimeout: (h) => inner.clearTimeout(h),
  };
}

/** Deterministic pseudo-random numbers in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function numbered(frames: number, startAt = 0): Int16Array {
  const out = new Int16Array(frames * FRAME);
  for (let f = 0; f < frames; f++) out.fill(startAt + f + 1, f * FRAME, (f + 1) * FRAME);
  return out;
}

function harness(overrides: Partial<PacerOptions> = {}, clock: Clock = new FakeClock()) {
  const sent: { atMs: number; frame: Int16Array }[] = [];
  let firstFrames = 0;
  let drained = 0;
  const pacer = new Pacer({
    clock,
    frameMs: 20,
    sampleRateHz: 16000,
    leadMs: 60,
    send: (frame) => sent.push({ atMs: clock.nowMs(), frame }),
    onFirstFrame: () => firstFrames++,
    onDrained: () => drained++,
    ...overrides,
  });
  return {
    pacer,
    sent,
    firstFrames: () => firstFrames,
    drained: () => drained,
  };
}

describe('Pacer', () => {
  it('sends the lead at once, then one frame per 20 ms on the grid', () => {
    const clock = new FakeClock(1000);
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(10));
    expect(h.sent.map((s) => s.atMs)).toEqual([1000, 1000, 1000]);
    expect(h.firstFrames()).toBe(1);
    clock.advance(19);
    expect(h.sent).toHaveLength(3);
    clock.advance(1);
    expect(h.sent).toHaveLength(4);
    clock.advance(200);
    expect(h.sent.map((s) => s.atMs)).toEqual([1000, 1000, 1000, 1020, 1040, 1060, 1080, 1100, 1120, 1140]);
    expect(h.sent.map((s) => s.frame[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.sent.every((s) => s.frame.length === FRAME)).toBe(true);
    expect(h.firstFrames()).toBe(1);
  });

  it('cuts frames across chunk boundaries of any size, never reusing a sent frame', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    const all = new Int16Array(FRAME * 6);
    for (let i = 0; i < all.length; i++) all[i] = i % 30000;
    h.pacer.startReply();
    for (const [a, b] of [
      [0, 100],
      [100, 333],
      [333, 1000],
      [1000, 1001],
      [1001, 1920],
    ]) {
      h.pacer.push(all.slice(a, b));
    }
    clock.advance(200);
    const out = new Int16Array(h.sent.length * FRAME);
    h.sent.forEach((s, i) => out.set(s.frame, i * FRAME));
    expect(out).toEqual(all);
  });

  it('pads the last partial frame of a reply and reports drained once the carrier has played it', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(2));
    h.pacer.push(new Int16Array(100).fill(7));
    expect(h.sent).toHaveLength(2);
    expect(h.pacer.isPlaying()).toBe(true);
    h.pacer.endOfReply();
    expect(h.sent).toHaveLength(3);
    expect([...h.sent[2]!.frame.subarray(98, 102)]).toEqual([7, 7, 0, 0]);
    clock.advance(59);
    expect(h.drained()).toBe(0);
    expect(h.pacer.isPlaying()).toBe(true);
    clock.advance(1);
    expect(h.drained()).toBe(1);
    expect(h.pacer.isPlaying()).toBe(false);
  });

  it('keeps a reply open across gaps from the model and restarts the grid without a burst', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(2));
    clock.advance(500);
    expect(h.drained()).toBe(0);
    expect(h.pacer.isPlaying()).toBe(true);
    h.pacer.push(numbered(10, 2));
    // The carrier ran dry: a fresh lead of three frames, not a catch-up burst of everything "late".
    expect(h.sent.filter((s) => s.atMs === 500)).toHaveLength(3);
    clock.advance(20);
    expect(h.sent).toHaveLength(6);
  });

  it('reports how much of the reply the caller heard', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(50));
    expect(h.pacer.heardMs()).toBe(0);
    expect(h.pacer.bufferedMs()).toBe(60);
    clock.advance(200);
    expect(h.pacer.heardMs()).toBe(200);
    expect(h.pacer.queuedMs()).toBe(1000 - 260);
    h.pacer.startReply();
    expect(h.pacer.heardMs()).toBe(0);
  });

  it('flush drops everything not yet sent and nothing more leaves', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(50));
    clock.advance(100);
    const sentBefore = h.sent.length;
    expect(sentBefore).toBe(8);
    const { droppedMs } = h.pacer.flush();
    expect(droppedMs).toBe((50 - 8) * 20);
    expect(h.pacer.queuedMs()).toBe(0);
    expect(h.pacer.isPlaying()).toBe(false);
    clock.advance(1000);
    expect(h.sent).toHaveLength(sentBefore);
    expect(h.drained()).toBe(0);
    // The next reply starts cleanly, with its own first frame.
    h.pacer.startReply();
    h.pacer.push(numbered(5, 100));
    expect(h.sent.slice(sentBefore).map((s) => s.frame[0])).toEqual([101, 102, 103]);
    expect(h.firstFrames()).toBe(2);
  });

  it('stop leaves no timer behind and ignores later audio', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(20));
    expect(clock.pendingTimers()).toBe(1);
    h.pacer.stop();
    expect(clock.pendingTimers()).toBe(0);
    h.pacer.push(numbered(5));
    clock.advance(500);
    expect(h.sent).toHaveLength(3);
  });

  it('treats a lead below one frame as one frame', () => {
    const clock = new FakeClock();
    const h = harness({ leadMs: 0 }, clock);
    h.pacer.push(numbered(3));
    expect(h.sent).toHaveLength(1);
    clock.advance(20);
    expect(h.sent).toHaveLength(2);
  });

  it('trims its queue to a bound, dropping the oldest whole frames and nothing already sent', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.push(numbered(10));
    expect(h.sent.map((s) => s.frame[0])).toEqual([1, 2, 3]);
    expect(h.pacer.trimQueued(40)).toEqual({ droppedMs: 100 });
    expect(h.pacer.queuedMs()).toBe(40);
    expect(h.pacer.trimQueued(40)).toEqual({ droppedMs: 0 });
    clock.advance(200);
    // Frames 4–8 were dropped; 9 and 10 follow the three the carrier already had, on the grid.
    expect(h.sent.map((s) => s.frame[0])).toEqual([1, 2, 3, 9, 10]);
    expect(h.sent.map((s) => s.atMs)).toEqual([0, 0, 0, 20, 40]);
  });

  it('trims across chunk boundaries and keeps a partial frame whole', () => {
    const clock = new FakeClock();
    const h = harness({}, clock);
    h.pacer.startReply();
    h.pacer.push(numbered(3));
    const rest = numbered(6, 3);
    h.pacer.push(rest.subarray(0, 150));
    h.pacer.push(rest.subarray(150, 1000));
    h.pacer.push(rest.subarray(1000));
    expect(h.pacer.queuedMs()).toBe(120);
    // 120 ms queued (frames 4–9, cut across three chunks), 50 ms allowed: whole frames only, so two stay.
    expect(h.pacer.trimQueued(50)).toEqual({ droppedMs: 80 });
    h.pacer.endOfReply();
    clock.advance(200);
    expect(h.sent.map((s) => s.frame[0])).toEqual([1, 2, 3, 8, 9]);
    expect(h.sent.every((s) => s.frame.every((v) => v === s.frame[0]))).toBe(true);
  });

  it('does not drift over a long call with late timers, never starves the carrier, never exceeds the lead', () => {
    const fake = new FakeClock();
    const random = seeded(42);
    const maxLateMs = 15;
    const clock = lateClock(fake, maxLateMs, random);
    const h = harness({}, clock);
    const callMs = 20 * 60_000;
    const totalFrames = callMs / 20;
    let produced = 0;
    // The model: bursts of 40–400 ms of audio, well ahead of real time, until the call's audio is all out.
    const produce = () => {
      while (produced < totalFrames && h.pacer.queuedMs() < 2000) {
        const frames = Math.min(totalFrames - produced, 2 + Math.floor(random() * 18));
        const chunk = new Int16Array(frames * FRAME + (random() < 0.5 ? 37 : 0));
        h.pacer.push(chunk.subarray(0, frames * FRAME));
        produced += frames;
      }
      if (produced < totalFrames) fake.setTimeout(produce, 50);
      else h.pacer.endOfReply();
    };
    h.pacer.startReply();
    produce();
    fake.advance(callMs + 1000);
    expect(h.sent).toHaveLength(totalFrames);
    const t0 = h.sent[0]!.atMs;
    let worstLateMs = 0;
    for (let n = 0; n < h.sent.length; n++) {
      const ideal = t0 + Math.max(0, n - 2) * 20;
      const late = h.sent[n]!.atMs - ideal;
      expect(late).toBeGreaterThanOrEqual(-1e-6);
      worstLateMs = Math.max(worstLateMs, late);
      // No gap: every frame reaches the carrier before its playout slot.
      expect(h.sent[n]!.atMs).toBeLessThanOrEqual(t0 + n * 20);
      // Bounded lead: never more than 60 ms waiting at the carrier after a send.
      expect(t0 + (n + 1) * 20 - h.sent[n]!.atMs).toBeLessThanOrEqual(60 + 1e-6);
    }
    // Jitter bound: a frame is never later than one timer's lateness, at minute 1 or minute 20.
    expect(worstLateMs).toBeLessThanOrEqual(maxLateMs + 1e-6);
    const last = h.sent.at(-1)!;
    expect(last.atMs - (t0 + (totalFrames - 3) * 20)).toBeLessThanOrEqual(maxLateMs + 1e-6);
    expect(h.drained()).toBe(1);
  });
});
