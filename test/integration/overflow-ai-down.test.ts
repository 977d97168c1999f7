// The AI leg failed and the redirect cannot be made: nothing could speak on the stream, so the app ends
// its media stream; the simulator's PBX, its <Stream> step completed, POSTs /voice (as documented) and
// the escalated call goes on to a person. Real sockets, the simulator's REST API and PBX.
import { describe, expect, it } from 'vitest';
import { promptPcm } from '../../bridge/media/prompts';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { overflowWorlds, type OverflowWorld } from '../harness/overflow-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const APOLOGY_MS = (promptPcm('apology').length / 16_000) * 1000;

const worlds = overflowWorlds();

async function failingAiCall(w: OverflowWorld, provider: ScriptedProvider) {
  const { sim, carrier } = await w.call();
  const session = await w.connectAi(sim, provider);
  const failedAtMs = sim.playout.nowMs();
  session.fail('AI_PROTOCOL', 'the model sent garbage');
  return { sim, carrier, failedAtMs };
}

describe('AI down and no redirect', () => {
  it('redirect API down: the stream ends after the apology and the caller is dialled to an agent', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    world.rest.failNext('redirect', 3, { status: 503 });
    const { sim, carrier, failedAtMs } = await failingAiCall(world, provider);

    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 20_000);
    expect(world.eventsOf(sim.callSid, 'escalation')).toEqual([
      expect.objectContaining({ reason: 'ai-failure' }),
    ]);
    expect(world.eventsOf(sim.callSid, 'redirect')).toEqual([
      expect.objectContaining({ ok: false, attempts: 3 }),
    ]);
    expect(world.rest.count('redirect')).toBe(3);
    // The app ended its stream itself, and the PBX asked /voice what next.
    expect(sim.controlMessages).toContainEqual({ type: 'disconnect' });
    expect(carrier.trace).toContain('stream-ended-by-app');
    expect(carrier.fetched.map((f) => new URL(f.url).pathname)).toContain('/voice');
    await waitFor(() => carrier.trace.includes(`bridged:${A}`), 3000, 'bridged');
    expect(carrier.trace).toEqual(
      expect.arrayContaining(['say:Connecting you to a colleague now.', `dial:${A}`]),
    );
    // Never silent: the apology played out before the stream ended, then the PBX spoke and dialled.
    const heardMs = sim.playout.audibleMsAfter(failedAtMs);
    expect(heardMs).toBeGreaterThanOrEqual(APOLOGY_MS * 0.8);
    const live = world.app.core.registry.get(sim.callSid)!;
    expect(live.phase).toBe('with-agent');
    expect(live.timeline.map((t) => t.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/AI cannot keep the call: ending its stream/)]),
    );
  });

  it('no API key: the failed AI call still reaches an agent through /voice, with no REST call at all', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { sautikitApiKey: undefined } });
    await world.addAgent('Akinyi', A);
    world.rest.phones.answers(A);
    const { sim, carrier } = await failingAiCall(world, provider);

    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 20_000);
    expect(world.eventsOf(sim.callSid, 'error')).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'SAUTIKIT_NO_API_KEY' })]),
    );
    expect(world.rest.requests).toEqual([]);
    expect(carrier.trace).toContain('stream-ended-by-app');
    await waitFor(() => carrier.trace.includes(`bridged:${A}`), 3000, 'bridged');
  });

  it('nobody on duty: the failed AI call goes to voicemail instead of silence', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { sautikitApiKey: undefined } });
    const { sim, carrier } = await failingAiCall(world, provider);
    await world.waitEvent(sim.callSid, (e) => e.kind === 'voicemail', 'voicemail', 20_000);
    expect(carrier.trace).toEqual(expect.arrayContaining(['stream-ended-by-app', 'record']));
  });

  it('a call the app ended itself is hung up when the PBX asks /voice again, never answered twice', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { sautikitApiKey: undefined } });
    const { sim, carrier } = await world.call();
    await sim.connectMedia();
    await waitFor(() => world.app.core.registry.get(sim.callSid)?.phase === 'streaming', 3000, 'streaming');
    // Without an API key, Hang up can only close our stream; the step completion must end the call.
    await world.console.cmd('call.hangUp', { callId: sim.callSid });
    await waitFor(() => carrier.endedAtMs, 5000, 'carrier call ended');
    expect(carrier.trace).toEqual(expect.arrayContaining(['stream-ended-by-app', 'hangup']));
    expect(provider.sessions).toHaveLength(1);
    expect(world.eventsOf(sim.callSid, 'call.started')).toHaveLength(1);
    expect(world.eventsOf(sim.callSid, 'call.ended')).toHaveLength(1);
  });
});
