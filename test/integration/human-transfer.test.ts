// The carrier redirect as an accelerator, never the only path: on an account where it works (the
// simulator's `redirect` profile) a phone hand-off goes through the carrier's own <Dial>; on the
// documented carrier it answers 404, which is remembered for the account and never tried again — the
// bridge rings the agent meanwhile, and the caller hears hold music throughout.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds } from '../harness/human-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const worlds = humanWorlds();

describe('the carrier transfer accelerator', () => {
  it('on an account whose redirect works, the carrier dials the agent and the call leaves the laptop', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, profile: 'redirect', settings: { carrierTransfer: 'try' } });
    await world.addAgent('Wanjiru', A);
    const phone = world.rest.phones.answers(A);
    const { sim, carrier, session } = await world.aiCall(provider);
    session.requestHandoff('wants a person');
    await waitFor(() => carrier.trace.includes(`bridged:${A}`), 10_000, 'the carrier bridged the agent');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'connected');
    expect(await world.waitEvent(sim.callSid, (e) => e.kind === 'redirect', 'redirect')).toMatchObject({
      ok: true,
    });
    // The stream closing was the move, not the end of the call.
    expect(world.eventsOf(sim.callSid, 'call.ended')).toEqual([]);
    phone.hangUp();
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended');
    expect(ended).toMatchObject({ outcome: 'agent-handled' });
    const memory = JSON.parse(
      readFileSync(path.join(world.app.dataDir, 'carrier-capabilities.json'), 'utf8'),
    ) as Record<string, { redirect: string }>;
    expect(Object.values(memory).map((m) => m.redirect)).toEqual(['works']);
  });

  it('on the documented carrier the refused redirect is remembered and never tried again; the bridge rings the agent', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { carrierTransfer: 'try' } });
    await world.addAgent('Wanjiru', A);
    const phone = world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    const first = await world.aiCall(provider);
    const askedAtMs = first.sim.playout.nowMs();
    first.session.requestHandoff('wants a person');
    await world.waitEvent(
      first.sim.callSid,
      (e) => e.kind === 'agent.connected',
      'connected through the bridge',
      12_000,
    );
    expect(world.rest.count('redirect', 404)).toBe(1);
    expect(world.eventsOf(first.sim.callSid, 'redirect')[0]).toMatchObject({ ok: false });
    const heardAt = await waitFor(
      () => {
        const at = first.sim.playout.firstAudibleAfter(first.sim.playout.nowMs() - 50, 500);
        return at >= 0 ? at : null;
      },
      8000,
      'the agent',
    );
    expect(first.sim.playout.longestSilenceMs(askedAtMs, heardAt)).toBeLessThanOrEqual(3000);
    phone.hangUp();
    await first.sim.hangUp();
    await world.waitEvent(first.sim.callSid, (e) => e.kind === 'call.ended', 'first ended');
    expect(existsSync(path.join(world.app.dataDir, 'carrier-capabilities.json'))).toBe(true);

    const second = await world.aiCall(provider);
    second.session.requestHandoff('wants a person');
    await world.waitEvent(
      second.sim.callSid,
      (e) => e.kind === 'agent.connected',
      'second connected',
      12_000,
    );
    expect(world.rest.count('redirect')).toBe(1);
  });
});
