// Failure is never silence: every way the AI leg can fail plays the recorded apology at once and
// escalates with `ai-failure`, exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { promptPcm } from '../../../bridge/media/prompts';
import { startSession, type SessionHarness } from './session-harness';

let h: SessionHarness | undefined;
afterEach(() => {
  h?.session.close('test over');
  h = undefined;
});

const apology = promptPcm('apology');

/** The frames written from `index` on are the apology prompt, from its first sample. */
function expectApologyFrom(harness: SessionHarness, index: number): void {
  const frames = harness.ws.frames.slice(index);
  expect(frames.length).toBeGreaterThanOrEqual(3);
  frames.slice(0, 3).forEach((f, i) => expect(f.samples).toEqual(apology.subarray(i * 320, (i + 1) * 320)));
}

function expectOneFailure(harness: SessionHarness, code: string): void {
  expect(harness.escalations).toEqual([{ reason: 'ai-failure', detail: expect.any(String) }]);
  expect(harness.ofKind('error').map((e) => e.code)).toContain(code);
}

describe('CallSession: the AI leg fails, the caller hears an apology', () => {
  it('when the model cannot connect', async () => {
    h = await startSession({ provider: { connect: 'reject' } });
    expectApologyFrom(h, 0);
    expect(h.ws.frames[0]!.atMs).toBe(0);
    expectOneFailure(h, 'AI_AUTH_FAILED');
    h.advance(6000);
    expect(h.ws.frames).toHaveLength(Math.ceil(apology.length / 320));
  });

  it('when connecting hangs: the start-up watchdog fires after deadAirMs', async () => {
    h = await startSession({ provider: { connect: 'hang' }, config: { deadAirMs: 3000 } });
    h.callerSays(600);
    h.advance(2000);
    expect(h.ws.frames).toHaveLength(0);
    h.advance(400);
    expectApologyFrom(h, 0);
    expectOneFailure(h, 'AI_DEAD_AIR');
  });

  it('when the model never greets', async () => {
    h = await startSession({ provider: { speaks: false }, config: { deadAirMs: 2000 } });
    h.advance(1999);
    expect(h.escalations).toHaveLength(0);
    h.advance(1);
    expectApologyFrom(h, 0);
    expectOneFailure(h, 'AI_DEAD_AIR');
    expect(h.model().closedWith).not.toBeNull();
  });

  it('when the model goes silent after the caller spoke', async () => {
    h = await startSession({ provider: { answers: false }, config: { deadAirMs: 2000 } });
    h.advance(6000);
    const played = h.ws.frames.length;
    h.callerSays(800);
    h.callerSays(1000, false);
    expect(h.escalations).toHaveLength(0);
    h.advance(1400);
    expectApologyFrom(h, played);
    expectOneFailure(h, 'AI_DEAD_AIR');
  });

  it('not after a cough: a short sound needs no answer', async () => {
    h = await startSession({ provider: { answers: false }, config: { deadAirMs: 2000 } });
    h.advance(6000);
    h.callerSays(100);
    h.advance(5000);
    expect(h.escalations).toHaveLength(0);
  });

  it('when the model reports an error mid-reply: the half reply is cut, then the apology', async () => {
    h = await startSession({ provider: { speedup: 1.5 } });
    h.advance(500);
    const played = h.ws.frames.length;
    h.model().fail('AI_QUOTA', 'quota exceeded');
    expect(h.ws.controlTypes()).toEqual(['killAudio', 'clearMarks']);
    expectApologyFrom(h, played);
    expectOneFailure(h, 'AI_QUOTA');
    const line = h
      .ofKind('transcript')
      .filter((t) => t.speaker === 'agent')
      .at(-1)!;
    expect(line).toMatchObject({ interrupted: true, final: true });
    expect(h.ofKind('barge-in')).toHaveLength(0);
    // The broken model's late audio is not played over the apology.
    h.model().events.emit('audio', new Int16Array(4800).fill(5000));
    expect(h.ws.frames.every((f) => !f.samples.every((s) => s === 5000))).toBe(true);
  });

  it('when the model socket closes mid-call, once even if an error follows', async () => {
    h = await startSession();
    h.advance(6000);
    const model = h.model();
    const played = h.ws.frames.length;
    model.drop('goAway without resume');
    model.fail('AI_PROTOCOL', 'late garbage');
    expectApologyFrom(h, played);
    expectOneFailure(h, 'AI_CLOSED');
    expect(h.ofKind('error')).toHaveLength(1);
  });

  it('and the apology is not cut by the hand-off that follows', async () => {
    h = await startSession({ provider: { connect: 'reject' } });
    h.session.beginHandoff();
    expect(h.ws.controls).toHaveLength(0);
    h.advance(6000);
    expect(h.ws.frames).toHaveLength(Math.ceil(apology.length / 320));
  });
});
