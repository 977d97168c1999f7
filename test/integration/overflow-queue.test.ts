// When every agent is busy the caller waits in a conference room of their own; the next agent who
// frees up is called into the oldest caller's room (POST /v1/calls → /agent-leg). Nobody on duty, or
// a wait past QUEUE_MAX_WAIT_S, ends in a recorded voicemail.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../bridge/clock';
import { overflowWorlds } from '../harness/overflow-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const B = '+254711000002';

const worlds = overflowWorlds();

describe('the queue', () => {
  it('all busy: callers wait, then each is connected to the first agent who frees up, oldest first', async () => {
    const world = await worlds.start();
    const aId = await world.addAgent('Akinyi', A);
    const bId = await world.addAgent('Baraka', B);
    const phoneA = world.rest.phones.answers(A);
    const phoneB = world.rest.phones.answers(B);
    const w = world;

    const first = await w.call('+254722000001');
    await w.waitEvent(first.sim.callSid, (e) => e.kind === 'agent.connected', 'first connected');
    const second = await w.call('+254722000002');
    await w.waitEvent(second.sim.callSid, (e) => e.kind === 'agent.connected', 'second connected');
    expect(w.app.core.registry.get(first.sim.callSid)?.agent?.id).toBe(aId);
    expect(w.app.core.registry.get(second.sim.callSid)?.agent?.id).toBe(bId);

    const third = await w.call('+254722000003');
    await w.waitEvent(third.sim.callSid, (e) => e.kind === 'queue.joined', 'third queued');
    const fourth = await w.call('+254722000004');
    await w.waitEvent(fourth.sim.callSid, (e) => e.kind === 'queue.joined', 'fourth queued');
    expect(w.eventsOf(fourth.sim.callSid, 'queue.joined')[0]).toMatchObject({ position: 2 });
    await waitFor(
      () => third.carrier.trace.some((t) => t.startsWith('conference:')),
      3000,
      'third in its room',
    );
    expect(third.carrier.trace).toContain(
      'say:All our colleagues are busy. Please hold, and the next available person will be with you.',
    );
    expect(await w.console.cmd('queue.get', {})).toMatchObject({ waiting: 2 });
    expect(w.app.core.registry.get(third.sim.callSid)?.phase).toBe('queued');

    // Baraka finishes: he is called into the OLDEST waiting caller's room.
    phoneB.hangUp();
    await w.waitEvent(third.sim.callSid, (e) => e.kind === 'agent.connected', 'third connected', 10_000);
    expect(w.app.core.registry.get(third.sim.callSid)?.agent?.id).toBe(bId);
    expect(w.app.core.registry.get(fourth.sim.callSid)?.phase).toBe('queued');
    const legToB = [...w.rest.pbx.calls.values()].find(
      (c) => c.direction === 'outbound' && c.to === B && c.clientRequestId,
    );
    expect(legToB).toBeDefined();
    await waitFor(
      () => w.rest.pbx.rooms.together(third.carrier.id, legToB!.id),
      3000,
      'third and Baraka in one room',
    );
    expect(w.rest.requests.find((r) => r.path === '/v1/calls')).toMatchObject({ status: 201 });
    expect(w.eventsOf(third.sim.callSid, 'queue.left')[0]).toMatchObject({ reason: 'connected to Baraka' });
    expect(w.console.last('queue.changed')).toMatchObject({ waiting: 1 });

    // Akinyi finishes: the fourth caller gets her.
    phoneA.hangUp();
    await w.waitEvent(fourth.sim.callSid, (e) => e.kind === 'agent.connected', 'fourth connected', 10_000);
    expect(w.app.core.registry.get(fourth.sim.callSid)?.agent?.id).toBe(aId);
    expect(await w.console.cmd('queue.get', {})).toEqual({ waiting: 0, longestWaitMs: 0 });

    // The agent hangs up on a queue call: the room ends and so does the caller's call.
    phoneB.hangUp();
    await w.waitEvent(third.sim.callSid, (e) => e.kind === 'call.ended', 'third ended');
    expect(w.eventsOf(third.sim.callSid, 'call.ended')[0]).toMatchObject({ outcome: 'agent-handled' });
  });

  it('an agent who does not pick up the queue call is skipped for that caller', async () => {
    const world = await worlds.start();
    await world.addAgent('Akinyi', A);
    const phoneA = world.rest.phones.answers(A);
    const w = world;
    const first = await w.call('+254722000001');
    await w.waitEvent(first.sim.callSid, (e) => e.kind === 'agent.connected', 'first connected');
    const second = await w.call('+254722000002');
    await w.waitEvent(second.sim.callSid, (e) => e.kind === 'queue.joined', 'second queued');
    w.rest.phones.noAnswer(A);
    phoneA.hangUp();
    // Akinyi is called for the waiting caller but does not answer; nobody else is left: voicemail.
    await w.waitEvent(second.sim.callSid, (e) => e.kind === 'dial.result', 'queue call result', 10_000);
    expect(w.eventsOf(second.sim.callSid, 'dial.result')[0]).toMatchObject({ result: 'no-answer' });
    await w.waitEvent(second.sim.callSid, (e) => e.kind === 'voicemail', 'voicemail', 10_000);
  });

  it('nobody on duty: the caller leaves a voicemail, logged on the call', async () => {
    const world = await worlds.start();
    const aId = await world.addAgent('Akinyi', A);
    await world.console.cmd('agent.setPresence', { id: aId, presence: 'away' });
    const { sim, carrier } = await world.call();
    const vm = await world.waitEvent(sim.callSid, (e) => e.kind === 'voicemail', 'voicemail', 10_000);
    expect(vm).toMatchObject({
      recordingUrl: `https://recordings.sim.sautikit.test/${sim.callSid}.wav`,
      durationS: 12,
    });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended');
    expect(carrier.trace).toEqual(
      expect.arrayContaining([
        'say:Nobody is available to take your call. Please leave a message after the tone and we will call you back.',
        'record',
        'hangup',
      ]),
    );
    expect(world.eventsOf(sim.callSid, 'call.ended')[0]).toMatchObject({ outcome: 'voicemail' });
    expect(world.rest.phones.get(A).rings).toBe(0);
  });

  it('after QUEUE_MAX_WAIT_S the waiting caller is moved to voicemail', async () => {
    const clock = new FakeClock(0, Date.now());
    const world = await worlds.start({ settings: { queueMaxWaitS: 60 }, clock });
    await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const w = world;
    const first = await w.call('+254722000001');
    await w.waitEvent(first.sim.callSid, (e) => e.kind === 'agent.connected', 'first connected');
    const second = await w.call('+254722000002');
    await w.waitEvent(second.sim.callSid, (e) => e.kind === 'queue.joined', 'second queued');
    clock.advance(61_000);
    await w.waitEvent(second.sim.callSid, (e) => e.kind === 'voicemail', 'voicemail', 10_000);
    expect(w.eventsOf(second.sim.callSid, 'queue.left')[0]).toMatchObject({
      reason: 'waited too long: voicemail',
    });
    expect(w.rest.count('redirect')).toBe(1);
    expect(second.carrier.trace).toEqual(
      expect.arrayContaining([expect.stringMatching(/rest-redirect:.*\/dial-status$/), 'record']),
    );
  });
});
