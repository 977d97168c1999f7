// End to end with Gemini: the Sautikit simulator calls the real core, whose AI leg is the real Gemini
// provider (official SDK) talking to the fake Gemini Live service over a real socket. The caller hears
// the greeting, gets a spoken answer, can talk over the agent, transcripts arrive as CallEvents, the
// handoff tool escalates, and every failure escalates with `ai-failure` while the caller hears the apology.
import { describe, expect, it } from 'vitest';
import { speech } from '../fakes/fake-voice';
import { afterGreeting, aiCalls, expectFailureHeard } from '../harness/ai-call';
import * as scenario from '../harness/ai-leg-scenarios';
import { GEMINI_LIVE } from '../harness/ai-services';
import { waitFor } from '../sim/carrier';

const calls = aiCalls(GEMINI_LIVE);
const { start } = calls;

describe('AI leg end to end with Gemini Live', () => {
  it('greets at once, answers a question out loud, and logs both sides', () =>
    scenario.greetsThenAnswers(calls));

  it('stops talking when the caller talks over it', () => scenario.talkedOver(calls));

  it('surfaces the handoff tool call as an ai-requested escalation', () => scenario.handsOffOnRequest(calls));

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

  it('escalates with an apology when the key is refused', () =>
    scenario.refusedKeyHeard(calls, 'another-key'));

  it('escalates with an apology when the quota runs out mid-call', async () => {
    const { fake, c } = await start();
    const at = await afterGreeting(c);
    fake.closeConnections(
      1011,
      'You exceeded your current quota, please check your plan and billing details.',
    );
    await expectFailureHeard(c, 'AI_QUOTA', at);
  });

  it('keeps the call with a fresh session when the service refuses to resume, and keeps answering', async () => {
    const { fake, c, sim } = await start({
      turns: [{ caller: 'question', reply: 'Here is the answer.' }],
      rejectResumption: true,
    });
    await afterGreeting(c);
    fake.closeConnections(1011, 'Deadline expired before operation could complete.');
    await waitFor(() => fake.sessionsStarted === 2, 5000, 'the fresh session');
    await sim.streamAudio(speech('caller-hours.wav'));
    void sim.streamSilence(4000);
    await c.waitEvent(
      'transcript',
      (t) => t.speaker === 'agent' && t.final && t.text === 'Here is the answer.',
    );
    expect(c.of('escalation')).toEqual([]);
    expect(c.of('error')).toEqual([]);
  });

  it('escalates with an apology when goAway cannot be resumed and no fresh session opens', async () => {
    const { fake, c } = await start({ rejectResumption: true, maxSessions: 1 });
    const at = await afterGreeting(c);
    fake.goAway(1000);
    await expectFailureHeard(c, 'AI_RESUME_FAILED', at);
  });

  it('escalates with an apology when the AI socket breaks and neither resuming nor a fresh session works', async () => {
    const { fake, c } = await start({ rejectResumption: true, maxSessions: 1 });
    const at = await afterGreeting(c);
    fake.dropConnections();
    await expectFailureHeard(c, 'AI_RESUME_FAILED', at);
  });

  it('shrugs off a stray malformed message', () => scenario.strayGarbageShrugged(calls));

  it('escalates with an apology on a burst of malformed messages', () => scenario.garbageHeard(calls));

  it('escalates with an apology on dead air after the caller spoke', () => scenario.deadAirHeard(calls));
});
