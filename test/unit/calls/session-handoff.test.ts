// Leaving the AI: while the redirect is in flight the caller hears a hand-off line (the AI's own, the
// AI asked to say it, or the recorded prompt) and caller audio stops going to the AI.
import { afterEach, describe, expect, it } from 'vitest';
import { promptPcm } from '../../../bridge/media/prompts';
import { HANDOFF_LINE_WAIT_MS } from '../../../bridge/calls/handoff-line';
import { startSession, type SessionHarness } from './session-harness';

let h: SessionHarness | undefined;
afterEach(() => {
  h?.session.close('test over');
  h = undefined;
});

const handoffPrompt = promptPcm('handoff');

describe('CallSession: hand-off line', () => {
  it('asks the AI to say the hand-off line, then stops listening', async () => {
    h = await startSession();
    h.advance(6000);
    const played = h.ws.frames.length;
    h.session.beginHandoff();
    expect(h.model().said).toEqual([h.config.handoffMessage]);
    expect(h.ws.frames.length).toBeGreaterThan(played);
    const heard = h.model().receivedSamples;
    h.callerSays(1000);
    expect(h.model().receivedSamples).toBe(heard);
    // Talking over the hand-off line does not cut it.
    expect(h.ofKind('barge-in')).toHaveLength(0);
    let done = false;
    void h.session.handoffLineDone().then(() => (done = true));
    h.advance(5000);
    await h.settle();
    expect(done).toBe(true);
    const line = h
      .ofKind('transcript')
      .filter((t) => t.speaker === 'agent' && t.final)
      .at(-1)!;
    expect(line.text).toBe(h.config.handoffMessage);
  });

  it('cuts a reply in progress before the hand-off line', async () => {
    h = await startSession({ provider: { speedup: 1.5 } });
    h.advance(500);
    h.session.beginHandoff();
    expect(h.ws.controlTypes()).toEqual(['killAudio', 'clearMarks']);
    expect(h.ofKind('barge-in')).toHaveLength(0);
    expect(h.model().said).toHaveLength(1);
  });

  it('plays the recorded prompt when the AI cannot say a line', async () => {
    h = await startSession({ provider: { hasSay: false } });
    h.advance(6000);
    const played = h.ws.frames.length;
    h.session.beginHandoff();
    expect(h.ws.frames[played]!.samples).toEqual(handoffPrompt.subarray(0, 320));
  });

  it('plays the recorded prompt when the AI does not start the line in time', async () => {
    h = await startSession({ config: { greeting: 'Hello.' } });
    h.advance(3000);
    h.model().close('stalled'); // a model that takes the request and says nothing
    const played = h.ws.frames.length;
    h.session.beginHandoff();
    h.advance(HANDOFF_LINE_WAIT_MS - 20);
    expect(h.ws.frames).toHaveLength(played);
    h.advance(20);
    expect(h.ws.frames[played]!.samples).toEqual(handoffPrompt.subarray(0, 320));
  });

  it('plays the recorded prompt when the AI leaves during the hand-off', async () => {
    h = await startSession({ provider: { speaks: true } });
    h.advance(6000);
    h.model().close('x');
    const played = h.ws.frames.length;
    h.session.beginHandoff();
    h.model().drop('socket closed');
    expect(h.ws.frames[played]!.samples).toEqual(handoffPrompt.subarray(0, 320));
    expect(h.escalations).toHaveLength(0);
  });

  it('lets the AI speak its own line when it asked for the hand-off (tool call)', async () => {
    h = await startSession();
    h.advance(6000);
    h.model().requestHandoff('caller wants a person', 'Balance question, wants a human');
    expect(h.escalations).toEqual([{ reason: 'ai-requested', detail: 'caller wants a person' }]);
    expect(h.model().handoffAnswers).toEqual([
      { toolCallId: 'call_1', accepted: true, message: h.config.handoffMessage },
    ]);
    expect(h.model().said).toEqual([]);
    h.advance(5000);
    // Only the model's own line played: no recorded prompt after it.
    const promptStart = handoffPrompt.subarray(0, 320);
    expect(h.ws.frames.some((f) => f.samples.every((s, i) => s === promptStart[i]))).toBe(false);
  });

  it('resolves handoffLineDone at the latest after its cap, and at once after close', async () => {
    h = await startSession({ provider: { speaks: false } });
    // Not leaving the AI: there is no line to wait for.
    await expect(h.session.handoffLineDone(1000)).resolves.toBeUndefined();
    h.session.beginHandoff();
    let done = false;
    void h.session.handoffLineDone(1000).then(() => (done = true));
    h.advance(999);
    await h.settle();
    expect(done).toBe(false);
    h.advance(1);
    await h.settle();
    expect(done).toBe(true);
    h.session.close('over');
    await expect(h.session.handoffLineDone()).resolves.toBeUndefined();
  });

  it('resolves handoffLineDone at once when asked again after the line played out', async () => {
    h = await startSession();
    h.advance(6000);
    h.session.beginHandoff();
    h.advance(6000);
    await h.settle();
    let done = false;
    void h.session.handoffLineDone(60_000).then(() => (done = true));
    await h.settle();
    expect(done).toBe(true);
  });

  it('tells whether the AI can talk to the caller again: not after it failed; yes after it left on a hand-off', async () => {
    h = await startSession();
    h.advance(1000);
    expect(h.session.canAiKeepCall()).toBe(true);
    h.model().fail('AI_PROTOCOL', 'broken');
    expect(h.session.canAiKeepCall()).toBe(false);
    h.session.close('over');
    expect(h.session.canAiKeepCall()).toBe(false);
    h = await startSession();
    h.advance(1000);
    h.session.beginHandoff();
    h.model().drop('socket closed');
    // Leaving during a hand-off is not a failure: a new session can take the call back later.
    expect(h.session.canAiKeepCall()).toBe(true);
  });
});
