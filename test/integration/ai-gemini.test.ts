// End to end with Gemini: the Sautikit simulator calls the real core, whose AI leg is the real Gemini
// provider (official SDK) talking to the fake Gemini Live service over a real socket. The caller hears
// the greeting, gets a spoken answer, can talk over the agent, transcripts arrive as CallEvents, the
// handoff tool escalates, and every failure escalates with `ai-failure` while the caller hears the apology.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../bridge/config';
import { AppCall } from '../fakes/app-call';
import { FAKE_GEMINI_KEY, FakeGeminiLive, type FakeGeminiOptions } from '../fakes/fake-gemini-live';
import { GREETING_TEXT, LONG_REPLY_TEXT, SPEECH_TEXT, speech } from '../fakes/fake-voice';
import { waitFor } from '../sim/carrier';

let fake: FakeGeminiLive | undefined;
let call: AppCall | undefined;
afterEach(async () => {
  await call?.stop();
  call = undefined;
  await fake?.stop();
  fake = undefined;
});

async function start(fakeOptions: FakeGeminiOptions = {}, settings: ConfigInput = {}) {
  fake = await FakeGeminiLive.start(fakeOptions);
  call = await AppCall.start({
    aiProvider: 'gemini',
    geminiApiKey: FAKE_GEMINI_KEY,
    geminiApiBase: fake.url,
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

describe('AI leg end to end with Gemini Live', () => {
  it('greets at once, answers a question out loud, and logs both sides', async () => {
    const question = SPEECH_TEXT['caller-hours.wav']!;
    const answer = 'We open at eight on Saturdays.';
    const { fake, c, sim } = await start({ turns: [{ caller: question, reply: answer }] });
    await waitFor(() => sim.playout.firstAudibleAfter(0) >= 0, 8000, 'the greeting');
    const quietAt = await afterGreeting(c);
    expect(c.lines('agent')).toEqual([GREETING_TEXT]);
    expect(fake.setups).toHaveLength(1);

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

  it('keeps the call through goAway (resumption) and keeps answering', async () => {
    const { fake, c, sim } = await start({ turns: [{ caller: 'question', reply: 'Here is the answer.' }] });
    await afterGreeting(c);
    fake.goAway(3000);
    await waitFor(() => fake.resumptions === 1, 5000, 'the resumed session');
    await sim.streamAudio(speech('caller-hours.wav'));
    void sim.streamSilence(4000);
    await c.waitEvent(
      'transcript',
      (t) => t.speaker === 'agent' && t.final && t.text === 'Here is the answer.',
    );
    expect(c.of('escalation')).toEqual([]);
    expect(c.of('error')).toEqual([]);
  });

  it('escalates with an apology when the key is refused', async () => {
    const { c } = await start({ apiKey: 'another-key' });
    await expectFailureHeard(c, 'AI_AUTH_FAILED', 0);
  });

  it('escalates with an apology when the quota runs out mid-call', async () => {
    const { fake, c } = await start();
    const at = await afterGreeting(c);
    fake.closeConnections(
      1011,
      'You exceeded your current quota, please check your plan and billing details.',
    );
    await expectFailureHeard(c, 'AI_QUOTA', at);
  });

  it('escalates with an apology when goAway cannot be resumed', async () => {
    const { fake, c } = await start({ rejectResumption: true });
    const at = await afterGreeting(c);
    fake.goAway(1000);
    await expectFailureHeard(c, 'AI_RESUME_FAILED', at);
  });

  it('escalates with an apology when the AI socket breaks and cannot be resumed', async () => {
    const { fake, c } = await start({ rejectResumption: true });
    const at = await afterGreeting(c);
    fake.dropConnections();
    await expectFailureHeard(c, 'AI_RESUME_FAILED', at);
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
