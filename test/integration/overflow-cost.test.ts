// What each call cost, from the legs' seconds as Sautikit reports them (call.completed
// duration_seconds, delivered at least once and deduplicated), by component.
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../bridge/calls/events';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { overflowWorlds, type OverflowWorld } from '../harness/overflow-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const B = '+254711000002';

const worlds = overflowWorlds();

const costs = (w: OverflowWorld, callSid: string) =>
  w
    .eventsOf(callSid, 'cost')
    .map((e) =>
      e.kind === 'cost' ? { component: e.component, kesCents: e.kesCents, detail: e.detail } : null,
    );

describe('call cost', () => {
  it('bills each agent leg per second from connect at KES 3.00/min; inbound is free; duplicate events count once', async () => {
    const world = await worlds.start();
    world.rest.events.duplicate = true;
    await world.addAgent('Akinyi', A);
    await world.addAgent('Baraka', B);
    world.rest.phones.noAnswer(A);
    world.rest.phones.answers(B, { talkS: 95 });
    const { sim } = await world.call();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'call ended', 15_000);
    await waitFor(
      () => costs(world, sim.callSid).some((c) => c?.component === 'carrier-outbound'),
      5000,
      'leg cost',
    );
    const byComponent = costs(world, sim.callSid);
    // The leg's seconds as Sautikit reported them (simulated time: about 95 s of talk).
    const legDone = world.rest.events.sent.find((e) => e.kind === 'call.completed' && e.data.to === B);
    const seconds = legDone?.data.duration_seconds as number;
    expect(seconds).toBeGreaterThanOrEqual(95);
    expect(seconds).toBeLessThan(110);
    expect(byComponent.filter((c) => c?.component === 'carrier-outbound')).toEqual([
      {
        component: 'carrier-outbound',
        kesCents: seconds * 5,
        detail: `Baraka: ${seconds} s per-second at 300 cents/min (carrier)`,
      },
    ]);
    expect(byComponent.filter((c) => c?.component === 'carrier-inbound')).toEqual([
      expect.objectContaining({ kesCents: 0 }),
    ]);
    // Every event was delivered twice; the app acted once.
    await waitFor(
      () => world.rest.events.sent.filter((e) => e.kind === 'call.completed').length >= 4,
      3000,
      'duplicates',
    );
    expect(world.eventsOf(sim.callSid, 'call.ended')).toHaveLength(1);
    expect(
      world.eventsOf(sim.callSid, 'dial.result').map((e) => e.kind === 'dial.result' && e.result),
    ).toEqual(['no-answer', 'connected']);
  });

  it("can bill per started minute, and prices the AI's tokens", async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({
      provider,
      settings: {
        billing: 'per-minute',
        aiInputPerMTokensKesCents: 1_000_000,
        aiOutputPerMTokensKesCents: 1_000_000,
      },
    });
    await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A, { talkS: 61 });
    const { sim } = await world.call();
    await sim.connectMedia();
    const session = await waitFor(() => provider.last, 3000, 'AI session');
    await waitFor(() => world.eventsOf(sim.callSid, 'usage').length > 0, 5000, 'AI usage from the greeting');
    session.requestHandoff();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'call ended', 15_000);
    await waitFor(
      () => costs(world, sim.callSid).some((c) => c?.component === 'carrier-outbound'),
      5000,
      'leg cost',
    );
    const usage = world
      .eventsOf(sim.callSid, 'usage')
      .reduce((n, e) => n + (e.kind === 'usage' ? (e.inputTokens ?? 0) + (e.outputTokens ?? 0) : 0), 0);
    const all = costs(world, sim.callSid);
    const legDone = world.rest.events.sent.find((e) => e.kind === 'call.completed' && e.data.to === A);
    const seconds = legDone?.data.duration_seconds as number;
    expect(seconds).toBeGreaterThanOrEqual(61);
    expect(all.find((c) => c?.component === 'carrier-outbound')).toMatchObject({
      kesCents: Math.ceil(seconds / 60) * 300,
    });
    expect(all.find((c) => c?.component === 'ai')).toMatchObject({ kesCents: usage });
    const ended: CallEvent | undefined = world.eventsOf(sim.callSid, 'call.ended')[0];
    expect(ended).toMatchObject({ outcome: 'agent-handled' });
  });
});
