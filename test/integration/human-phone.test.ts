// The hand-off to an agent's phone over real sockets, on a carrier that offers only what Sautikit
// documents (no live-call redirect): the core with a scripted AI, the Sautikit simulator's REST API and
// PBX (agent phones scripted, each answering into the app's media server), a console on a pipe. The
// caller never leaves their stream: the agent is brought to it.
import { describe, expect, it } from 'vitest';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds, TEAM_NUMBER } from '../harness/human-world';
import { waitFor, type SimCall } from '../sim/carrier';

const A = '+254711000001';
const B = '+254711000002';
const worlds = humanWorlds();

/** The caller hears the agent's voice: audible audio after `fromMs` once the agent is joined. */
async function hearsAgent(sim: SimCall, fromMs: number) {
  return waitFor(
    () => {
      const at = sim.playout.firstAudibleAfter(fromMs, 500);
      return at >= 0 ? at : null;
    },
    8000,
    'the agent’s voice at the caller',
  );
}

describe('hand-off to a phone, carrier as documented', () => {
  it('the AI hands off: hold music, the agent’s phone is called and joined, and the caller hears the agent', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Wanjiru', '0711 000001');
    const phone = world.rest.phones.answers(A, { answerAfterS: 20, voice: speech('agent-greeting.wav') });
    const { sim, session } = await world.aiCall(provider);

    const handoffAtMs = sim.playout.nowMs();
    session.requestHandoff('caller wants a refund', 'Refund for order 42');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'dial.attempt', 'agent rung');
    // The leg is placed as documented: POST /v1/calls, idempotent, from the team's number to the agent.
    const placed = await waitFor(
      () => world.rest.requests.find((r) => r.method === 'POST' && r.path === '/v1/calls'),
      5000,
      'POST /v1/calls',
    );
    expect(placed?.idempotencyKey).toBeTruthy();
    expect(placed?.body).toMatchObject({ from: TEAM_NUMBER, to: [A] });
    expect(String((placed?.body as { voice_callback_url: string }).voice_callback_url)).toMatch(
      /\/agent-leg\?t=/,
    );
    // No redirect was asked of a carrier that documents none (the accelerator is off until proven).
    expect(world.rest.count('redirect')).toBe(0);

    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 12_000);
    const live = world.app.core.registry.get(sim.callSid)!;
    expect(live.phase).toBe('with-human');
    expect(live.agent).toMatchObject({ id: aId, name: 'Wanjiru', state: 'connected', via: 'phone' });
    const joinedAtMs = sim.playout.nowMs();
    const heardAt = await hearsAgent(sim, joinedAtMs);
    // From the hand-off to the agent's voice the caller was never left in silence for long.
    expect(sim.playout.longestSilenceMs(handoffAtMs, heardAt)).toBeLessThanOrEqual(3000);
    expect(sim.closedWith).toBeNull(); // the lifeline was never cut

    // The agent hears the caller through the bridge.
    void sim.streamAudio(speech('caller-balance.wav'));
    await waitFor(() => (phone.media?.playout.audibleMsAfter(0) ?? 0) > 500, 8000, 'the caller at the agent');

    const agents = await world.console.cmd('agents.list', {});
    expect(agents.find((a) => a.id === aId)?.presence).toBe('on-call');

    // The agent hangs up: the AI takes the caller back (the default), and the agent is free again.
    phone.hangUp();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.left', 'agent left');
    await waitFor(() => world.app.core.registry.get(sim.callSid)?.phase === 'ai', 5000, 'the AI again');
    await waitFor(
      async () => (await world.console.cmd('agents.list', {}))[0]?.presence === 'available',
      5000,
      'agent free',
    );
    await sim.hangUp();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'call ended');
    expect(ended).toMatchObject({ outcome: 'agent-handled' });
  });

  it('rings the next agent when the first does not answer in time, and hangs the first leg up', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { dialTimeoutS: 5 } });
    await world.addAgent('Akinyi', A);
    const bId = await world.addAgent('Baraka', B);
    world.rest.phones.noAnswer(A);
    world.rest.phones.answers(B, { voice: speech('agent-greeting.wav') });
    // The carrier would let A's phone ring far longer than the app waits.
    world.rest.pbx.options.outboundRingS = 10_000;
    const { sim, session } = await world.aiCall(provider);
    const handoffAtMs = sim.playout.nowMs();
    session.requestHandoff('wants a person');
    const connected = await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'agent.connected',
      'B connected',
      20_000,
    );
    expect(connected).toMatchObject({ agentId: bId, via: 'phone' });
    expect(world.eventsOf(sim.callSid, 'dial.result')).toEqual([
      expect.objectContaining({ result: 'no-answer' }),
      expect.objectContaining({ agentId: bId, result: 'connected' }),
    ]);
    // The unanswered leg to A was hung up through the documented hang-up call.
    const legToA = [...world.rest.pbx.calls.values()].find((c) => c.to === A)!;
    expect(world.rest.requests.some((r) => r.path === `/v1/calls/${legToA.id}/hangup`)).toBe(true);
    const heardAt = await hearsAgent(sim, sim.playout.nowMs());
    expect(sim.playout.longestSilenceMs(handoffAtMs, heardAt)).toBeLessThanOrEqual(3000);
  });

  it('moves on at once from a busy agent and from a destination Sautikit refuses (shown on the agent)', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Akinyi', A);
    const bId = await world.addAgent('Baraka', B);
    world.rest.phones.refused(A);
    world.rest.phones.busy(B);
    const { sim, session } = await world.aiCall(provider);
    session.requestHandoff('wants a person');
    // Nobody left to ring and nobody on a call: the bridge records a voicemail on the stream.
    await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'call.phase' && e.phase === 'voicemail',
      'voicemail',
    );
    expect(world.eventsOf(sim.callSid, 'dial.result')).toEqual([
      expect.objectContaining({ agentId: aId, result: 'refused' }),
      expect.objectContaining({ agentId: bId, result: 'busy' }),
    ]);
    const agents = await world.console.cmd('agents.list', {});
    expect(agents.find((a) => a.id === aId)?.lastError).toMatch(/refused/i);
  });

  it('the caller hanging up while an agent is rung cancels the leg and frees the agent', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    world.rest.phones.noAnswer(A);
    const { sim, session } = await world.aiCall(provider);
    session.requestHandoff('wants a person');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'dial.attempt', 'ringing');
    await waitFor(() => [...world.rest.pbx.calls.values()].find((c) => c.to === A), 5000, 'leg placed');
    await sim.hangUp();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended');
    expect(ended).toMatchObject({ outcome: 'abandoned' });
    const leg = [...world.rest.pbx.calls.values()].find((c) => c.to === A)!;
    await waitFor(() => leg.endedAtMs, 5000, 'the leg hung up');
    await waitFor(
      async () => (await world.console.cmd('agents.list', {}))[0]?.presence === 'available',
      5000,
      'agent free',
    );
  });

  it('Take over to my phone: the clicking agent’s phone rings even when a colleague is free', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    const bId = await world.addAgent('Baraka', B);
    world.rest.phones.answers(A);
    world.rest.phones.answers(B, { voice: speech('agent-greeting.wav') });
    const { sim } = await world.aiCall(provider);
    await expect(world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: bId })).resolves.toEqual({
      accepted: true,
      via: 'phone',
    });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'B connected');
    expect(world.eventsOf(sim.callSid, 'dial.attempt')).toEqual([
      expect.objectContaining({ agentId: bId, number: B }),
    ]);
    expect(world.eventsOf(sim.callSid, 'escalation')[0]).toMatchObject({ reason: 'agent-takeover' });
    await hearsAgent(sim, 0);
  });
});

describe('settings of the hand-off', () => {
  it('AI_HELPS_WHILE_WAITING: the AI keeps talking with the caller while the agent is rung, then steps aside', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { aiHelpsWhileWaiting: true } });
    await world.addAgent('Wanjiru', A);
    world.rest.phones.answers(A, { answerAfterS: 200, voice: speech('agent-greeting.wav') });
    world.rest.pbx.options.outboundRingS = 1000;
    const { sim, session } = await world.aiCall(provider);
    session.requestHandoff('wants a person');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'dial.attempt', 'ringing');
    // While the phone rings the AI still hears the caller and answers (no hold music instead).
    await waitFor(
      () => session.said.some((l) => /keep helping/.test(l)),
      5000,
      'the AI says it keeps helping',
    );
    const heardBefore = session.receivedSamples;
    await sim.streamAudio(speech('caller-hours.wav'));
    expect(session.receivedSamples).toBeGreaterThan(heardBefore);
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent joined', 12_000);
    expect(provider.last?.closedWith).not.toBeNull();
  });

  it('AFTER_AGENT_LEAVES=goodbye: when the agent hangs up, the caller hears a goodbye and the app hangs up', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { afterAgentLeaves: 'goodbye' } });
    await world.addAgent('Wanjiru', A);
    const phone = world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    const { sim, session } = await world.aiCall(provider);
    session.requestHandoff('wants a person');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent joined', 12_000);
    phone.hangUp();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'hung up', 10_000);
    expect(ended).toMatchObject({ outcome: 'agent-handled', reason: 'the agent left' });
    expect(world.eventsOf(sim.callSid, 'agent.left')[0]).toMatchObject({ next: 'goodbye' });
    expect(world.rest.requests.some((r) => r.path === `/v1/calls/${sim.callSid}/hangup`)).toBe(true);
  });
});
