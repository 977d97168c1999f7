// The demo agent's session on a FakeClock, fed 20 ms frames as the bridge feeds it: it greets with its
// recording, hears each caller turn (never the words), answers with the script's next step, stops and
// says so when talked over, and asks for a person with the hand-off tool.
import { describe, expect, it } from 'vitest';
import { demoLine } from '../../../../bridge/ai/demo/demo-lines';
import { AFTER_SCRIPT, DEMO_STEPS } from '../../../../bridge/ai/demo/demo-script';
import { DemoProvider } from '../../../../bridge/ai/demo/demo-provider';
import type { RealtimeSession } from '../../../../bridge/ai/provider';
import { FakeClock } from '../../../../bridge/base/clock';
import { createSilentLog } from '../../../../bridge/base/log';
import { SessionRecorder } from '../../../fakes/session-recorder';
import { tone } from '../../../harness/tone';

const FRAME_SAMPLES = 320;
const FRAME_MS = 20;

interface World {
  readonly session: RealtimeSession;
  readonly rec: SessionRecorder;
  readonly clock: FakeClock;
}

async function openDemo(): Promise<World> {
  const clock = new FakeClock();
  const session = await new DemoProvider().connect({
    callId: 'CA-demo',
    instructions: 'ignored by the demo',
    log: createSilentLog(),
    clock,
  });
  const rec = new SessionRecorder(session);
  await new Promise((r) => setImmediate(r));
  return { session, rec, clock };
}

/** Feeds `pcm` in 20 ms frames in real time (on the fake clock). */
function feed({ session, clock }: World, pcm: Int16Array): void {
  for (let i = 0; i < pcm.length; i += FRAME_SAMPLES) {
    session.sendAudio(pcm.slice(i, i + FRAME_SAMPLES));
    clock.advance(FRAME_MS);
  }
}

const silence = (ms: number) => new Int16Array((16_000 * ms) / 1000);
const lengthMs = (pcm: Int16Array) => (pcm.length * 1000) / 16_000;

/** A caller turn: `speechMs` of voice, then a second of quiet (the demo's end of turn, and its think time). */
function callerSays(world: World, speechMs = 1200): void {
  feed(world, tone(speechMs, 220));
  feed(world, silence(1000));
}

describe('demo agent session', () => {
  it('is ready at once and greets with its own recorded line, streamed like a model', async () => {
    const { session, rec, clock } = await openDemo();
    expect(rec.all('ready')).toEqual([{ resumed: false }]);
    expect(session.provider).toBe('demo');
    session.greet('The configured greeting, which the demo cannot say');
    const greeting = demoLine('greeting');
    // Sent ahead of real time…
    clock.advance(lengthMs(greeting.pcm) / 2 + 100);
    expect(rec.audioSamples).toBe(greeting.pcm.length);
    expect(rec.count('turn.complete')).toBe(0);
    // …and done when real-time playback would end.
    clock.advance(lengthMs(greeting.pcm) / 2);
    expect(rec.lines('agent')).toEqual([greeting.text]);
    expect(rec.all('agent.transcript').filter((t) => !t.final).length).toBeGreaterThan(5);
    expect(rec.count('turn.complete')).toBe(1);
  });

  it('hears a caller turn, shows the script line marked (demo), and answers after a moment', async () => {
    const world = await openDemo();
    const { rec, clock } = world;
    callerSays(world);
    expect(rec.count('speech.started')).toBe(1);
    expect(rec.count('speech.stopped')).toBe(1);
    expect(rec.lines('caller')).toEqual([DEMO_STEPS[0]!.caller]);
    expect(DEMO_STEPS[0]!.caller.startsWith('(demo) ')).toBe(true);
    const hours = demoLine('hours');
    clock.advance(lengthMs(hours.pcm) + 500);
    expect(rec.lines('agent')).toEqual([hours.text]);
    expect(rec.audioSamples).toBe(hours.pcm.length);
  });

  it('stops when talked over (speech.started, interrupted), then hands off with the tool on the next turn', async () => {
    const world = await openDemo();
    const { session, rec, clock } = world;
    callerSays(world);
    clock.advance(3000);
    const sentBefore = rec.audioSamples;
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(demoLine('hours').pcm.length);
    // The caller talks over the answer.
    feed(world, tone(200, 220));
    expect(rec.count('speech.started')).toBe(2);
    expect(rec.count('interrupted')).toBe(1);
    const afterCut = rec.audioSamples;
    feed(world, tone(1000, 220));
    feed(world, silence(1000));
    expect(rec.audioSamples).toBe(afterCut);
    // The cut line never gets a final transcript; the caller's line is the script's next one.
    expect(rec.lines('agent')).toEqual([]);
    expect(rec.lines('caller')).toEqual([DEMO_STEPS[0]!.caller, DEMO_STEPS[1]!.caller]);
    const handoff = await rec.waitFor('handoff', () => true, 100);
    expect(handoff).toEqual({
      toolCallId: 'demo-call-1',
      reason: 'the caller asked for a colleague (demo)',
      summary: 'Demo call: the caller asked when we are open, then asked to talk to someone.',
    });
    // The bridge answers the tool call: the demo says its hand-off line.
    session.answerHandoff(handoff.toolCallId, { accepted: true, message: 'Please hold.' });
    clock.advance(lengthMs(demoLine('handoff').pcm) + 100);
    expect(rec.lines('agent')).toEqual([demoLine('handoff').text]);
  });

  it('takes a short pause in the caller’s words as one turn, not two', async () => {
    const world = await openDemo();
    const { rec, clock } = world;
    feed(world, tone(800, 220));
    // Quiet long enough to end the turn, and the caller goes on within the think time.
    feed(world, silence(760));
    feed(world, tone(600, 220));
    feed(world, silence(1000));
    clock.advance(lengthMs(demoLine('hours').pcm) + 500);
    expect(rec.lines('caller')).toEqual([DEMO_STEPS[0]!.caller]);
    expect(rec.lines('agent')).toEqual([demoLine('hours').text]);
  });

  it('says the script has ended on every turn after it', async () => {
    const world = await openDemo();
    const { rec, clock } = world;
    for (let turn = 0; turn < DEMO_STEPS.length + 1; turn++) {
      callerSays(world);
      clock.advance(20_000);
    }
    expect(rec.lines('caller').at(-1)).toBe(AFTER_SCRIPT.caller);
    expect(rec.lines('agent').at(-1)).toBe(demoLine('finished').text);
  });

  it('takes no hint, truncates nothing, and goes quiet for good once closed', async () => {
    const world = await openDemo();
    const { session, rec, clock } = world;
    session.nudge('Offer the savings plan.');
    session.truncateHeard(500);
    session.greet('hello');
    clock.advance(200);
    session.close('call ended');
    const events = rec.events.length;
    clock.advance(20_000);
    callerSays(world);
    clock.advance(5000);
    expect(rec.events.slice(events).map((e) => e.name)).toEqual([]);
    expect(rec.all('close')).toEqual([{ reason: 'call ended' }]);
  });
});
