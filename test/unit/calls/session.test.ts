// The AI leg's media path on a FakeClock: greeting, pacing, resampling, turn metrics, transcripts.
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type SessionHarness } from './session-harness';

let h: SessionHarness | undefined;
afterEach(() => {
  h?.session.close('test over');
  h = undefined;
});

describe('CallSession: greeting and pacing', () => {
  it('greets as soon as the model is ready, paced in real time with a 60 ms lead', async () => {
    h = await startSession({ provider: { readyDelayMs: 120 } });
    expect(h.ws.frames).toHaveLength(0);
    h.advance(120);
    expect(h.model().greetings).toEqual([h.config.greeting]);
    // First chunk (40 ms) → two frames at once; the model streams 4× faster than real time.
    expect(h.ws.frames.length).toBeGreaterThanOrEqual(2);
    h.advance(1000);
    const t0 = h.ws.frames[0]!.atMs;
    expect(t0).toBe(120);
    h.ws.frames.forEach((f, n) => {
      expect(f.samples.length).toBe(320);
      // Never ahead of playout by more than the lead: frame n plays at t0 + 20n.
      expect(t0 + (n + 1) * 20 - f.atMs).toBeLessThanOrEqual(60);
    });
    expect(h.ws.frames.length).toBe(1000 / 20 + 3);
    const greeting = h.ofKind('turn.metrics').find((m) => m.greetingMs !== undefined);
    expect(greeting).toMatchObject({ greetingMs: 120, modelLatencyMs: 120, bridgeMs: 0 });
    expect(h.session.turnMetrics()[0]).toMatchObject({ kind: 'greeting', greetingMs: 120 });
  });

  it('resamples the 24 kHz model audio to 16 kHz and plays the whole line', async () => {
    h = await startSession();
    const line = h.model().lines[0]!;
    h.advance(10_000);
    expect(line.completed).toBe(true);
    const modelMs = Math.max(200, line.text.length * 65);
    const sentMs = h.ws.frames.length * 20;
    expect(sentMs).toBeGreaterThanOrEqual(modelMs);
    expect(sentMs).toBeLessThan(modelMs + 20);
    const loud = h.ws.frames.filter((f) => f.samples.some((s) => Math.abs(s) > 1000));
    expect(loud.length).toBeGreaterThan(h.ws.frames.length * 0.9);
  });

  it('streams transcripts and records how much of the agent line the caller heard', async () => {
    h = await startSession();
    h.advance(10_000);
    const agent = h.ofKind('transcript').filter((t) => t.speaker === 'agent');
    expect(agent.some((t) => !t.final && t.text.length > 0)).toBe(true);
    const last = agent.at(-1)!;
    expect(last).toMatchObject({ final: true, text: h.model().lines[0]!.text });
    expect(last.interrupted).toBeUndefined();
    expect(last.heardMs).toBe(h.ws.frames.length * 20);
    expect(h.registry.get('CA-session-test')?.activity).toBe('idle');
  });

  it('sends caller audio to the model and measures end of speech → first frame to the carrier', async () => {
    h = await startSession({ provider: { replyDelayMs: 300 } });
    h.advance(5000);
    const before = h.model().receivedSamples;
    h.callerSays(800);
    const lastVoiceAt = h.clock.nowMs() - 20;
    h.callerSays(1500, false);
    expect(h.model().receivedSamples - before).toBe((2300 / 20) * 320);
    const reply = h.ofKind('turn.metrics').find((m) => m.latencyMs !== undefined)!;
    expect(reply).toBeDefined();
    const firstReplyFrame = h.ws.framesAfter(lastVoiceAt)[0]!;
    expect(reply.latencyMs).toBe(firstReplyFrame.atMs - lastVoiceAt);
    expect(reply.modelLatencyMs).toBeLessThanOrEqual(reply.latencyMs!);
    expect(reply.bridgeMs).toBe(0);
    expect(reply.turnId).toBeGreaterThan(1);
    expect(h.registry.get('CA-session-test')?.lastLatencyMs).toBe(reply.latencyMs);
    const caller = h.ofKind('transcript').filter((t) => t.speaker === 'caller');
    expect(caller.at(-1)).toMatchObject({ final: true, text: 'What time do you open on Saturday?' });
  });

  it('passes 16 kHz caller audio through unchanged and resamples for a 24 kHz model', async () => {
    h = await startSession({ provider: { capabilities: { inputSampleRateHz: 24_000 } } });
    h.advance(5000);
    const before = h.model().receivedSamples;
    h.callerSays(400);
    expect(h.model().receivedSamples - before).toBe(20 * 480);
  });

  it('leaves no timers or model session behind when the call ends', async () => {
    h = await startSession();
    h.advance(500);
    h.session.close('caller hung up');
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.model().closedWith).toBe('caller hung up');
    expect(h.ws.closedWith?.code).toBe(1000);
    const sent = h.ws.frames.length;
    h.advance(2000);
    expect(h.ws.frames).toHaveLength(sent);
    expect(h.ofKind('stream.stopped')).toHaveLength(1);
  });
});
