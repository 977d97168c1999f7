// The agent roster lives in the call log. A log that cannot be opened at start does not stop calls
// being answered, nor escalations reaching the agent from AGENT_NUMBER: that agent is on the roster at
// once, and saved (the rest of the roster loaded) once the log recovers.
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../bridge/api/contract';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { startTestApp } from '../harness/app';
import { humanWorlds } from '../harness/human-world';
import { immutableSupported, readOnlyLog } from '../harness/read-only-log';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

const DESK = '+254700000001';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('agent roster and the call log', () => {
  it.skipIf(!immutableSupported())(
    'has the configured agent while the call log is read-only, and saves it once the log is writable',
    async () => {
      const logFile = readOnlyLog();
      cleanups.push(() => logFile.remove());
      const app = await startTestApp({
        dataDir: logFile.dir,
        echoMode: true,
        agentName: 'Desk',
        agentNumber: DESK,
      });
      cleanups.push(() => app.stop());
      const console = new TestConsole(app);
      expect(await console.cmd('status.get', {})).toMatchObject({ storeOk: false });
      const [desk] = await console.cmd('agents.list', {});
      expect(desk).toMatchObject({ name: 'Desk', number: DESK, presence: 'available' });

      logFile.makeWritable();
      await waitFor(
        async () => (await app.core.store.write('agents.load', {})).some((a) => a.number === DESK),
        30_000,
        'the agent saved in the call log',
      );
      expect(await app.core.store.write('agents.load', {})).toEqual([
        expect.objectContaining({ id: desk!.id, name: 'Desk', number: DESK }),
      ]);
      expect(await console.cmd('agents.list', {})).toEqual([expect.objectContaining({ id: desk!.id })]);
    },
    40_000,
  );

  const worlds = humanWorlds();

  it('rings the configured agent on an escalation when the data folder cannot hold the log', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({
      provider,
      settings: { dataDir: '/proc/sauti-console-test', agentName: 'Desk', agentNumber: DESK },
    });
    const status = await world.console.cmd('status.get', {});
    expect(status.storeOk).toBe(false);
    expect(status.storeError).toMatch(/The data folder \/proc\/sauti-console-test cannot be used/);
    expect((await world.console.cmd('agents.list', {})) as Agent[]).toEqual([
      expect.objectContaining({ name: 'Desk', number: DESK }),
    ]);
    world.rest.phones.answers(DESK);
    const { sim } = await world.call();
    const session = await world.connectAi(sim, provider);
    session.requestHandoff('caller wants a person', 'Can I talk to someone');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 12_000);
    const legs = [...world.rest.pbx.calls.values()].filter((c) => c.direction === 'outbound');
    expect(legs.map((c) => c.to)).toEqual([DESK]);
    expect(world.eventsOf(sim.callSid, 'voicemail')).toEqual([]);
  });
});
