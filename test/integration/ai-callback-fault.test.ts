// A bug in our own code that runs inside a provider callback (here: a call-event listener that throws
// while the Gemini SDK hands over the agent's words) fails that one call's AI leg with a clear error and
// the apology, while another call on the same core carries on and the process never sees the fault.
import { afterEach, describe, expect, it } from 'vitest';
import { createProvider } from '../../bridge/ai/create-provider';
import type { CallEvent } from '../../bridge/domain/call-events';
import { FakeGeminiLive } from '../fakes/fake-gemini-live';
import { GREETING_TEXT, speech } from '../fakes/fake-voice';
import { startTestApp, type TestApp } from '../harness/app';
import { GEMINI_LIVE } from '../harness/ai-services';
import { waitFor } from '../sim/carrier';

let app: TestApp | undefined;
let fake: FakeGeminiLive | undefined;
const faults: unknown[] = [];
const onFault = (err: unknown) => faults.push(err);

afterEach(async () => {
  process.off('uncaughtException', onFault);
  process.off('unhandledRejection', onFault);
  await app?.stop();
  await fake?.stop();
  app = undefined;
  fake = undefined;
});

describe('a throw in our code under a provider callback', () => {
  it('fails that call with AI_CALLBACK_FAILED and an apology; the other call and the process carry on', async () => {
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    fake = await FakeGeminiLive.start({ turns: [{ caller: 'hours?', reply: 'We open at eight.' }] });
    app = await startTestApp({ ...GEMINI_LIVE.settings(fake), greeting: GREETING_TEXT }, { createProvider });
    const events: CallEvent[] = [];
    app.core.registry.events.on('event', (e) => events.push(e));
    const broken = await app.sim.placeCall();
    const healthy = await app.sim.placeCall();
    const brokenId = app.core.registry.get(broken.callSid)!.callId;
    const healthyId = app.core.registry.get(healthy.callSid)!.callId;
    // A listener with a bug that one message of one call hits, inside the SDK's message callback.
    let hit = false;
    app.core.registry.events.on('event', (e) => {
      if (!hit && e.kind === 'transcript' && e.speaker === 'agent' && e.callId === brokenId) {
        hit = true;
        throw new TypeError('listener bug');
      }
    });
    await broken.connectMedia();
    await healthy.connectMedia();
    void broken.streamSilence(8000);
    void healthy.streamSilence(1000);

    const ofCall = (id: string) => events.filter((e) => e.callId === id);
    const escalation = await waitFor(
      () => ofCall(brokenId).find((e) => e.kind === 'escalation'),
      10_000,
      'the broken call escalating',
    );
    expect(escalation).toMatchObject({ reason: 'ai-failure' });
    const errors = ofCall(brokenId).filter((e) => e.kind === 'error');
    expect(errors.map((e) => (e as Extract<CallEvent, { kind: 'error' }>).code)).toContain(
      'AI_CALLBACK_FAILED',
    );
    await waitFor(() => broken.playout.audibleMsAfter(0) >= 1000, 10_000, 'the apology');

    // The healthy call greets, hears the caller and answers.
    await healthy.streamAudio(speech('caller-hours.wav'));
    void healthy.streamSilence(5000);
    await waitFor(
      () =>
        ofCall(healthyId).find(
          (e) =>
            e.kind === 'transcript' && e.speaker === 'agent' && e.final && e.text === 'We open at eight.',
        ),
      10_000,
      'the healthy call answered',
    );
    expect(ofCall(healthyId).filter((e) => e.kind === 'escalation' || e.kind === 'error')).toEqual([]);
    expect(faults).toEqual([]);
  });
});
