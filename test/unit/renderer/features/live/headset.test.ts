import { describe, expect, it } from 'vitest';
import type { PhoneAudio } from '../../../../../renderer/src/shared/audio/phone-audio';
import { Headset } from '../../../../../renderer/src/features/live/headset';
import { FakeConsole, liveCall, settle } from '../../fake-console';

function rig(startAudio?: (onFrame: (f: Int16Array) => void) => Promise<PhoneAudio>) {
  const played: number[] = [];
  let stopped = 0;
  let mic: ((f: Int16Array) => void) | null = null;
  const fake = new FakeConsole()
    .handle('call.takeOver', () => ({ accepted: true, via: 'headset' as const }))
    .handle('call.release', () => ({ released: true }));
  const headset = new Headset({
    client: fake,
    startAudio:
      startAudio ??
      ((onFrame) => {
        mic = onFrame;
        return Promise.resolve({
          play: (s) => played.push(s.length),
          flush: () => undefined,
          stop: () => stopped++,
        });
      }),
  });
  return { fake, headset, played, stopped: () => stopped, speak: (f: Int16Array) => mic?.(f) };
}

describe('Headset', () => {
  it('opens the microphone, joins the call, sends the mic and plays the caller — only for that call', async () => {
    const r = rig();
    expect(await r.headset.take('A', 'ag1')).toBe(true);
    expect(r.fake.argsOf('call.takeOver')).toEqual([{ callId: 'A', agentId: 'ag1', via: 'headset' }]);
    expect(r.headset.get()).toMatchObject({ stage: 'live', callId: 'A' });
    r.speak(new Int16Array(320));
    expect(r.fake.sentAudio).toEqual([{ callId: 'A', samples: 320 }]);
    r.fake.hear({ callId: 'A', direction: 'inbound', pcm: new Int16Array(320) });
    r.fake.hear({ callId: 'A', direction: 'outbound', pcm: new Int16Array(320) });
    r.fake.hear({ callId: 'B', direction: 'inbound', pcm: new Int16Array(320) });
    expect(r.played).toEqual([320]);
    expect(await r.headset.take('B')).toBe(false); // one call at a time
  });

  it('ends when the caller hangs up or the call leaves this headset, and stops the microphone', async () => {
    const a = rig();
    await a.headset.take('A');
    a.fake.emit('call.ended', { callId: 'A', outcome: 'agent-handled' });
    expect(a.headset.get()).toMatchObject({ stage: 'ended', message: 'The caller hung up.' });
    expect(a.stopped()).toBe(1);
    a.speak(new Int16Array(320));
    expect(a.fake.sentAudio).toEqual([]);
    const b = rig();
    await b.headset.take('A');
    b.fake.emit('call.changed', liveCall({ callId: 'A', phase: 'ai' }));
    expect(b.headset.get().stage).toBe('ended');
  });

  it('hands the call back', async () => {
    const r = rig();
    await r.headset.take('A');
    await r.headset.release();
    await settle();
    expect(r.fake.argsOf('call.release')).toEqual([{ callId: 'A' }]);
    expect(r.headset.get()).toMatchObject({ stage: 'ended', message: 'You handed the call back.' });
  });

  it('says plainly why the microphone could not open, and takes nothing over', async () => {
    const r = rig(() => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })));
    expect(await r.headset.take('A')).toBe(false);
    expect(r.headset.get()).toMatchObject({
      stage: 'error',
      message: expect.stringMatching(/microphone is blocked/),
    });
    expect(r.fake.argsOf('call.takeOver')).toEqual([]);
  });
});
