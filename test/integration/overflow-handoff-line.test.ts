// The caller hears the hand-off line before the call moves: over real sockets, the simulator's playout
// (what the caller heard, when) against the moment the redirect reached Sautikit's REST API.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bridge/config';
import { ScriptedProvider, type ScriptedSession } from '../fakes/scripted-provider';
import { overflowWorlds } from '../harness/overflow-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
/** The scripted model speaks 65 ms of audio per character. */
const MS_PER_CHAR = 65;
const FRAME_MS = 20;

const worlds = overflowWorlds();

describe('hand-off line before the redirect', () => {
  it('plays the whole hand-off line to the caller before the redirect reaches Sautikit', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Wanjiru', A);
    world.rest.phones.answers(A);
    const { sim } = await world.call();
    await sim.connectMedia();
    const session = (await waitFor(() => provider.last, 3000, 'AI session')) as ScriptedSession;
    const registry = world.app.core.registry;
    // The greeting plays out first: what is heard after the tool call is the hand-off line.
    await waitFor(
      () =>
        sim.playout.heard.length > 0 &&
        !session.isSpeaking() &&
        sim.playout.queuedMs() === 0 &&
        registry.get(sim.callSid)?.activity === 'idle',
      10_000,
      'greeting played',
    );

    const askedAtMs = performance.now();
    session.requestHandoff('caller wants a person', 'Refund question');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'redirect', 'redirect', 10_000);
    const redirectAtMs = world.rest.requests.find((r) => r.path.endsWith('/redirect'))!.atMs;
    const startMs = sim.playout.startMs;
    const heardMs =
      sim.playout.heard.filter(
        (h) => h.rms > 100 && startMs + h.atMs > askedAtMs && startMs + h.atMs < redirectAtMs,
      ).length * FRAME_MS;
    const lineMs = loadConfig({}).handoffMessage.length * MS_PER_CHAR;
    expect(session.handoffAnswers.map((a) => a.message)).toEqual([loadConfig({}).handoffMessage]);
    // Nearly all of the line was heard before the redirect moved the call (it ends the stream).
    expect(heardMs).toBeGreaterThanOrEqual(lineMs * 0.8);
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected');
  });
});
