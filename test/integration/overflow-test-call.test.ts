// A test call from the window (call.placeTest, the dev phone) is not a Sautikit call: when it escalates
// nothing is redirected. The timeline says in plain words who a real call would ring, the AI says the
// hand-off line and keeps the call. Real sockets: the console pipe, the app's /voice and media socket.
import { describe, expect, it } from 'vitest';
import type { Events } from '../../bridge/api/contract';
import { TEST_CALL_KEEP_LINE } from '../../bridge/calls/handoff-redirect';
import { loadConfig } from '../../bridge/config';
import { ScriptedProvider, type ScriptedSession } from '../fakes/scripted-provider';
import { overflowWorlds, type OverflowWorld } from '../harness/overflow-world';
import { SimCall, waitFor } from '../sim/carrier';

const A = '+254711000001';
const HANDOFF_LINE = loadConfig({}).handoffMessage;

const worlds = overflowWorlds();

/** What the window does: place the test call, then open its media socket like the dev phone. */
async function testCall(w: OverflowWorld, provider: ScriptedProvider) {
  const ticket = await w.console.cmd('call.placeTest', {});
  expect(ticket.callId).toMatch(/^TEST-/);
  const phone = new SimCall(w.app.sim, ticket.callId, String(ticket.metadata.from), 'dev-phone', {
    status: 200,
    contentType: 'application/xml',
    body: '',
  });
  w.app.sim.calls.set(ticket.callId, phone);
  await phone.connectMedia({ url: ticket.streamUrl, metadata: ticket.metadata });
  const session = (await waitFor(() => provider.last, 3000, 'AI session')) as ScriptedSession;
  await waitFor(() => w.app.core.registry.get(ticket.callId)?.phase === 'streaming', 3000, 'streaming');
  return { callId: ticket.callId, phone, session };
}

const timelineSummaries = (w: OverflowWorld, callId: string) =>
  w.console.events
    .filter((e) => e.name === 'timeline.changed')
    .map((e) => e.data as Events['timeline.changed'])
    .filter((d) => d.callId === callId)
    .map((d) => d.item.summary);

describe('test calls escalate without Sautikit', () => {
  it('Take over on a test call: no REST request, the window is told who a real call would ring', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Wanjiru', A);
    const { callId, phone, session } = await testCall(world, provider);

    await expect(world.console.cmd('call.takeOver', { callId, agentId: aId })).resolves.toEqual({
      accepted: true,
    });
    await world.waitEvent(callId, (e) => e.kind === 'test.handoff', 'test hand-off');
    expect(world.eventsOf(callId, 'escalation')).toEqual([
      expect.objectContaining({ reason: 'agent-takeover', targetAgentId: aId }),
    ]);
    await waitFor(
      () => timelineSummaries(world, callId).length > 0 && session.said.length >= 2,
      8000,
      'line',
    );
    expect(timelineSummaries(world, callId)).toContain('Test call: a real call would now ring Wanjiru');
    // The AI said the hand-off line, then (nobody will ring) that it stays on the call.
    expect(session.said).toEqual([HANDOFF_LINE, TEST_CALL_KEEP_LINE]);
    await waitFor(() => world.app.core.registry.get(callId)?.phase === 'streaming', 3000, 'AI keeps it');
    expect(phone.closedWith).toBeNull();
    expect(world.rest.requests).toEqual([]);
    expect(world.rest.phones.get(A).rings).toBe(0);
    expect(world.eventsOf(callId, 'dial.attempt')).toEqual([]);
    expect((await world.console.cmd('agents.list', {}))[0]?.presence).toBe('available');
  });

  it('the AI asking for a person on a test call: the queue is named when everyone is busy', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Wanjiru', A);
    await world.console.cmd('agent.setPresence', { id: aId, presence: 'on-call' });
    const { callId, session } = await testCall(world, provider);

    session.requestHandoff('caller wants a person', 'Balance question');
    await world.waitEvent(callId, (e) => e.kind === 'test.handoff', 'test hand-off');
    expect(world.eventsOf(callId, 'test.handoff')).toEqual([expect.objectContaining({ next: 'queue' })]);
    expect(world.app.core.registry.get(callId)!.timeline.map((t) => t.summary)).toContain(
      'Test call: a real call would now wait in the queue (every agent is busy)',
    );
    await waitFor(() => session.said.includes(TEST_CALL_KEEP_LINE), 8000, 'AI keeps the call');
    expect(world.rest.requests).toEqual([]);
  });

  it('the AI failing on a test call ends it after the apology, with no REST request', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Wanjiru', A);
    const { callId, phone, session } = await testCall(world, provider);
    session.fail('AI_PROTOCOL', 'broken');
    await world.waitEvent(callId, (e) => e.kind === 'call.ended', 'call ended', 10_000);
    expect(world.eventsOf(callId, 'call.ended')).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(world.eventsOf(callId, 'test.handoff')).toEqual([
      expect.objectContaining({ next: 'agent', agentName: 'Wanjiru' }),
    ]);
    await phone.waitForClose();
    expect(world.rest.requests).toEqual([]);
  });
});
