// Waiting and nobody at all, on the documented carrier (no redirect anywhere): every agent busy → the
// caller waits on their own stream with hold music and their place in line, and the first agent to
// become free takes the oldest caller; nobody on duty, or a wait too long → the bridge records a
// voicemail from the stream into the call log, then hangs up on purpose.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VoicemailPart } from '../../bridge/api/contract';
import { placeInLinePrompt, promptPcm } from '../../bridge/media/prompts';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds } from '../harness/human-world';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const worlds = humanWorlds();

describe('waiting for a person', () => {
  it('a caller waits with hold music and their place in line; the agent, once free, takes the oldest first', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    await world.addAgent('Akinyi', A);
    const phone = world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    // Akinyi takes the first caller.
    const first = await world.aiCall(provider, '+254700000001');
    first.session.requestHandoff('wants a person');
    await world.waitEvent(
      first.sim.callSid,
      (e) => e.kind === 'agent.connected',
      'first with Akinyi',
      12_000,
    );

    // Two more callers ask for a person while she is busy: they wait in line, in order.
    const second = await world.aiCall(provider, '+254700000002');
    const secondAskedAtMs = second.sim.playout.nowMs();
    second.session.requestHandoff('wants a person');
    await world.waitEvent(second.sim.callSid, (e) => e.kind === 'queue.joined', 'second queued');
    const secondQueuedAtMs = second.sim.playout.nowMs();
    const third = await world.aiCall(provider, '+254700000003');
    third.session.requestHandoff('wants a person');
    await world.waitEvent(third.sim.callSid, (e) => e.kind === 'queue.joined', 'third queued');
    expect(world.eventsOf(second.sim.callSid, 'queue.joined')[0]).toMatchObject({ position: 1 });
    expect(world.eventsOf(third.sim.callSid, 'queue.joined')[0]).toMatchObject({ position: 2 });
    expect(world.app.core.registry.get(third.sim.callSid)).toMatchObject({
      phase: 'queued',
      queuePosition: 2,
    });
    expect(await world.console.cmd('queue.get', {})).toMatchObject({ waiting: 2 });
    // The waiting caller hears the bridge (the queue line, then music), never a dead line: heard until a
    // second into the music after the line.
    const lineMs = ((promptPcm('queue').length + promptPcm(placeInLinePrompt(1)).length) * 1000) / 16_000;
    const musicAtMs = await waitFor(
      () =>
        second.sim.playout.heard.find((h) => h.atMs >= secondQueuedAtMs + lineMs + 1000 && h.rms > 100)?.atMs,
      lineMs + 8000,
      'hold music after the queue line',
    );
    expect(second.sim.playout.longestSilenceMs(secondAskedAtMs, musicAtMs)).toBeLessThanOrEqual(3000);
    expect(second.sim.closedWith).toBeNull();

    // Akinyi hangs up with the first caller (who then hangs up too): the oldest waiting caller is next.
    phone.hangUp();
    await world.waitEvent(first.sim.callSid, (e) => e.kind === 'agent.left', 'first agent left');
    await first.sim.hangUp();
    await world.waitEvent(
      second.sim.callSid,
      (e) => e.kind === 'agent.connected',
      'second with Akinyi',
      12_000,
    );
    expect(world.eventsOf(third.sim.callSid, 'agent.connected')).toEqual([]);
    // The third caller moved up to first place.
    await waitFor(() => world.app.core.registry.get(third.sim.callSid)?.queuePosition === 1, 5000, 'place 1');
    expect(world.eventsOf(second.sim.callSid, 'queue.left')[0]).toMatchObject({
      reason: expect.stringContaining('Akinyi') as unknown as string,
    });
  });

  it('nobody on duty: the bridge records a voicemail from the stream, keeps it in the log, and hangs up', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { voicemailMaxLengthS: 10 } });
    const away = await world.addAgent('Akinyi', A);
    await world.console.cmd('agent.setPresence', { id: away, presence: 'away' });
    const { sim, session, carrier } = await world.aiCall(provider);
    session.requestHandoff('wants a person');
    await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'call.phase' && e.phase === 'voicemail',
      'voicemail',
    );
    // The voicemail line and the tone play; then the caller speaks their message.
    await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'call.phase' && e.detail === 'recording after the tone',
      'recording',
      15_000,
    );
    void sim.streamAudio(speech('caller-balance.wav'));
    const vm = await world.waitEvent(sim.callSid, (e) => e.kind === 'voicemail', 'voicemail saved', 20_000);
    expect(vm).toMatchObject({ file: expect.stringMatching(/^voicemail\//) as unknown as string });
    const file = path.join(world.app.dataDir, (vm as { file: string }).file);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).toString('ascii', 0, 4)).toBe('RIFF');
    expect((vm as { durationS: number }).durationS).toBeGreaterThan(2);
    // A deliberate hang-up through Sautikit's documented hang-up call.
    const ended = await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'ended', 15_000);
    expect(ended).toMatchObject({ outcome: 'voicemail' });
    expect(ended).toMatchObject({ reason: 'message recorded' });
    await waitFor(
      () => world.rest.requests.some((r) => r.path === `/v1/calls/${sim.callSid}/hangup`),
      5000,
      'the documented hang-up',
    );
    expect(carrier.endedAtMs).toBeDefined();
    const detail = await world.console.endedCall(sim.callSid, 10_000);
    expect(detail.call.outcome).toBe('voicemail');
    expect(detail.call.voicemail).toMatchObject({ recording: 'here' });
    // The message waits in the callback list, and plays back whole (in parts) from the window.
    const callbacks = await world.console.cmd('callbacks.list', {});
    expect(callbacks.map((c) => c.callId)).toEqual([sim.callSid]);
    const parts: Buffer[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const part: VoicemailPart = await world.console.cmd('history.voicemail', {
        callId: sim.callSid,
        offset,
      });
      parts.push(Buffer.from(part.base64, 'base64'));
      offset = part.next;
    }
    expect(Buffer.concat(parts).equals(readFileSync(file))).toBe(true);
    await world.console.cmd('callback.done', { callId: sim.callSid, done: true });
    expect(await world.console.cmd('callbacks.list', {})).toEqual([]);
    expect(world.console.events.some((e) => e.name === 'callbacks.changed')).toBe(true);
    // Forgetting the caller (a data-protection request) takes the recording with the call.
    await world.console.cmd('history.deleteCaller', { number: '+254712345678' });
    expect(existsSync(file)).toBe(false);
    // The prompts are real recordings played in real time (about 20 s in all).
  }, 60_000);

  it('a caller who waited too long is moved to voicemail', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { queueMaxWaitS: 10 } });
    await world.addAgent('Akinyi', A);
    const phone = world.rest.phones.answers(A, { voice: speech('agent-greeting.wav') });
    const first = await world.aiCall(provider, '+254700000001');
    first.session.requestHandoff('wants a person');
    await world.waitEvent(first.sim.callSid, (e) => e.kind === 'agent.connected', 'with Akinyi', 12_000);
    const second = await world.aiCall(provider, '+254700000002');
    second.session.requestHandoff('wants a person');
    await world.waitEvent(second.sim.callSid, (e) => e.kind === 'queue.joined', 'queued');
    await world.waitEvent(
      second.sim.callSid,
      (e) => e.kind === 'call.phase' && e.phase === 'voicemail',
      'voicemail after the wait',
      15_000,
    );
    expect(world.eventsOf(second.sim.callSid, 'queue.left')[0]).toMatchObject({
      reason: expect.stringContaining('waited too long') as unknown as string,
    });
    phone.hangUp();
  });
});
