// The AI leg's media half over real sockets: the Sautikit simulator calls the real core, whose AI is an
// in-process scripted model streaming 24 kHz speech faster than real time. The caller hears the
// greeting, talking over the agent stops it (killAudio, playout goes quiet), the interrupted line is
// recorded, the answer follows, metrics events appear; a failing AI leg is heard as an apology.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../bridge/ai/provider';
import type { CallEvent } from '../../bridge/domain/call-events';
import { GREETING_TEXT, LONG_REPLY_TEXT, speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { startTestApp, type TestApp } from '../harness/app';
import { waitFor } from '../sim/carrier';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function startWith(
  capabilities: Partial<ProviderCapabilities>,
  extra: { connect?: 'ok' | 'reject' } = {},
) {
  const longReply = speech('agent-long-reply-24k.wav');
  const greeting = speech('agent-greeting-24k.wav');
  const provider = new ScriptedProvider({
    capabilities,
    voice: (text) => (text === LONG_REPLY_TEXT ? longReply : greeting),
    replyText: GREETING_TEXT,
    speedup: 3,
    ...extra,
  });
  const events: CallEvent[] = [];
  app = await startTestApp({ greeting: LONG_REPLY_TEXT }, { createProvider: () => provider });
  app.core.registry.events.on('event', (e) => events.push(e));
  const call = await app.sim.placeCall();
  expect(call.streamElement).toBeDefined();
  await call.connectMedia();
  return { provider, events, call };
}

const variants: [string, Partial<ProviderCapabilities>][] = [
  [
    'Gemini-like (model reports barge-in, 16 kHz in)',
    { inputSampleRateHz: 16_000, detectsBargeIn: true, canTruncate: false },
  ],
  [
    'OpenAI-like (our onset check, 24 kHz in, truncates)',
    { inputSampleRateHz: 24_000, detectsBargeIn: false, canTruncate: true },
  ],
];

describe('AI leg media over real sockets', () => {
  for (const [label, caps] of variants) {
    it(`greets, stops when talked over, records the interrupted line, answers: ${label}`, async () => {
      const { provider, events, call } = await startWith(caps);
      // The carrier streams the caller's line continuously, silence first.
      void call.streamSilence(1500);
      await waitFor(() => call.playout.firstAudibleAfter(0) >= 0, 5000, 'the greeting');
      const greetingHeardAt = call.playout.firstAudibleAfter(0);
      await call.streamSilence(200);
      const talkAt = call.playout.nowMs();
      const question = speech('caller-hours.wav');
      await call.streamAudio(question);
      const callerDoneAt = call.playout.nowMs();
      void call.streamSilence(4000);

      // Talking over the agent stopped it: the carrier was told, and nothing of the old reply played on.
      const killAt = call.firstControlAtMs.get('killAudio');
      expect(killAt).toBeDefined();
      expect(killAt!).toBeGreaterThan(talkAt);
      expect(call.firstControlAtMs.has('clearMarks')).toBe(true);
      const staleMs =
        call.playout.heard.filter((f) => f.atMs > killAt! && f.atMs < callerDoneAt && f.rms > 100).length *
        20;
      expect(staleMs).toBe(0);

      const live = app!.core.registry.get(call.callSid)!;
      const interrupted = live.transcript.find((l) => l.speaker === 'agent' && l.interrupted);
      expect(interrupted).toMatchObject({ final: true });
      expect(interrupted!.heardMs).toBeGreaterThan(0);
      expect(interrupted!.text.length).toBeGreaterThan(0);
      const barge = events.find((e) => e.kind === 'barge-in');
      expect(barge).toMatchObject({ turnId: interrupted!.turnId });
      if (caps.canTruncate) expect(provider.last!.truncations).toHaveLength(1);
      else expect(provider.last!.truncations).toHaveLength(0);

      // The answer to the question is heard after the caller stops.
      await waitFor(() => call.playout.firstAudibleAfter(callerDoneAt) >= 0, 6000, 'the answer');
      await waitFor(
        () => events.some((e) => e.kind === 'turn.metrics' && e.latencyMs !== undefined),
        3000,
        'reply metrics',
      );
      const metrics = events.filter(
        (e): e is Extract<CallEvent, { kind: 'turn.metrics' }> => e.kind === 'turn.metrics',
      );
      const greeting = metrics.find((m) => m.greetingMs !== undefined)!;
      expect(greeting.greetingMs).toBeGreaterThan(0);
      expect(greetingHeardAt).toBeGreaterThan(0);
      const reply = metrics.find((m) => m.latencyMs !== undefined)!;
      expect(reply.modelLatencyMs).toBeLessThanOrEqual(reply.latencyMs!);
      expect(reply.bridgeMs).toBeGreaterThanOrEqual(0);
      expect(metrics.some((m) => m.staleAudioMs !== undefined)).toBe(true);
      const caller = live.transcript.find((l) => l.speaker === 'caller');
      expect(caller?.text).toBe('What time do you open on Saturday?');
    });
  }

  it('a failing AI leg is heard as an apology and escalates', async () => {
    const { events, call } = await startWith({}, { connect: 'reject' });
    void call.streamSilence(3000);
    await waitFor(() => call.playout.firstAudibleAfter(0) >= 0, 5000, 'the apology');
    await waitFor(() => events.some((e) => e.kind === 'escalation'), 3000, 'the escalation');
    expect(events.find((e) => e.kind === 'escalation')).toMatchObject({ reason: 'ai-failure' });
    expect(events.find((e) => e.kind === 'error')).toMatchObject({ code: 'AI_AUTH_FAILED' });
  });
});
