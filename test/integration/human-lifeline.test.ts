// No caller is ever left in silence, whatever goes wrong, on the documented carrier: no AI at all, the
// AI failing mid-call, a stream that never connects (one retry, then the carrier dials an agent
// itself), a carrier that drops the stream, and the app stopping mid-call.
import { describe, expect, it } from 'vitest';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds } from '../harness/human-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const worlds = humanWorlds();

describe('the lifeline', () => {
  it('with no AI configured the stream still answers: a hold line, music, then the agent on the same stream', async () => {
    const world = await worlds.start();
    await world.addAgent('Wanjiru', A);
    world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    const { sim } = await world.call();
    expect(sim.streamElement?.attrs.connect).toBe('true');
    await sim.connectMedia();
    sim.keepTalking();
    const startMs = sim.playout.nowMs();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'escalation', 'no-ai escalation');
    expect(world.eventsOf(sim.callSid, 'escalation')[0]).toMatchObject({ reason: 'no-ai' });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent joined', 12_000);
    const heardAt = await waitFor(
      () => {
        const at = sim.playout.firstAudibleAfter(sim.playout.nowMs() - 50, 500);
        return at >= 0 ? at : null;
      },
      8000,
      'the agent',
    );
    expect(sim.playout.longestSilenceMs(startMs, heardAt)).toBeLessThanOrEqual(3000);
  });

  it('the AI failing mid-call: the apology plays at once, then hold music until a person joins', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Wanjiru', A);
    world.rest.phones.answers(A, { answerAfterS: 150, voice: speech('agent-greeting.wav') });
    world.rest.pbx.options.outboundRingS = 1000;
    const { sim } = await world.call();
    const session = await world.connectAi(sim, provider);
    sim.keepTalking();
    // Mid-call: the caller is hearing the AI's greeting when the model breaks.
    await waitFor(() => sim.playout.firstAudibleAfter(0, 500) >= 0, 5000, 'the AI’s greeting at the caller');
    const failAtMs = sim.playout.nowMs();
    session.fail('AI_PROTOCOL', 'the model broke');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent joined', 15_000);
    expect(world.eventsOf(sim.callSid, 'escalation')[0]).toMatchObject({ reason: 'ai-failure' });
    const joinedAt = sim.playout.nowMs();
    const heardAt = await waitFor(
      () => {
        const at = sim.playout.firstAudibleAfter(joinedAt, 500);
        return at >= 0 ? at : null;
      },
      8000,
      'the agent',
    );
    expect(sim.playout.longestSilenceMs(failAtMs, heardAt)).toBeLessThanOrEqual(3000);
  });

  it('a stream that never connects gets one retry, then the carrier dials the agent itself', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Wanjiru', A);
    const phone = world.rest.phones.answers(A);
    const { sim, carrier } = await world.call();
    // The carrier could not open the first stream: it asks /voice again and gets one more <Stream>.
    await world.rest.pbx.streamConnectFailed(sim.callSid);
    expect(carrier.fetched.at(-1)?.body).toContain('<Stream');
    // It fails again: the answer now is the carrier route — never <Stream> again and again.
    await world.rest.pbx.streamConnectFailed(sim.callSid);
    expect(carrier.fetched.at(-1)?.body).not.toContain('<Stream');
    await waitFor(() => carrier.trace.includes(`bridged:${A}`), 8000, 'the carrier bridged the agent');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'connected by event');
    phone.hangUp();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended');
    expect(ended).toMatchObject({ outcome: 'agent-handled' });
  });

  it('a stream that never connects and no word from the carrier: the call does not stay live for ever', async () => {
    const world = await worlds.start({ settings: { streamConnectWaitMs: 1000 } });
    const { sim } = await world.call();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended', 8000);
    expect(ended).toMatchObject({ outcome: 'failed', reason: 'the carrier never opened the media stream' });
    expect(world.app.core.registry.get(sim.callSid)).toBeUndefined();
  });

  it('a carrier dropping the stream mid-call is a failed call, not "AI resolved"', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const { sim } = await world.call();
    await world.connectAi(sim, provider);
    sim.ws?.terminate();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended');
    expect(ended).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('dropped') as unknown as string,
    });
  });

  it('the app stopping mid-call records the call as cut off, not resolved', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const { sim } = await world.call();
    await world.connectAi(sim, provider);
    await world.app.core.stop();
    const ended = world.eventsOf(sim.callSid, 'call.ended')[0];
    expect(ended).toMatchObject({ outcome: 'failed', reason: 'the app stopped before the call ended' });
  });
});
