// Barge-in on a FakeClock: the model's interrupted signal and our own speech onset both stop the reply
// at once (queue dropped, carrier told, model told what was heard) and mark the agent line interrupted.
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type SessionHarness } from './session-harness';

let h: SessionHarness | undefined;
afterEach(() => {
  h?.session.close('test over');
  h = undefined;
});

const LONG = 'Our branch opens at eight in the morning on Saturdays and closes at one in the afternoon.';

describe('CallSession: barge-in', () => {
  it('stops a fully sent reply on our own speech onset: queue dropped, killAudio sent, model told what was heard', async () => {
    h = await startSession({ config: { greeting: LONG } });
    h.advance(1600);
    // All audio was delivered faster than real time: the model has nothing left to interrupt.
    expect(h.model().isSpeaking()).toBe(false);
    const framesBefore = h.ws.frames.length;
    h.callerSays(100);
    const interrupted = h.events.find((e) => e.kind === 'barge-in');
    expect(interrupted).toBeDefined();
    const stopAt = h.ws.controls.find((c) => c.type === 'killAudio')!.atMs;
    expect(h.ws.controlTypes()).toEqual(['killAudio', 'clearMarks']);
    // Nothing after the stop: what the caller had not heard never left.
    expect(h.ws.framesAfter(stopAt)).toHaveLength(0);
    h.advance(2000);
    expect(h.ws.framesAfter(stopAt)).toHaveLength(0);
    expect(h.ws.frames.length).toBeLessThan(framesBefore + 10);

    const barge = h.ofKind('barge-in')[0]!;
    expect(barge.heardMs).toBeGreaterThan(1600);
    expect(barge.heardMs).toBeLessThan(1700);
    expect(barge.droppedMs).toBeGreaterThan(3000);
    expect(h.model().truncations).toEqual([barge.heardMs]);
    const line = h
      .ofKind('transcript')
      .filter((t) => t.speaker === 'agent')
      .at(-1)!;
    expect(line).toMatchObject({
      final: true,
      interrupted: true,
      heardMs: barge.heardMs,
      turnId: barge.turnId,
    });
    const m = h.ofKind('turn.metrics').find((x) => x.bargeInStopMs !== undefined)!;
    expect(m.staleAudioMs).toBeLessThanOrEqual(60);
    expect(m.bargeInStopMs).toBe(20);
    expect(h.session.turnMetrics().map((r) => r.kind)).toContain('barge-in');
  });

  it('stops on the model’s interrupted signal while it streams, and its next answer plays normally', async () => {
    h = await startSession({ config: { greeting: LONG }, provider: { speedup: 1.5 } });
    h.advance(600);
    expect(h.model().isSpeaking()).toBe(true);
    h.callerSays(600);
    expect(h.model().lines[0]!.interrupted).toBe(true);
    expect(h.ofKind('barge-in')).toHaveLength(1);
    expect(h.model().truncations).toHaveLength(1);
    const stopAt = h.ws.controls[0]!.atMs;
    // Still talking: nothing plays over the caller.
    expect(h.ws.framesAfter(stopAt)).toHaveLength(0);
    h.callerSays(1200, false);
    // The answer to the caller's question plays.
    expect(h.ws.framesAfter(stopAt).length).toBeGreaterThan(0);
    h.advance(8000);
    const agentLines = h.ofKind('transcript').filter((t) => t.speaker === 'agent' && t.final);
    expect(agentLines.filter((l) => l.interrupted).map((l) => l.turnId)).toEqual([agentLines[0]!.turnId]);
    const answer = agentLines.at(-1)!;
    expect(answer.text).toBe(h.model().lines[1]!.text);
    expect(answer.interrupted).toBeUndefined();
    expect(answer.turnId).not.toBe(agentLines[0]!.turnId);
    expect(h.ofKind('barge-in')).toHaveLength(1);
  });

  it('stops on our own speech onset for a model that does not report barge-in, and drops its late audio', async () => {
    h = await startSession({
      config: { greeting: LONG },
      provider: { capabilities: { detectsBargeIn: false, canTruncate: false }, speedup: 1.5 },
    });
    h.advance(600);
    h.callerSays(60);
    expect(h.ws.controlTypes()).toEqual(['killAudio', 'clearMarks']);
    const stopAt = h.ws.controls[0]!.atMs;
    expect(h.model().lines[0]!.interrupted).toBe(false); // the model did not notice
    expect(h.model().isSpeaking()).toBe(true);
    h.advance(100);
    // The rest of the cut reply keeps arriving from the model and is dropped.
    expect(h.ws.framesAfter(stopAt)).toHaveLength(0);
    expect(h.model().truncations).toEqual([]);
    const m = h.ofKind('turn.metrics').find((x) => x.bargeInStopMs !== undefined)!;
    // Onset needs two loud frames: the stop comes on the second.
    expect(m.bargeInStopMs).toBe(20);
  });

  it('ignores a phantom interrupted after the reply was fully sent, when nobody spoke', async () => {
    h = await startSession({ config: { greeting: LONG } });
    h.advance(1600);
    expect(h.model().isSpeaking()).toBe(false);
    h.model().events.emit('interrupted', {});
    expect(h.ws.controls).toHaveLength(0);
    const sent = h.ws.frames.length;
    h.advance(200);
    expect(h.ws.frames.length).toBe(sent + 10);
    // While it streams, the model's word is taken as it is.
    h.model().speak('Another long line that the model is still streaming to us now.');
    h.model().events.emit('interrupted', {});
    expect(h.ws.controlTypes()).toEqual(['killAudio', 'clearMarks']);
  });

  it('ignores caller speech while the agent is silent (no barge-in, no killAudio)', async () => {
    h = await startSession({ provider: { answers: false } });
    h.advance(10_000);
    h.callerSays(300);
    expect(h.ofKind('barge-in')).toHaveLength(0);
    expect(h.ws.controls).toHaveLength(0);
  });

  it('treats the model’s speech-started event as barge-in (OpenAI server VAD)', async () => {
    h = await startSession({
      config: { greeting: LONG },
      provider: { capabilities: { detectsBargeIn: false }, reportsSpeech: true },
    });
    h.advance(800);
    h.model().events.emit('speech.started', {});
    expect(h.ofKind('barge-in')).toHaveLength(1);
    expect(h.model().truncations).toHaveLength(1);
  });
});
