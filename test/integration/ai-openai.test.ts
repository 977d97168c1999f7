// End to end with OpenAI: the Sautikit simulator calls the real core, whose AI leg is the real OpenAI
// provider (OpenAIRealtimeWS) talking to the fake OpenAI Realtime service over real TLS (trusted through
// NODE_EXTRA_CA_CERTS, see vitest.config.ts). The caller hears the greeting, gets a spoken answer, can
// talk over the agent (and the model's memory is truncated to what was heard), transcripts arrive as
// CallEvents, the handoff tool escalates, and every failure escalates with `ai-failure` and an apology.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../bridge/config';
import { AppCall } from '../fakes/app-call';
import { FAKE_OPENAI_KEY, FakeOpenAiRealtime, type FakeOpenAiOptions } from '../fakes/fake-openai-realtime';
import { GREETING_TEXT, LONG_REPLY_TEXT, SPEECH_TEXT, speech } from '../fakes/fake-voice';
import { waitFor } from '../sim/carrier';

let fake: FakeOpenAiRealtime | undefined;
let call: AppCall | undefined;
afterEach(async () => {
  await call?.stop();
  call = undefined;
  await fake?.stop();
  fake = undefined;
});

async function start(fakeOptions: FakeOpenAiOptions = {}, settings: ConfigInput = {}) {
  fake = await FakeOpenAiRealtime.start(fakeOptions);
  call = await AppCall.start({
    aiProvider: 'openai',
    openaiApiKey: FAKE_OPENAI_KEY,
    openaiApiBase: fake.url,
    greeting: GREETING_TEXT,
    ...settings,
  });
  void call.call.streamSilence(1000);
  return { fake, c: call, sim: call.call };
}

/** Lets the greeting play out, so what is heard next is new. */
async function afterGreeting(c: AppCall): Promise<number> {
  await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.final);
  await c.waitHeardAndQuiet(0);
  return c.call.playout.nowMs();
}

async function expectFailureHeard(c: AppCall, code: string, sinceMs: number): Promise<void> {
  const escalation = await c.waitEvent('escalation');
  expect(escalation.reason).toBe('ai-failure');
  expect(c.of('error').map((e) => e.code)).toContain(code);
  // The apology, not silence.
  await waitFor(() => c.heardAfter(sinceMs) >= 1000, 10_000, 'the apology');
}

describe('AI leg end to end with OpenAI Realtime', () => {
  it('greets at once, answers a question out loud, and logs both sides', async () => {
    const question = SPEECH_TEXT['caller-hours.wav']!;
    const answer = 'We open at eight on Saturdays.';
    const { fake, c, sim } = await start({ turns: [{ caller: question, reply: answer }] });
    await waitFor(() => sim.playout.firstAudibleAfter(0) >= 0, 8000, 'the greeting');
    const quietAt = await afterGreeting(c);
    expect(c.lines('agent')).toEqual([GREETING_TEXT]);
    expect(fake.sessionUpdates).toHaveLength(1);

    await sim.streamAudio(speech('caller-hours.wav'));
    const spokeAt = sim.playout.nowMs();
    void sim.streamSilence(6000);
    await waitFor(() => sim.playout.firstAudibleAfter(spokeAt) >= 0, 8000, 'the answer');
    await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.final && t.text === answer);
    expect(c.lines('caller')).toEqual([question]);
    await waitFor(() => c.heardAfter(quietAt) > 2000, 5000, 'the answer heard');
    expect(c.of('usage').length).toBeGreaterThan(0);
    expect(c.of('escalation')).toEqual([]);
  });

  it('stops talking when the caller talks over it', async () => {
    const { c, sim } = await start(
      { turns: [{ caller: 'yes', reply: 'Good.' }] },
      { greeting: LONG_REPLY_TEXT },
    );
    await waitFor(() => sim.playout.firstAudibleAfter(0) >= 0, 8000, 'the long greeting');
    await new Promise((r) => setTimeout(r, 1500));
    await sim.streamAudio(speech('caller-yes.wav'));
    const doneAt = sim.playout.nowMs();
    const barge = await c.waitEvent('barge-in');
    const killAt = c.controls.get('killAudio');
    expect(killAt).toBeDefined();
    // Nothing of the old reply played on while the caller was talking.
    expect(sim.playout.heard.filter((f) => f.atMs > killAt! + 100 && f.atMs < doneAt && f.rms > 100)).toEqual(
      [],
    );
    void sim.streamSilence(3000);
    const interrupted = await c.waitEvent(
      'transcript',
      (t) => t.speaker === 'agent' && t.interrupted === true,
    );
    expect(interrupted.turnId).toBe(barge.turnId);
    expect(interrupted.heardMs).toBeGreaterThan(0);
    expect(interrupted.heardMs).toBeLessThan(11_000);
    // The model's memory of the reply was cut to what the caller heard.
    await waitFor(() => fake!.truncations.length > 0, 5000, 'the truncation');
    expect(fake!.truncations[0]!.audio_end_ms).toBe(Math.round(interrupted.heardMs!));
  });

  it('surfaces the handoff tool call as an ai-requested escalation', async () => {
    const { c, sim } = await start({
      turns: [
        {
          caller: 'I need help with a loan.',
          handoff: { reason: 'asked for a person', summary: 'Wants a person about a card.' },
        },
      ],
    });
    await afterGreeting(c);
    // A line the keyword policy lets through, so the escalation is the model's own decision.
    await sim.streamAudio(speech('caller-balance.wav'));
    void sim.streamSilence(3000);
    const escalation = await c.waitEvent('escalation');
    expect(escalation).toMatchObject({
      reason: 'ai-requested',
      detail: 'asked for a person',
      triggerText: 'Wants a person about a card.',
    });
  });

  it('escalates with an apology when the key is refused', async () => {
    const { c } = await start({ apiKey: 'sk-another-key' });
    await expectFailureHeard(c, 'AI_AUTH_FAILED', 0);
  });

  it('escalates with an apology when the quota runs out mid-call', async () => {
    const { fake, c } = await start();
    const at = await afterGreeting(c);
    fake.sendError('insufficient_quota', 'insufficient_quota', 'You exceeded your current quota.', true);
    await expectFailureHeard(c, 'AI_QUOTA', at);
  });

  it('escalates with an apology when the session expires', async () => {
    const { fake, c } = await start();
    const at = await afterGreeting(c);
    fake.sendError(
      'invalid_request_error',
      'session_expired',
      'Your session hit the maximum duration of 60 minutes.',
      true,
    );
    await expectFailureHeard(c, 'AI_SESSION_EXPIRED', at);
  });

  it('escalates with an apology when the AI socket breaks (OpenAI cannot resume)', async () => {
    const { fake, c } = await start();
    const at = await afterGreeting(c);
    fake.dropConnections();
    await expectFailureHeard(c, 'AI_SOCKET_CLOSED', at);
  });

  it('escalates with an apology on malformed messages', async () => {
    const { fake, c } = await start();
    const at = await afterGreeting(c);
    fake.sendRaw('}{ garbage');
    await expectFailureHeard(c, 'AI_MALFORMED', at);
  });

  it('escalates with an apology on dead air after the caller spoke', async () => {
    const { c, sim } = await start({ turns: [{ caller: 'hello?', reply: null }] }, { deadAirMs: 2500 });
    await afterGreeting(c);
    await sim.streamAudio(speech('caller-hours.wav'));
    const spokeAt = sim.playout.nowMs();
    void sim.streamSilence(8000);
    await expectFailureHeard(c, 'AI_DEAD_AIR', spokeAt);
  });
});
