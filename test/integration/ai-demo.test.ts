// The built-in demo agent through the real core, as `npm start` with no key runs it: the Sautikit
// simulator calls in, the demo greets with its recording, shows the caller's turn as its script line,
// answers out loud, stops when the caller talks over it (the bridge's barge-in runs), and asks for a
// person with the hand-off tool, which escalates as `ai-requested`. What the hand-off does next is the
// human route's business, not this test's.
import { afterEach, describe, expect, it } from 'vitest';
import { demoLine } from '../../bridge/ai/demo/demo-lines';
import { DEMO_STEPS } from '../../bridge/ai/demo/demo-script';
import { speech } from '../fakes/fake-voice';
import { AppCall } from '../harness/ai-call';
import { waitFor } from '../sim/carrier';

let c: AppCall | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

describe('the demo agent on a whole call', () => {
  it('greets, answers, is talked over, and hands off with its tool — both sides in the transcript', async () => {
    // No AI key, AI_PROVIDER at its default (gemini): the demo answers (config.ts providerChoice).
    c = await AppCall.start({ aiProvider: 'gemini', deadAirMs: 8000 });
    const call = c.call;
    void call.streamSilence(1000);
    const started = await c.waitEvent('call.started');
    expect(started).toMatchObject({ provider: 'demo', model: 'sauti-demo-script' });

    // The greeting, heard in full.
    await c.waitEvent(
      'transcript',
      (t) => t.speaker === 'agent' && t.final && t.text === demoLine('greeting').text,
      20_000,
    );
    await c.waitHeardAndQuiet(0);
    const greetingHeardMs = c.heardAfter(0);
    expect(greetingHeardMs).toBeGreaterThan(8000);

    // Turn 1: any question gets the script's first caller line and the spoken answer.
    await call.streamAudio(speech('caller-hours.wav'));
    const askedAt = call.playout.nowMs();
    void call.streamSilence(3000);
    await c.waitEvent(
      'transcript',
      (t) => t.speaker === 'caller' && t.final && t.text === DEMO_STEPS[0]!.caller,
    );
    await waitFor(() => c!.heardAfter(askedAt) > 2000, 10_000, 'two seconds of the answer');
    const metrics = c.of('turn.metrics').filter((m) => m.latencyMs !== undefined);
    expect(metrics.length).toBeGreaterThan(0);

    // Turn 2, talking over the answer: the reply stops, and the demo asks for a person.
    await call.streamAudio(speech('caller-human.wav'));
    const bargeIn = await c.waitEvent('barge-in');
    void call.streamSilence(4000);
    const cut = await c.waitEvent('transcript', (t) => t.speaker === 'agent' && t.interrupted === true);
    expect(cut.turnId).toBe(bargeIn.turnId);
    expect(cut.heardMs).toBeGreaterThan(1500);
    expect(cut.heardMs).toBeLessThan(demoLine('hours').pcm.length / 16);
    await c.waitEvent(
      'transcript',
      (t) => t.speaker === 'caller' && t.final && t.text === DEMO_STEPS[1]!.caller,
    );
    const escalation = await c.waitEvent('escalation');
    expect(escalation).toMatchObject({
      reason: 'ai-requested',
      detail: 'the caller asked for a colleague (demo)',
      triggerText: 'Demo call: the caller asked when we are open, then asked to talk to someone.',
    });
    expect(c.lines('caller')).toEqual([DEMO_STEPS[0]!.caller, DEMO_STEPS[1]!.caller]);
    expect(c.of('error')).toEqual([]);
  });
});
