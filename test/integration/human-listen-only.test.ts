// A person takes the call and the AI goes quiet, over real sockets: the real core with the real
// provider (createProvider) pointed at a fake AI service, the Sautikit simulator (documented profile) and
// a console on a pipe. With OpenAI the AI stays on listen-only — the caller's lines keep coming into the
// console and the call log, its voice never reaches the caller, its failure never disturbs the person's
// call; Gemini has no such mode, so its session is closed as the person joins, as before.
import { afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../bridge/api/contract';
import { createProvider } from '../../bridge/ai/create-provider';
import type { Log } from '../../bridge/base/log';
import type { ConfigInput } from '../../bridge/config/config';
import type { CallEvent } from '../../bridge/domain/call-events';
import type { FakeOpenAiRealtime } from '../fakes/fake-openai-realtime';
import type { FakeScriptOptions } from '../fakes/fake-script';
import { GREETING_TEXT, SPEECH_TEXT, speech } from '../fakes/fake-voice';
import { GEMINI_LIVE, OPENAI_REALTIME, type FakeAi, type FakeAiService } from '../harness/ai-services';
import { captureLog } from '../harness/capture-log';
import { humanWorlds, type HumanWorld } from '../harness/human-world';
import { waitFor, type SimCall } from '../sim/carrier';

const A = '+254711000001';
const BALANCE = SPEECH_TEXT['caller-balance.wav']!;
const HOURS = SPEECH_TEXT['caller-hours.wav']!;

// Registered before the world's own: hooks run last-registered first, so the app stops before its AI.
let fake: FakeAi | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});
const worlds = humanWorlds();

/** A world whose AI is the real provider for `service`, pointed at a new fake of it; one agent, A. */
async function startWith<F extends FakeAi, O extends FakeScriptOptions>(
  service: FakeAiService<F, O>,
  fakeOptions: O,
  settings: ConfigInput = {},
  log?: Log,
): Promise<{ ai: F; world: HumanWorld }> {
  const ai = await service.start(fakeOptions);
  fake = ai;
  const world = await worlds.start({
    createProvider,
    settings: { ...service.settings(ai), greeting: GREETING_TEXT, ...settings },
    ...(log ? { log } : {}),
  });
  await world.addAgent('Wanjiru', A);
  return { ai, world };
}

/** A caller the AI has greeted; from then on their phone sends frames all the time. */
async function greetedCall(world: HumanWorld): Promise<SimCall> {
  const { sim } = await world.call();
  await sim.connectMedia();
  await world.waitEvent(
    sim.callSid,
    (e) => e.kind === 'transcript' && e.speaker === 'agent' && e.final,
    'the greeting',
  );
  sim.keepTalking();
  return sim;
}

/**
 * OpenAI asked to hand the call to a person after the greeting, then the caller's two lines; agent A's
 * phone answers after a ring and stays silent (anything the caller hears is the AI or hold audio).
 * Resolves once A is rung.
 */
async function handedToPhone(
  settings: ConfigInput = {},
): Promise<{ ai: FakeOpenAiRealtime; world: HumanWorld; sim: SimCall }> {
  const { ai, world } = await startWith(
    OPENAI_REALTIME,
    {
      thinkMs: 0,
      turns: [
        {
          caller: 'I have a question about my statement.',
          handoff: { reason: 'statement', summary: 'Statement' },
        },
        { caller: BALANCE },
        { caller: HOURS },
      ],
    },
    settings,
  );
  world.rest.phones.answers(A, { answerAfterS: 20 });
  const sim = await greetedCall(world);
  void sim.streamAudio(speech('caller-yes.wav'));
  await world.waitEvent(sim.callSid, (e) => e.kind === 'dial.attempt', 'the agent rung');
  return { ai, world, sim };
}

/** Takes the call on this window's headset. */
async function takeOverHere(world: HumanWorld, sim: SimCall): Promise<void> {
  await world.console.cmd('call.takeOver', { callId: sim.callSid, via: 'headset' });
  await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'headset joined');
}

/** The fake OpenAI was told never to answer again. */
async function listening(ai: FakeOpenAiRealtime): Promise<void> {
  await waitFor(
    () =>
      ai.sessionUpdates.some(
        (s) =>
          (s.audio as { input?: { turn_detection?: { create_response?: boolean } } } | undefined)?.input
            ?.turn_detection?.create_response === false,
      ),
    5000,
    'the listen-only session.update',
  );
}

/** What the AI sent before the person joined has played out: playout time from which the caller hears only the person. */
async function quietFrom(sim: SimCall): Promise<number> {
  await waitFor(() => sim.playout.queuedMs() === 0, 5000, 'the AI’s last audio played out');
  return sim.playout.nowMs();
}

/**
 * No reply under way and every reply's usage (one per `response.done`, a cancelled one too) has reached
 * the call: the usage after the index returned is the listening's own.
 */
async function repliesCounted(world: HumanWorld, ai: FakeOpenAiRealtime, callSid: string): Promise<number> {
  await waitFor(
    () => !ai.replying && usageAfter(world, callSid, 0).length === ai.sent('response.done'),
    5000,
    'every reply’s usage counted',
  );
  return world.events.length;
}

function callerLine(text: string): (e: CallEvent) => boolean {
  return (e) => e.kind === 'transcript' && e.speaker === 'caller' && e.final && e.text === text;
}

/** The caller says two lines with the person on the call; each is transcribed. */
async function callerSaysTwoLines(world: HumanWorld, sim: SimCall): Promise<void> {
  void sim.streamAudio(speech('caller-balance.wav'));
  await world.waitEvent(sim.callSid, callerLine(BALANCE), 'the caller’s first line');
  // The fake thinks for 0 ms: had it started a reply, it would be on its way before the second line.
  void sim.streamAudio(speech('caller-hours.wav'));
  await world.waitEvent(sim.callSid, callerLine(HOURS), 'the caller’s second line');
}

/** Usage the call published after event index `from`. */
function usageAfter(world: HumanWorld, callSid: string, from: number) {
  return world.events
    .slice(from)
    .filter((e): e is Extract<CallEvent, { kind: 'usage' }> => e.callId === callSid && e.kind === 'usage');
}

describe('a person takes the call: the AI goes quiet', () => {
  it('OpenAI, Take over here: the AI listens on, the caller’s lines reach the console and the call log, and its voice never reaches the caller', async () => {
    const { ai, world } = await startWith(OPENAI_REALTIME, {
      thinkMs: 0,
      turns: [{ caller: BALANCE }, { caller: HOURS }],
    });
    const sim = await greetedCall(world);
    await takeOverHere(world, sim);
    await listening(ai);
    const fromMs = await quietFrom(sim);
    const seen = await repliesCounted(world, ai, sim.callSid);

    await callerSaysTwoLines(world, sim);
    // The model was never asked for a reply, and nothing of its voice reached the caller (the person
    // at the headset is silent here).
    expect(ai.said).toEqual([GREETING_TEXT]);
    expect(ai.clientEvents.filter((e) => e.type === 'response.create')).toHaveLength(1);
    expect(sim.playout.audibleMsAfter(fromMs)).toBe(0);
    const shown = world.console.events
      .filter((e) => e.name === 'transcript.changed')
      .map((e) => (e.data as Events['transcript.changed']).line)
      .filter((l) => l.speaker === 'caller' && l.final)
      .map((l) => l.text);
    expect(shown).toEqual([BALANCE, HOURS]);
    // What the listening costs: the transcription of each line.
    expect(usageAfter(world, sim.callSid, seen).map((u) => u.inputAudioTokens)).toEqual([40, 40]);
    expect(world.app.core.registry.get(sim.callSid)).toMatchObject({
      phase: 'with-human',
      agent: { via: 'headset', state: 'connected' },
    });
    expect(world.eventsOf(sim.callSid, 'escalation')).toHaveLength(1);

    await sim.hangUp();
    const detail = await world.console.endedCall(sim.callSid, 10_000);
    expect(detail.turns.filter((t) => t.speaker === 'caller').map((t) => t.text)).toEqual([BALANCE, HOURS]);
    expect(detail.call.costByComponent.ai).toBeGreaterThan(0);
    // The call ended: the listening session is closed.
    await waitFor(() => ai.connections[0]!.closeCode !== null, 5000, 'the listening session closed');
    expect(ai.connections).toHaveLength(1);
  });

  it('OpenAI, an agent’s phone joined while the AI kept the caller company: the AI listens on, its voice never reaches the caller', async () => {
    const { ai, world, sim } = await handedToPhone({ aiHelpsWhileWaiting: true });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'the agent joined', 15_000);
    expect(world.app.core.registry.get(sim.callSid)?.agent).toMatchObject({ via: 'phone' });
    await listening(ai);
    const fromMs = await quietFrom(sim);
    const saidBefore = ai.said.length;
    const seen = await repliesCounted(world, ai, sim.callSid);

    await callerSaysTwoLines(world, sim);
    expect(ai.said).toHaveLength(saidBefore);
    expect(sim.playout.audibleMsAfter(fromMs)).toBe(0);
    expect(usageAfter(world, sim.callSid, seen).map((u) => u.inputAudioTokens)).toEqual([40, 40]);
    expect(world.app.core.registry.get(sim.callSid)?.phase).toBe('with-human');

    await sim.hangUp();
    const detail = await world.console.endedCall(sim.callSid, 10_000);
    expect(detail.turns.filter((t) => t.speaker === 'caller').map((t) => t.text)).toEqual(
      expect.arrayContaining([BALANCE, HOURS]),
    );
    await waitFor(() => ai.connections[0]!.closeCode !== null, 5000, 'the listening session closed');
  });

  it('OpenAI, hand-off to an agent’s phone (defaults): the AI listens on from its hand-off line through the hold music and the agent’s call, in one session', async () => {
    const { ai, world, sim } = await handedToPhone();
    await listening(ai);
    const saidBefore = ai.said.length;
    const repliesBefore = ai.clientEvents.filter((e) => e.type === 'response.create').length;

    // While the agent's phone rings the caller hears hold audio, and what they say is still transcribed.
    expect(world.app.core.registry.get(sim.callSid)?.agent).toMatchObject({ via: 'phone', state: 'ringing' });
    void sim.streamAudio(speech('caller-balance.wav'));
    await world.waitEvent(sim.callSid, callerLine(BALANCE), 'the caller’s line on hold');

    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'the agent joined', 15_000);
    void sim.streamAudio(speech('caller-hours.wav'));
    await world.waitEvent(sim.callSid, callerLine(HOURS), 'the caller’s line with the agent');

    // One session all along, never asked for a reply again, and it said nothing more.
    expect(ai.connections).toHaveLength(1);
    expect(ai.clientEvents.filter((e) => e.type === 'response.create')).toHaveLength(repliesBefore);
    expect(ai.said).toHaveLength(saidBefore);

    await sim.hangUp();
    await world.console.endedCall(sim.callSid, 10_000);
    await waitFor(() => ai.connections[0]!.closeCode !== null, 5000, 'the listening session closed');
  });

  it('OpenAI: the listening AI failing ends only the listening — no error, no apology, the person keeps the call', async () => {
    const captured = captureLog();
    const { ai, world } = await startWith(OPENAI_REALTIME, {}, {}, captured.log);
    const sim = await greetedCall(world);
    await takeOverHere(world, sim);
    await listening(ai);
    const seen = world.events.length;

    ai.dropConnections();
    await waitFor(
      () => captured.lines.some((l) => l.msg === 'the AI stopped listening'),
      5000,
      'the listening ended',
    );
    // An AI leg failing would have published its error and escalated at once, before the apology.
    const kinds = world.events
      .slice(seen)
      .filter((e) => e.callId === sim.callSid)
      .map((e) => e.kind);
    expect(kinds).not.toContain('error');
    expect(kinds).not.toContain('escalation');
    expect(world.app.core.registry.get(sim.callSid)).toMatchObject({
      phase: 'with-human',
      agent: { via: 'headset', state: 'connected' },
    });
    // The person still hears the caller.
    const inboundAtWindow = () => world.console.frames.length;
    const framesBefore = inboundAtWindow();
    await waitFor(() => inboundAtWindow() > framesBefore + 25, 5000, 'caller frames at the window');
  });

  it('Gemini (no listen-only mode): the AI’s session closes as the person joins, and the transcript stops', async () => {
    const { ai, world } = await startWith(GEMINI_LIVE, { turns: [{ caller: BALANCE }] });
    const sim = await greetedCall(world);
    expect(ai.openConnections).toBe(1);
    await takeOverHere(world, sim);
    await waitFor(() => ai.openConnections === 0, 5000, 'the Gemini session closed');
    const heardMs = ai.audioInMs;
    const seen = world.events.length;

    await sim.streamAudio(speech('caller-balance.wav'));
    expect(ai.audioInMs).toBe(heardMs);
    expect(ai.sessionsStarted).toBe(1);
    expect(world.events.slice(seen).filter(callerLine(BALANCE))).toEqual([]);
    expect(world.app.core.registry.get(sim.callSid)?.phase).toBe('with-human');
  });
});
