// What a teammate may do, through a real paired teammate console (the host's TLS LAN listener, the
// agent token as a subprotocol): the host's settings, a colleague's agent record and presence, and the
// call log's deletion are refused as data (TEAM_HOST_ONLY) and left as they were; their own presence
// and Take over to their own phone work.
import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../bridge/api/contract';
import { connectToHost, pairWithHost } from '../../bridge/team/join-team';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds, type HumanWorld } from '../harness/human-world';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

const TEAMMATE = '+254722000333';
const COLLEAGUE = '+254722000444';
const worlds = humanWorlds();

async function hostWithTeammate(provider?: ScriptedProvider) {
  const world: HumanWorld = await worlds.start({
    provider,
    settings: { teamHost: '127.0.0.1', teamPort: 0 },
  });
  const colleagueId = await world.addAgent('Otieno', COLLEAGUE);
  await world.console.cmd('team.setHosting', { on: true });
  const code = await world.console.cmd('team.pairingCode', {});
  const joined = await pairWithHost({
    address: code.addresses[0]!,
    code: code.code,
    name: 'Achieng',
    number: TEAMMATE,
  });
  const ws = connectToHost(joined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const teammate = TestConsole.overSocket(ws);
  const call = teammate.result.bind(teammate);
  return { world, colleagueId, me: joined.agentId, call, events: teammate.events, ws };
}

const hostOnly = (message: string) => ({ ok: false, error: { code: 'TEAM_HOST_ONLY', message } });

describe('a teammate’s console', () => {
  it('cannot change the host’s settings, a colleague’s record or presence, or delete a caller’s calls', async () => {
    const { world, colleagueId, call, ws } = await hostWithTeammate();
    const before = { ...world.app.core.config };

    expect(
      await call('settings.set', {
        values: { sautikitApiBase: 'https://teammate.example', logCallContent: true },
      }),
    ).toEqual(hostOnly('Only the host laptop can change settings'));
    expect(world.app.core.config.sautikitApiBase).toBe(before.sautikitApiBase);
    expect(world.app.core.config.logCallContent).toBe(before.logCallContent);

    expect(await call('agent.save', { id: colleagueId, name: 'Otieno', number: TEAMMATE })).toEqual(
      hostOnly('Only the host laptop can add agents or change another agent’s name and number'),
    );
    expect(await call('agent.save', { name: 'Extra', number: '+254722000555' })).toMatchObject({
      ok: false,
      error: { code: 'TEAM_HOST_ONLY' },
    });
    expect(await call('agent.remove', { id: colleagueId })).toMatchObject({
      ok: false,
      error: { code: 'TEAM_HOST_ONLY' },
    });
    expect(await call('agent.setPresence', { id: colleagueId, presence: 'away' })).toEqual(
      hostOnly('Only the host laptop can change another agent’s presence'),
    );
    const roster = await world.console.cmd('agents.list', {});
    expect(roster.find((a) => a.id === colleagueId)).toMatchObject({
      name: 'Otieno',
      number: COLLEAGUE,
      presence: 'available',
    });
    expect(roster).toHaveLength(2);

    expect(await call('history.deleteCaller', { number: '+254712345678' })).toEqual(
      hostOnly('Only the host laptop can delete a caller’s calls'),
    );
    expect(await call('history.export', { format: 'csv' })).toEqual(
      hostOnly('Only the host laptop can export the call log'),
    );
    // The host's own console still may.
    expect(await world.console.result('history.deleteCaller', { number: '+254712345678' })).toMatchObject({
      ok: true,
    });
    ws.close();
  });

  it('sets its own presence, reads the board, and takes a call over to its own phone', async () => {
    const provider = new ScriptedProvider();
    const { world, me, colleagueId, call, ws } = await hostWithTeammate(provider);

    expect(await call('agent.setPresence', { id: me, presence: 'away' })).toMatchObject({
      ok: true,
      value: { id: me, presence: 'away' },
    });
    expect(await call('agent.setPresence', { id: me, presence: 'available' })).toMatchObject({ ok: true });
    expect(await call('agents.list', {})).toMatchObject({ ok: true });
    expect(await call('history.list', {})).toMatchObject({ ok: true });

    world.rest.phones.answers(TEAMMATE);
    const { sim, carrier } = await world.call('+254700111222');
    await sim.connectMedia();
    await waitFor(() => world.app.core.registry.get(sim.callSid)?.phase === 'ai', 5000, 'streaming');
    expect(await call('call.takeOver', { callId: sim.callSid, agentId: colleagueId })).toEqual(
      hostOnly('Only the host laptop can hand a call to another agent'),
    );
    expect(await call('call.takeOver', { callId: sim.callSid })).toEqual({
      ok: true,
      value: { accepted: true, via: 'phone' },
    });
    // The teammate's own phone is called and joined to the caller's stream.
    await waitFor(
      () => world.app.core.registry.get(sim.callSid)?.agent?.state === 'connected',
      8000,
      'the teammate’s phone joined',
    );
    const legs = [...world.rest.pbx.calls.values()].filter((c) => c.direction === 'outbound');
    expect(legs.map((c) => c.to)).toEqual([TEAMMATE]);
    expect(carrier.endedAtMs).toBeUndefined();
    ws.close();
  });

  it('hears status.changed with its own identity when the host changes a setting', async () => {
    const { world, me, events, ws } = await hostWithTeammate();
    events.length = 0;
    await world.console.cmd('settings.set', { values: { businessName: 'Duka Bora' } });
    const heard = () => events.filter((e) => e.name === 'status.changed').map((e) => e.data as StatusView);
    await waitFor(() => heard().length > 0, 5000, 'status.changed at the teammate');
    expect(heard().map((s) => s.agentId)).toEqual(heard().map(() => me));
    expect(world.console.last('status.changed')?.agentId).toBeUndefined();
    ws.close();
  });
});
