// "Test my setup", live: the app calls the agent's own phone through the Sautikit simulator and reports
// what works — and what it found about the carrier redirect is remembered and used (or not) on live
// hand-offs afterwards.
import { describe, expect, it } from 'vitest';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds, TEAM_NUMBER } from '../harness/human-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const worlds = humanWorlds();

describe('the live setup check', () => {
  it('on the documented carrier: places the call, hears the phone both ways, finds no redirect, hangs up', async () => {
    const world = await worlds.start({ settings: { teamNumber: TEAM_NUMBER } });
    await world.addAgent('Wanjiru', A);
    world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    const report = await world.console.cmd('setup.liveCheck', {});
    expect(report).toMatchObject({ ok: true, agentName: 'Wanjiru', number: A, redirect: 'absent' });
    expect(report.steps.map((s) => [s.id, s.ok])).toEqual([
      ['call', true],
      ['answered', true],
      ['audio-out', true],
      ['audio-in', true],
      ['redirect', false],
      ['hangup', true],
    ]);
    const leg = [...world.rest.pbx.calls.values()].find((c) => c.to === A)!;
    await waitFor(() => leg.endedAtMs, 5000, 'the check call ended');
    // The phone heard the tone.
    expect(world.rest.phones.get(A).media?.playout.audibleMsAfter(0)).toBeGreaterThan(200);
  });

  it('on an account whose redirect works, says so and remembers it: a later hand-off lets the carrier dial', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({
      provider,
      profile: 'redirect',
      settings: { teamNumber: TEAM_NUMBER },
    });
    await world.addAgent('Wanjiru', A);
    world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    const report = await world.console.cmd('setup.liveCheck', {});
    expect(report.steps.find((s) => s.id === 'redirect')).toMatchObject({ ok: true });
    expect(report.redirect).toBe('works');
    // The default setting (when-proven) now uses the carrier's own Dial for a phone hand-off.
    const { sim, carrier } = await world.call();
    const session = await world.connectAi(sim, provider);
    session.requestHandoff('wants a person');
    await waitFor(() => carrier.trace.includes(`bridged:${A}`), 10_000, 'the carrier dialled the agent');
  });

  it('says plainly when nobody answers, and what to set up first', async () => {
    const world = await worlds.start({ settings: { teamNumber: TEAM_NUMBER, dialTimeoutS: 5 } });
    await world.addAgent('Wanjiru', A);
    world.rest.phones.noAnswer(A);
    const report = await world.console.cmd('setup.liveCheck', {});
    expect(report.ok).toBe(false);
    expect(report.steps.find((s) => s.id === 'answered')).toMatchObject({ ok: false });
    const noNumber = await worlds.start();
    await noNumber.addAgent('Wanjiru', A);
    await expect(noNumber.console.cmd('setup.liveCheck', {})).rejects.toMatchObject({
      code: 'SETUP_NO_NUMBER',
    });
  }, 40_000);
});
