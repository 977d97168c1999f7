// What the AI leg does the same with every provider, told once: the caller is greeted and answered,
// talking over the agent stops it, the handoff tool escalates, a stray bad frame is shrugged off, and a
// refused key, a burst of garbage or dead air end in an `ai-failure` escalation the caller hears as an
// apology.
import { expect } from 'vitest';
import { MALFORMED_BURST_COUNT } from '../../bridge/ai/malformed-burst';
import type { FakeScriptOptions } from '../fakes/fake-script';
import { GREETING_TEXT, LONG_REPLY_TEXT, SPEECH_TEXT, speech } from '../fakes/fake-voice';
import { waitFor } from '../sim/carrier';
import { afterGreeting, expectFailureHeard, type AiCalls, type AiCallWorld } from './ai-call';
import type { FakeAi } from './ai-services';

type Calls<F> = AiCalls<F, FakeScriptOptions>;

/** The greeting plays at once, a question gets a spoken answer, and both sides are logged. */
export async function greetsThenAnswers<F extends FakeAi>(calls: Calls<F>): Promise<void> {
  const question = SPEECH_TEXT['caller-hours.wav']!;
  const answer = 'We open at eight on Saturdays.';
  const { fake, c, sim } = await calls.start({ turns: [{ caller: question, reply: answer }] });
  await waitFor(() => sim.playout.firstAudibleAfter(0) >= 0, 8000, 'the greeting');
  const quietAt = await afterGreeting(c);
  expect(c.lines('agent')).toEqual([GREETING_TEXT]);
  expect(calls.setups(fake)).toHaveLength(1);

  await sim.streamAudio(speech('caller-hours.wav'));
  const spokeAt = sim.playout.nowMs();
  void sim.streamSilence(6000);
  await waitFor(() => sim.playout.firstAudibleAfter(spokeAt) >= 0, 8000, 'the answer');
  await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.final && t.text === answer);
  expect(c.lines('caller')).toEqual([question]);
  await waitFor(() => c.heardAfter(quietAt) > 2000, 5000, 'the answer heard');
  expect(c.of('usage').length).toBeGreaterThan(0);
  expect(c.of('escalation')).toEqual([]);
}

/**
 * The caller talks over a long greeting: nothing of it plays on, and the agent's line is recorded as
 * interrupted in the barge-in's turn. Returns the world and the interrupted line's `heardMs`.
 */
export async function talkedOver<F extends FakeAi>(
  calls: Calls<F>,
): Promise<AiCallWorld<F> & { heardMs: number }> {
  const world = await calls.start(
    { turns: [{ caller: 'yes', reply: 'Good.' }] },
    { greeting: LONG_REPLY_TEXT },
  );
  const { c, sim } = world;
  await waitFor(() => sim.playout.firstAudibleAfter(0) >= 0, 8000, 'the long greeting');
  await new Promise((r) => setTimeout(r, 1500));
  await sim.streamAudio(speech('caller-yes.wav'));
  const doneAt = sim.playout.nowMs();
  const barge = await c.waitEvent('barge-in');
  const killAt = sim.firstControlAtMs.get('killAudio');
  expect(killAt).toBeDefined();
  // Nothing of the old reply played on while the caller was talking.
  expect(sim.playout.heard.filter((f) => f.atMs > killAt! + 100 && f.atMs < doneAt && f.rms > 100)).toEqual(
    [],
  );
  void sim.streamSilence(3000);
  const interrupted = await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.interrupted === true);
  expect(interrupted.turnId).toBe(barge.turnId);
  expect(interrupted.heardMs).toBeGreaterThan(0);
  expect(interrupted.heardMs).toBeLessThan(11_000);
  return { ...world, heardMs: interrupted.heardMs! };
}

/** The model's handoff tool call becomes an ai-requested escalation with its reason and summary. */
export async function handsOffOnRequest<F extends FakeAi>(calls: Calls<F>): Promise<void> {
  const { c, sim } = await calls.start({
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
}

/** The service refuses `wrongKey`: AI_AUTH_FAILED, and the caller hears the apology. */
export async function refusedKeyHeard<F extends FakeAi>(calls: Calls<F>, wrongKey: string): Promise<void> {
  const { c } = await calls.start({ apiKey: wrongKey });
  await expectFailureHeard(c, 'AI_AUTH_FAILED', 0);
}

/** One garbage frame mid-call is skipped: the conversation goes on, nothing escalates. */
export async function strayGarbageShrugged<F extends FakeAi>(calls: Calls<F>): Promise<void> {
  const answer = 'We open at eight on Saturdays.';
  const { fake, c, sim } = await calls.start({ turns: [{ caller: 'hours?', reply: answer }] });
  await afterGreeting(c);
  fake.sendRaw('}{ garbage');
  await sim.streamAudio(speech('caller-hours.wav'));
  void sim.streamSilence(6000);
  await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.final && t.text === answer);
  expect(c.of('error')).toEqual([]);
  expect(c.of('escalation')).toEqual([]);
}

/** A burst of garbage from the service mid-call: AI_MALFORMED, and the caller hears the apology. */
export async function garbageHeard<F extends FakeAi>(calls: Calls<F>): Promise<void> {
  const { fake, c } = await calls.start();
  const at = await afterGreeting(c);
  for (let i = 0; i < MALFORMED_BURST_COUNT; i++) fake.sendRaw(`}{ garbage ${i}`);
  await expectFailureHeard(c, 'AI_MALFORMED', at);
}

/** The model says nothing after the caller spoke: AI_DEAD_AIR, and the caller hears the apology. */
export async function deadAirHeard<F extends FakeAi>(calls: Calls<F>): Promise<void> {
  const { c, sim } = await calls.start({ turns: [{ caller: 'hello?', reply: null }] }, { deadAirMs: 2500 });
  await afterGreeting(c);
  await sim.streamAudio(speech('caller-hours.wav'));
  const spokeAt = sim.playout.nowMs();
  void sim.streamSilence(8000);
  await expectFailureHeard(c, 'AI_DEAD_AIR', spokeAt);
}
