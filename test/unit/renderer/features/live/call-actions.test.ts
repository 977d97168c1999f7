import { describe, expect, it } from 'vitest';
import {
  hangUpAction,
  listenAction,
  releaseAction,
  takeOverAction,
  takeOverHereAction,
  takeOverPickAction,
  takeOverTo,
  whisperAction,
  sendWhisper,
} from '../../../../../renderer/src/features/live/call-actions';
import { liveCall, settle } from '../../fake-console';
import { testContext } from '../../action-context';

describe('Take over', () => {
  it('sends the call to my number and tracks the progress', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    ctx.fake.handle('call.takeOver', () => ({ accepted: true, via: 'phone' as const }));
    expect(takeOverAction.enabled(ctx)).toBe(true);
    expect(takeOverAction.label(ctx)).toBe('Take over');
    const running = takeOverAction.run(ctx);
    expect(ctx.takeOver.get().get('A')?.stage).toBe('requesting');
    expect(takeOverAction.enabled(ctx)).toBe(false);
    await running;
    expect(ctx.fake.argsOf('call.takeOver')).toEqual([{ callId: 'A', agentId: 'ag1', via: 'phone' }]);
    expect(ctx.takeOver.get().get('A')?.stage).toBe('finding');
  });

  it('asks whose phone should ring when it does not know who I am', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }), me: null });
    expect(takeOverAction.label(ctx)).toBe('Take over…');
    await takeOverAction.run(ctx);
    expect(ctx.opened).toEqual(['pick:A']);
    expect(ctx.fake.sent).toHaveLength(0);
  });

  it('is offered while the AI has the call or a person is being found, not once a person has it', () => {
    for (const phase of ['ai', 'handing-off', 'queued'] as const) {
      expect(takeOverAction.enabled(testContext({ call: liveCall({ phase }) }))).toBe(true);
      expect(takeOverHereAction.enabled(testContext({ call: liveCall({ phase }) }))).toBe(true);
    }
    for (const phase of ['with-human', 'voicemail', 'ringing', 'ended'] as const) {
      expect(takeOverAction.enabled(testContext({ call: liveCall({ phase }) }))).toBe(false);
      expect(takeOverHereAction.enabled(testContext({ call: liveCall({ phase }) }))).toBe(false);
    }
    expect(takeOverAction.enabled(testContext({ call: null }))).toBe(false);
    expect(takeOverPickAction.enabled(testContext({ call: liveCall({ phase: 'handing-off' }) }))).toBe(true);
  });

  it('Take over here puts this window’s headset on the call in one click, and Hand back releases it', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    ctx.fake.handle('call.takeOver', () => ({ accepted: true, via: 'headset' as const }));
    ctx.fake.handle('call.release', () => ({ released: true }));
    expect(takeOverHereAction.label(ctx)).toBe('Take over here');
    expect(releaseAction.enabled(ctx)).toBe(false);
    await takeOverHereAction.run(ctx);
    expect(ctx.fake.argsOf('call.takeOver')).toEqual([{ callId: 'A', agentId: 'ag1', via: 'headset' }]);
    expect(ctx.headset.get()).toMatchObject({ callId: 'A', stage: 'live' });
    expect(takeOverHereAction.enabled(ctx)).toBe(false);
    expect(takeOverAction.enabled(ctx)).toBe(false);
    expect(releaseAction.enabled(ctx)).toBe(true);
    await releaseAction.run(ctx);
    expect(ctx.fake.argsOf('call.release')).toEqual([{ callId: 'A' }]);
    expect(ctx.headset.get().stage).toBe('ended');
  });

  it('shows the core’s refusal in plain words', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    ctx.fake.fail('call.takeOver', 'CALL_NOT_FOUND', 'That call is not live any more');
    await takeOverTo(ctx, 'A', 'ag2', 'Otieno');
    expect(ctx.takeOver.get().get('A')).toMatchObject({
      stage: 'failed',
      message: 'That call has already ended.',
    });
  });

  it('"send to a colleague" opens the picker', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    await takeOverPickAction.run(ctx);
    expect(ctx.opened).toEqual(['pick:A']);
  });

  it('offers a teammate Take over to their own phone, not sending the call to a colleague', () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }), teammate: true });
    expect(takeOverAction.enabled(ctx)).toBe(true);
    expect(takeOverPickAction.enabled(ctx)).toBe(false);
  });
});

describe('Listen in', () => {
  it('is offered while the caller’s stream passes through the app, whoever is talking to them', () => {
    for (const phase of ['ai', 'handing-off', 'queued', 'with-human', 'voicemail'] as const)
      expect(listenAction.enabled(testContext({ call: liveCall({ phase }) }))).toBe(true);
    expect(listenAction.enabled(testContext({ call: liveCall({ phase: 'ringing' }) }))).toBe(false);
  });

  it('starts and stops listening to the call in focus', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    ctx.fake.handle('call.listen', ({ on }) => ({ listening: on, sampleRateHz: 16000 }));
    expect(listenAction.label(ctx)).toBe('Listen in');
    await listenAction.run(ctx);
    expect(ctx.listen.get()).toMatchObject({ callId: 'A', status: 'on' });
    expect(listenAction.label(ctx)).toBe('Stop listening');
    await listenAction.run(ctx);
    expect(ctx.fake.argsOf('call.listen')).toEqual([
      { callId: 'A', on: true },
      { callId: 'A', on: false },
    ]);
    expect(ctx.listen.get().status).toBe('off');
  });
});

describe('Whisper to AI', () => {
  it('is offered only while the AI is on the call', () => {
    expect(whisperAction.enabled(testContext({ call: liveCall({ phase: 'ai' }) }))).toBe(true);
    expect(whisperAction.enabled(testContext({ call: liveCall({ phase: 'with-human' }) }))).toBe(false);
  });

  it('opens the whisper box, and sending confirms or explains', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    await whisperAction.run(ctx);
    expect(ctx.opened).toEqual(['whisper:A']);
    ctx.fake.handle('call.whisper', () => ({ accepted: true, via: 'phone' as const }));
    await expect(sendWhisper(ctx, 'A', 'Offer a callback')).resolves.toBe(true);
    expect(ctx.fake.argsOf('call.whisper')).toEqual([{ callId: 'A', text: 'Offer a callback' }]);
    ctx.fake.fail('call.whisper', 'CALL_NO_AI', 'The AI is not on this call');
    await expect(sendWhisper(ctx, 'A', 'x')).resolves.toBe(false);
    expect(ctx.notes).toEqual(['info:The AI got your hint.', 'error:The AI is no longer on this call.']);
  });
});

describe('Hang up', () => {
  it('asks first and does nothing when the agent says no', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    ctx.fake.handle('call.hangUp', () => ({ accepted: true, via: 'phone' as const }));
    ctx.confirmAnswer = false;
    await hangUpAction.run(ctx);
    expect(ctx.opened[0]).toMatch(/^confirm:Hang up on \+254 712 345 678\?/);
    expect(ctx.fake.argsOf('call.hangUp')).toEqual([]);
    ctx.confirmAnswer = true;
    await hangUpAction.run(ctx);
    await settle();
    expect(ctx.fake.argsOf('call.hangUp')).toEqual([{ callId: 'A' }]);
  });

  it('explains a failure', async () => {
    const ctx = testContext({ call: liveCall({ callId: 'A' }) });
    ctx.fake.fail('call.hangUp', 'CALL_NOT_FOUND', 'gone');
    await hangUpAction.run(ctx);
    expect(ctx.notes).toEqual(['error:That call has already ended.']);
    expect(hangUpAction.enabled(testContext({ call: liveCall({ phase: 'ended' }) }))).toBe(false);
  });
});
