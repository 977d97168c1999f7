import { describe, expect, it } from 'vitest';
import { FakeClock, type Clock } from '../../../bridge/base/clock';
import { FrameClock } from '../../../bridge/media/frame-clock';
import { Pacer } from '../../../bridge/media/pacer';

const FRAME = 320;
const LEAD_MS = 60;
const TICK_MS = 5;

function numbered(frames: number): Int16Array {
  const out = new Int16Array(frames * FRAME);
  for (let f = 0; f < frames; f++) out.fill(f + 1, f * FRAME, (f + 1) * FRAME);
  return out;
}

/** A pacer on the shared clock, recording when each frame left. */
function pacerOn(clock: Clock, frameClock: FrameClock) {
  const sent: { atMs: number; frame: Int16Array }[] = [];
  let drainedAtMs = -1;
  const pacer = new Pacer({
    clock,
    frameClock,
    frameMs: 20,
    sampleRateHz: 16000,
    leadMs: LEAD_MS,
    send: (frame) => sent.push({ atMs: clock.nowMs(), frame }),
    onDrained: () => {
      drainedAtMs = clock.nowMs();
    },
  });
  return { pacer, sent, drainedAtMs: () => drainedAtMs };
}

/** Every frame reached the carrier before its playout slot, and at most `aheadMs` before it. */
function expectOnTime(sent: readonly { atMs: number }[], aheadMs: number): void {
  const t0 = sent[0]!.atMs;
  sent.forEach((s, n) => {
    expect(s.atMs).toBeLessThanOrEqual(t0 + n * 20 + 1e-6);
    expect(t0 + (n + 1) * 20 - s.atMs).toBeLessThanOrEqual(aheadMs + 1e-6);
  });
}

describe('FrameClock', () => {
  it('paces many calls from one timer: each frame before its slot, at most one tick early', () => {
    const clock = new FakeClock(1000);
    const frameClock = new FrameClock(clock, TICK_MS);
    const calls = Array.from({ length: 50 }, () => pacerOn(clock, frameClock));
    // Replies start at different moments, as calls do.
    calls.forEach((c, i) => {
      clock.advance(i % 7);
      c.pacer.startReply();
      c.pacer.push(numbered(100));
      c.pacer.endOfReply();
      expect(clock.pendingTimers()).toBeLessThanOrEqual(1);
    });
    for (let t = 0; t < 2500; t += 1) {
      clock.advance(1);
      expect(clock.pendingTimers()).toBeLessThanOrEqual(1);
    }
    for (const c of calls) {
      expect(c.sent).toHaveLength(100);
      expect(c.sent.map((s) => s.frame[0])).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expectOnTime(c.sent, LEAD_MS + TICK_MS);
    }
    expect(frameClock.waiting).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('wakes no more often than something is due, and reports drained within a tick of the playout end', () => {
    const clock = new FakeClock();
    const frameClock = new FrameClock(clock, TICK_MS);
    const c = pacerOn(clock, frameClock);
    let timers = 0;
    const counting: Clock = {
      nowMs: () => clock.nowMs(),
      epochMs: () => clock.epochMs(),
      setTimeout: (fn, ms) => {
        timers++;
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (h) => clock.clearTimeout(h),
    };
    const counted = pacerOn(counting, new FrameClock(counting, TICK_MS));
    for (const p of [c, counted]) {
      p.pacer.startReply();
      p.pacer.push(numbered(10));
      p.pacer.endOfReply();
    }
    clock.advance(400);
    // Ten frames, three of them at once: seven deadlines and the drain, one timer each.
    expect(timers).toBe(8);
    const playoutEnd = c.sent[0]!.atMs + 10 * 20;
    expect(c.drainedAtMs()).toBeGreaterThanOrEqual(playoutEnd);
    expect(c.drainedAtMs()).toBeLessThan(playoutEnd + TICK_MS);
  });

  it('sends what falls due while the event loop is busy from a poll, before its timer can fire', () => {
    const fake = new FakeClock(1000);
    let busyMs = 0;
    // Time passes while the loop works through other callbacks: no timer fires, a poll from one of
    // those callbacks can.
    const busy: Clock = {
      nowMs: () => fake.nowMs() + busyMs,
      epochMs: () => fake.epochMs() + busyMs,
      setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
      clearTimeout: (h) => fake.clearTimeout(h),
    };
    const frameClock = new FrameClock(busy, TICK_MS);
    const c = pacerOn(busy, frameClock);
    c.pacer.startReply();
    c.pacer.push(numbered(20));
    c.pacer.endOfReply();
    expect(c.sent).toHaveLength(3); // the lead: 60 ms
    busyMs = 10;
    frameClock.poll(); // the next frame is due at 20 ms
    expect(c.sent).toHaveLength(3);
    busyMs = 45;
    frameClock.poll();
    // Frames 4 and 5 play at 60 and 80 ms: sent at 45 ms, on time, and the lead holds.
    expect(c.sent.map((s) => s.atMs)).toEqual([1000, 1000, 1000, 1045, 1045]);
    // The overdue timer was replaced, not left to tick again.
    expect(fake.pendingTimers()).toBe(1);
    fake.advance(busyMs);
    busyMs = 0;
    fake.advance(1000);
    expect(c.sent.map((s) => s.frame[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expectOnTime(c.sent, LEAD_MS + TICK_MS);
    expect(fake.pendingTimers()).toBe(0);
  });

  it('forgets a pacer that is flushed or stopped', () => {
    const clock = new FakeClock();
    const frameClock = new FrameClock(clock, TICK_MS);
    const a = pacerOn(clock, frameClock);
    const b = pacerOn(clock, frameClock);
    for (const p of [a, b]) {
      p.pacer.startReply();
      p.pacer.push(numbered(50));
    }
    expect(frameClock.waiting).toBe(2);
    a.pacer.flush();
    b.pacer.stop();
    expect(frameClock.waiting).toBe(0);
    clock.advance(1000);
    expect(a.sent).toHaveLength(3);
    expect(b.sent).toHaveLength(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not drift over a long call when its ticks fire late', () => {
    const fake = new FakeClock();
    let s = 7;
    const random = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const maxLateMs = 15;
    const late: Clock = {
      nowMs: () => fake.nowMs(),
      epochMs: () => fake.epochMs(),
      setTimeout: (fn, ms) => fake.setTimeout(fn, ms + random() * maxLateMs),
      clearTimeout: (h) => fake.clearTimeout(h),
    };
    const frameClock = new FrameClock(late, TICK_MS);
    const calls = [pacerOn(late, frameClock), pacerOn(late, frameClock)];
    const frames = 3000; // a minute
    for (const c of calls) {
      c.pacer.startReply();
      c.pacer.push(numbered(frames));
      c.pacer.endOfReply();
    }
    fake.advance(frames * 20 + 1000);
    for (const c of calls) {
      expect(c.sent).toHaveLength(frames);
      const t0 = c.sent[0]!.atMs;
      // A frame is never later than its deadline plus one tick's lateness, at second 1 or 60.
      c.sent.forEach((f, n) => {
        expect(f.atMs - (t0 + Math.max(0, n - 2) * 20)).toBeLessThanOrEqual(maxLateMs + 1e-6);
      });
    }
  });

  it('wakes late when the event loop was blocked, with the next tick as the horizon', () => {
    const fake = new FakeClock();
    let stallMs = 40;
    // The event loop is blocked once: the first tick runs 40 ms after it was due.
    const stallOnce: Clock = {
      nowMs: () => fake.nowMs(),
      epochMs: () => fake.epochMs(),
      setTimeout: (fn, ms) => {
        const extra = stallMs;
        stallMs = 0;
        return fake.setTimeout(fn, ms + extra);
      },
      clearTimeout: (h) => fake.clearTimeout(h),
    };
    const frameClock = new FrameClock(stallOnce, TICK_MS);
    const woke: { atMs: number; horizonMs: number }[] = [];
    const sleeper = { wake: (horizonMs: number) => woke.push({ atMs: fake.nowMs(), horizonMs }) };
    frameClock.at(sleeper, 102);
    fake.advance(139);
    expect(woke).toEqual([]);
    fake.advance(1);
    // Woken late, told the horizon of the next tick (everything due before it goes now).
    expect(woke).toEqual([{ atMs: 140, horizonMs: 145 }]);
    // Asking again for a moment inside the tick just served waits for the next tick, never spins.
    frameClock.at(sleeper, 143);
    expect(fake.pendingTimers()).toBe(1);
    fake.advance(4);
    expect(woke).toHaveLength(1);
    fake.advance(1);
    expect(woke.at(-1)).toEqual({ atMs: 145, horizonMs: 150 });
    expect(frameClock.waiting).toBe(0);
  });
});
