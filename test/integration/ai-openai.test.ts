// End to end with OpenAI: the Sautikit simulator calls the real core, whose AI leg is the real OpenAI
// provider (OpenAIRealtimeWS) talking to the fake OpenAI Realtime service over real TLS (trusted through
// NODE_EXTRA_CA_CERTS, see vitest.config.ts). The caller hears the greeting, gets a spoken answer, can
// talk over the agent (and the model's memory is truncated to what was heard), transcripts arrive as
// CallEvents, the handoff tool escalates, and every failure escalates with `ai-failure` and an apology.
import { describe, expect, it } from 'vitest';
import { afterGreeting, aiCalls, expectFailureHeard } from '../harness/ai-call';
import * as scenario from '../harness/ai-leg-scenarios';
import { OPENAI_REALTIME } from '../harness/ai-services';
import { waitFor } from '../sim/carrier';

const calls = aiCalls(OPENAI_REALTIME);
const { start } = calls;

describe('AI leg end to end with OpenAI Realtime', () => {
  it('greets at once, answers a question out loud, and logs both sides', () =>
    scenario.greetsThenAnswers(calls));

  it('stops talking when the caller talks over it', async () => {
    const { fake, heardMs } = await scenario.talkedOver(calls);
    // The model's memory of the reply was cut to what the caller heard.
    await waitFor(() => fake.truncations.length > 0, 5000, 'the truncation');
    expect(fake.truncations[0]!.audio_end_ms).toBe(Math.round(heardMs));
  });

  it('surfaces the handoff tool call as an ai-requested escalation', () => scenario.handsOffOnRequest(calls));

  it('escalates with an apology when the key is refused', () =>
    scenario.refusedKeyHeard(calls, 'sk-another-key'));

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

  it('shrugs off a stray malformed message', () => scenario.strayGarbageShrugged(calls));

  it('escalates with an apology on a burst of malformed messages', () => scenario.garbageHeard(calls));

  it('escalates with an apology on dead air after the caller spoke', () => scenario.deadAirHeard(calls));
});
