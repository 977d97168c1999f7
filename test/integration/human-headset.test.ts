// Take over here: a person at the window puts their headset on the caller's stream, with no carrier
// call at all — the caller's voice reaches the console as binary frames, the console's microphone
// frames reach the caller through the bridge. Release hands the caller back to the AI.
import { describe, expect, it } from 'vitest';
import { decodeListenFrame, encodeListenFrame } from '../../bridge/api/listen-frame';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { humanWorlds } from '../harness/human-world';
import { TestConsole } from '../harness/test-console';
import { tone } from '../harness/tone';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
const worlds = humanWorlds();

/** A window's microphone, sending 20 ms frames of `samples` (looped) as a window sends them. */
interface Microphone {
  stop(): void;
  /** Frames sent so far. */
  readonly framesSent: number;
}

function speakInto(console: TestConsole, callId: string, samples: Int16Array): Microphone {
  let at = 0;
  let framesSent = 0;
  const timer = setInterval(() => {
    const frame = new Int16Array(320);
    frame.set(samples.subarray(at % samples.length, (at % samples.length) + 320));
    at += 320;
    console.sendBinary(encodeListenFrame(callId, 'outbound', frame));
    framesSent++;
  }, 20);
  return {
    stop: () => clearInterval(timer),
    get framesSent() {
      return framesSent;
    },
  };
}

/** A tone louder than any fixture speech (whose loudest 20 ms frame is below 10 000 RMS): unmistakable. */
const MARKER_AMPLITUDE = 30_000;
const MARKER_RMS = 15_000;

describe('Take over here (headset)', () => {
  it('puts the window’s microphone on the caller’s stream at once, and the caller’s voice in its speakers', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider });
    const aId = await world.addAgent('Wanjiru', A);
    const { sim } = await world.aiCall(provider);
    const placedBefore = world.rest.count('place');

    const clickAtMs = sim.playout.nowMs();
    const took = await world.console.cmd('call.takeOver', { callId: sim.callSid, via: 'headset' });
    expect(took).toEqual({ accepted: true, via: 'headset' });
    const mic = speakInto(world.console, sim.callSid, speech('agent-greeting.wav'));
    try {
      await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'headset joined');
      // The only agent is this window's person: known without asking.
      expect(world.app.core.registry.get(sim.callSid)).toMatchObject({
        phase: 'with-human',
        agent: { id: aId, via: 'headset', state: 'connected' },
      });
      const heardAt = await waitFor(
        () => {
          const at = sim.playout.firstAudibleAfter(clickAtMs, 500);
          return at >= 0 ? at : null;
        },
        5000,
        'the agent at the caller',
      );
      expect(sim.playout.longestSilenceMs(clickAtMs, heardAt)).toBeLessThanOrEqual(3000);

      // The caller speaks: the window receives the caller's voice, 20 ms at a time.
      void sim.streamAudio(speech('caller-balance.wav'));
      await waitFor(
        () =>
          world.console.frames
            .map((f) => decodeListenFrame(f))
            .filter((a) => a?.callId === sim.callSid && a.direction === 'inbound').length > 50,
        5000,
        'caller frames at the window',
      );
      // No carrier call was placed, so nothing is billed for it.
      expect(world.rest.count('place')).toBe(placedBefore);
    } finally {
      mic.stop();
    }

    // Release: the AI takes the caller back.
    expect(await world.console.cmd('call.release', { callId: sim.callSid })).toEqual({ released: true });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.left', 'released');
    await waitFor(() => world.app.core.registry.get(sim.callSid)?.phase === 'ai', 5000, 'the AI again');
    // The AI was closed while a person had the call: a new session opens and says the line first.
    await waitFor(() => provider.last?.greetings.some((g) => /left the call/.test(g)), 5000, 'the AI’s line');
  });

  it('takes only frames from the window that holds the call, and hands the call back when that window closes', async () => {
    const provider = new ScriptedProvider();
    const world = await worlds.start({ provider, settings: { afterAgentLeaves: 'goodbye' } });
    const { sim } = await world.aiCall(provider);
    const holder = new TestConsole(world.app);
    const other = new TestConsole(world.app);
    await holder.cmd('call.takeOver', { callId: sim.callSid, via: 'headset' });
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'headset joined');
    // Another window's microphone frames for the same call go nowhere: a second of its speech, then the
    // holder's marker tone. Frames the bridge takes reach the caller in order, so the caller hears the
    // marker only after anything of the other window's speech that got through.
    const fromMs = sim.playout.nowMs();
    const otherMic = speakInto(other, sim.callSid, speech('agent-long-reply.wav'));
    await waitFor(() => otherMic.framesSent >= 50, 5000, 'a second of the other window’s speech');
    otherMic.stop();
    const holderMic = speakInto(holder, sim.callSid, tone(200, 1000, MARKER_AMPLITUDE));
    const markerAt = await waitFor(
      () => {
        const at = sim.playout.firstAudibleAfter(fromMs, MARKER_RMS);
        return at >= 0 ? at : null;
      },
      5000,
      'the holder’s marker at the caller',
    );
    holderMic.stop();
    // At most what was already at the carrier when the person joined (one pacer lead), never a second of speech.
    const audibleBeforeMarkerMs =
      sim.playout.heard.filter((h) => h.atMs > fromMs && h.atMs < markerAt && h.rms > 500).length * 20;
    expect(audibleBeforeMarkerMs).toBeLessThanOrEqual(60);
    // Nobody can take a call that a person already has.
    await expect(other.cmd('call.takeOver', { callId: sim.callSid, via: 'headset' })).rejects.toMatchObject({
      code: 'CALL_ALREADY_WITH_PERSON',
    });

    holder.close();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.left', 'window closed');
    expect(world.eventsOf(sim.callSid, 'agent.left')[0]).toMatchObject({
      reason: expect.stringContaining('window closed') as unknown as string,
      next: 'goodbye',
    });
    const ended = await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'call.ended',
      'goodbye and hang-up',
      10_000,
    );
    expect(ended).toMatchObject({ outcome: 'agent-handled' });
  });
});
