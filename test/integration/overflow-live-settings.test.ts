// Sautikit's API key and address changed in Settings apply from the next REST request, without a
// restart: redirects and hang-ups go to the new address with the new key.
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { overflowWorlds } from '../harness/overflow-world';
import { waitFor } from '../sim/carrier';
import { SimRest } from '../sim/rest';

const A = '+254711000001';

let stale: SimRest | undefined;
afterEach(async () => {
  await stale?.stop();
  stale = undefined;
});
// Registered after the hook above, so it runs before it: each world stops before its stale Sautikit.
const worlds = overflowWorlds();

describe('Sautikit settings applied live', () => {
  it('a new API address and key are used by the next redirect and hang-up', async () => {
    // At start the app points at an old account: another Sautikit with another key.
    stale = new SimRest({ apiKey: 'sk_old_account' });
    await stale.start();
    const provider = new ScriptedProvider();
    const world = await worlds.start({
      provider,
      settings: { sautikitApiBase: stale.url, sautikitApiKey: 'sk_old_account' },
    });
    const aId = await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const { sim } = await world.call();
    await sim.connectMedia();
    await waitFor(() => world.app.core.registry.get(sim.callSid)?.phase === 'streaming', 3000, 'streaming');

    // The old account does not know the call: the redirect fails there and the AI keeps the call.
    await world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'redirect', 'first redirect', 10_000);
    expect(stale.count('redirect', 404)).toBe(1);
    expect(world.rest.count('redirect')).toBe(0);

    // Only the address changes: the old key is refused by the right account (not retried).
    await world.console.cmd('settings.set', { values: { sautikitApiBase: world.rest.url } });
    await world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId });
    await waitFor(() => world.rest.count('redirect', 401), 10_000, 'redirect refused for the old key');
    await waitFor(
      () => world.app.core.registry.get(sim.callSid)?.phase === 'streaming',
      5000,
      'AI keeps the call',
    );

    // Now the key too: the next click goes through, with no restart.
    await world.console.cmd('settings.set', { values: { sautikitApiKey: world.rest.apiKey } });
    await world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 10_000);
    expect(world.rest.count('redirect', 200)).toBe(1);
    expect(stale.requests).toHaveLength(1);

    // Hang-up uses the live client as well.
    await world.console.cmd('call.hangUp', { callId: sim.callSid });
    expect(world.rest.count('hangup', 200)).toBe(1);
  });

  it('a key set after start enables redirects that were impossible before', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { sautikitApiKey: undefined } });
    const aId = await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const { sim } = await world.call();
    await sim.connectMedia();
    await waitFor(() => world.app.core.registry.get(sim.callSid)?.phase === 'streaming', 3000, 'streaming');
    await world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId });
    await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'error' && e.code === 'SAUTIKIT_NO_API_KEY',
      'no key error',
      10_000,
    );
    await waitFor(
      () => world.app.core.registry.get(sim.callSid)?.phase === 'streaming',
      5000,
      'AI keeps the call',
    );
    const view = await world.console.cmd('settings.set', { values: { sautikitApiKey: world.rest.apiKey } });
    expect(view.secretsSet.sautikitApiKey).toBe(true);
    await world.console.cmd('call.takeOver', { callId: sim.callSid, agentId: aId });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 10_000);
    expect(world.rest.count('redirect', 200)).toBe(1);
  });
});
