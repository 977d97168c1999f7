// The hand-off over real sockets: the core (scripted AI or none) and the Sautikit simulator (REST
// redirect, a PBX running the app's Dial/Redirect answers, scripted agent phones, signed events).
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../bridge/calls/events';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { overflowWorlds, type OverflowWorld } from '../harness/overflow-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const B = '+254711000002';

const worlds = overflowWorlds();

async function aiCall(w: OverflowWorld, provider: ScriptedProvider) {
  const { sim, carrier } = await w.call();
  expect(sim.streamElement).toBeDefined();
  const session = await w.connectAi(sim, provider);
  return { sim, carrier, session };
}

const kinds = (events: CallEvent[]) =>
  events.map((e) => (e.kind === 'call.phase' ? `phase:${e.phase}` : e.kind));

describe('hand-off to a person', () => {
  it('a handoff tool call redirects the call, dials the available agent and connects', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Wanjiru', '0711 000001');
    const phone = world.rest.phones.answers(A);
    const { sim, carrier, session } = await aiCall(world, provider);

    session.requestHandoff('caller wants a refund', 'Refund for order 42');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
    const live = world.app.core.registry.get(sim.callSid)!;
    expect(live.phase).toBe('with-agent');
    expect(live.agent).toMatchObject({ id: aId, name: 'Wanjiru', state: 'connected' });
    expect(live.escalation).toMatchObject({ reason: 'ai-requested', detail: 'caller wants a refund' });
    expect(kinds(world.eventsOf(sim.callSid))).toEqual(
      expect.arrayContaining(['escalation', 'redirect', 'dial.attempt', 'dial.result', 'agent.connected']),
    );
    const redirect = world.eventsOf(sim.callSid, 'redirect')[0];
    expect(redirect).toMatchObject({ ok: true, attempts: 1 });
    expect(JSON.stringify(redirect)).not.toMatch(/\?t=/);
    await waitFor(() => carrier.trace.includes(`bridged:${A}`), 3000, 'bridged');
    expect(carrier.trace).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rest-redirect:.*\/handoff$/),
        `say:Connecting you to a colleague now.`,
        `dial:${A}`,
      ]),
    );
    expect(sim.closedWith).not.toBeNull(); // the media stream ended with the redirect
    expect(session.handoffAnswers).toHaveLength(1);
    const agents = await world.console.cmd('agents.list', {});
    expect(agents.find((a) => a.id === aId)?.presence).toBe('on-call');

    phone.hangUp();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'call ended');
    expect(world.eventsOf(sim.callSid, 'call.ended')[0]).toMatchObject({ outcome: 'agent-handled' });
    await waitFor(
      async () => (await world.console.cmd('agents.list', {}))[0]?.presence === 'available',
      3000,
      'agent free',
    );
  });

  it('a take-over click for agent B dials B even when A is free', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    const bId = await world.addAgent('Baraka', B);
    world.rest.phones.answers(A);
    world.rest.phones.answers(B);
    const { sim, carrier } = await aiCall(world, provider);
    await expect(world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: bId })).resolves.toEqual({
      accepted: true,
    });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
    expect(world.eventsOf(sim.callSid, 'dial.attempt')).toEqual([
      expect.objectContaining({ agentId: bId, number: B }),
    ]);
    expect(world.rest.phones.get(A).rings).toBe(0);
    await waitFor(() => carrier.trace.includes(`bridged:${B}`), 3000, 'bridged');
    expect(world.eventsOf(sim.callSid, 'escalation')[0]).toMatchObject({
      reason: 'agent-takeover',
      targetAgentId: bId,
    });
  });

  it('no answer from A: B is tried next, and the timeline shows it', async () => {
    const world = await worlds.start();
    await world.addAgent('Akinyi', A);
    const bId = await world.addAgent('Baraka', B);
    world.rest.phones.noAnswer(A);
    world.rest.phones.answers(B);
    const { sim, carrier } = await world.call();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 10_000);
    const results = world
      .eventsOf(sim.callSid, 'dial.result')
      .map((e) => e.kind === 'dial.result' && e.result);
    expect(results).toEqual(['no-answer', 'connected']);
    expect(world.app.core.registry.get(sim.callSid)?.agent?.id).toBe(bId);
    expect(carrier.trace.filter((t) => t.startsWith('dial:'))).toEqual([`dial:${A}`, `dial:${B}`]);
    expect(carrier.trace).toContain('redirect:' + world.app.url + '/dial-status');
    expect(world.eventsOf(sim.callSid, 'escalation')[0]).toMatchObject({ reason: 'no-ai' });
    const timeline = world.app.core.registry.get(sim.callSid)!.timeline.map((t) => t.summary);
    expect(timeline).toEqual(
      expect.arrayContaining([
        'Ringing Akinyi',
        'Dial no-answer: no_answer',
        'Ringing Baraka',
        'Connected to Baraka',
      ]),
    );
  });

  it('redirect API down: retried, then the failure is shown and the AI apologises and keeps the call', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    world.rest.failNext('redirect', 1, 'reset');
    world.rest.failNext('redirect', 2, { status: 503 });
    const { sim, session } = await aiCall(world, provider);

    session.requestHandoff('caller asked', 'wants a person');
    const failed = await world.waitEvent(sim.callSid, (e) => e.kind === 'redirect', 'redirect result');
    expect(failed).toMatchObject({
      ok: false,
      attempts: 3,
      error: expect.stringMatching(/after 3 attempts: HTTP 503/),
    });
    expect(world.rest.requests.filter((r) => r.path.endsWith('/redirect'))).toHaveLength(3);
    await waitFor(
      () =>
        session.said.includes(
          'Sorry, I could not reach a colleague just now. I will keep helping you myself.',
        ),
      3000,
      'apology',
    );
    const live = world.app.core.registry.get(sim.callSid)!;
    expect(live.phase).toBe('streaming');
    expect(sim.closedWith).toBeNull(); // the caller is still with the AI
    expect(live.timeline.map((t) => t.summary)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Redirect failed: Sautikit did not complete the redirect/),
      ]),
    );
    expect(world.rest.phones.get(A).rings).toBe(0);

    // Once the API is back, a take-over click still works.
    await expect(world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId })).resolves.toEqual({
      accepted: true,
    });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
  });

  it("a 4xx from the redirect API is not retried and names Sautikit's code", async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    world.rest.failNext('redirect', 1, { status: 404, code: 'calls.not_found' });
    const { sim, session } = await aiCall(world, provider);
    session.requestHandoff();
    const failed = await world.waitEvent(sim.callSid, (e) => e.kind === 'redirect', 'redirect result');
    expect(failed).toMatchObject({
      ok: false,
      attempts: 1,
      error: expect.stringMatching(/calls\.not_found/),
    });
    expect(world.eventsOf(sim.callSid, 'error')).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'SAUTIKIT_REDIRECT_FAILED' })]),
    );
  });

  it('"nataka kuongea na mtu" escalates with the line that triggered it', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const { sim, session } = await aiCall(world, provider);
    session.events.emit('caller.transcript', { text: 'Habari, nataka kuongea na mtu', final: true });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
    expect(world.eventsOf(sim.callSid, 'escalation')).toEqual([
      expect.objectContaining({ reason: 'caller-asked', triggerText: 'Habari, nataka kuongea na mtu' }),
    ]);
  });

  it('a never-AI topic escalates', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const { sim, session } = await aiCall(world, provider);
    session.events.emit('caller.transcript', { text: 'What are your hours?', final: true });
    session.events.emit('caller.transcript', { text: 'I want to report fraud on my account', final: true });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'redirect', 'redirect');
    expect(world.eventsOf(sim.callSid, 'escalation')).toEqual([
      expect.objectContaining({
        reason: 'never-ai-topic',
        detail: 'Never-AI topic: fraud',
        triggerText: 'I want to report fraud on my account',
      }),
    ]);
  });

  it('a duplicated click redirects once', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const { sim } = await aiCall(world, provider);
    const clicks = await Promise.all([
      world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId }),
      world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId }),
      world.console.cmd('call.takeOver', { callId: sim.callSid }),
    ]);
    expect(clicks.map((c) => c.accepted)).toEqual([true, false, false]);
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
    expect(world.rest.count('redirect')).toBe(1);
    expect(world.eventsOf(sim.callSid, 'escalation')).toHaveLength(1);
    expect(world.rest.phones.get(A).rings).toBe(1);
  });

  it('a refused destination shows as an error on the agent, and the next agent is tried', async () => {
    const world = await worlds.start();
    const aId = await world.addAgent('Akinyi', A);
    world.rest.phones.refused(A);
    world.rest.phones.answers(B);
    await world.addAgent('Baraka', B);
    const { sim } = await world.call();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
    await waitFor(
      async () => (await world.console.cmd('agents.list', {})).find((a) => a.id === aId)?.lastError,
      3000,
      'agent error',
    );
    const akinyi = (await world.console.cmd('agents.list', {})).find((a) => a.id === aId)!;
    expect(akinyi.lastError).toMatch(/Sautikit refused to dial \+254711000001.*destination_not_authorised/);
    expect(world.eventsOf(sim.callSid, 'dial.result')[0]).toMatchObject({ agentId: aId, result: 'refused' });
    expect(world.console.last('agents.changed')?.find((a) => a.id === aId)?.lastError).toBeDefined();
  });

  it('when the PBX refuses <Redirect> to our URL, the step completion on /voice moves the hunt on', async () => {
    const world = await worlds.start();
    world.rest.pbx.options.refuseRedirectVerb = true;
    await world.addAgent('Akinyi', A);
    await world.addAgent('Baraka', B);
    world.rest.phones.noAnswer(A);
    world.rest.phones.answers(B);
    const { sim, carrier } = await world.call();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 10_000);
    expect(carrier.trace).toContain('redirect-refused');
    expect(carrier.fetched.map((f) => new URL(f.url).pathname)).toContain('/voice');
    await waitFor(() => carrier.trace.includes(`bridged:${B}`), 3000, 'bridged');
  });
});
