import { describe, expect, it } from 'vitest';
import { ListenIn, type ListenAudioContext } from '../../../../../renderer/src/features/live/listen-in';
import { FakeConsole, settle } from '../../fake-console';

function recordingContext() {
  const played: number[] = [];
  let closed = 0;
  const ctx: ListenAudioContext = {
    currentTime: 0,
    destination: {},
    createBuffer: (_c, length) => ({ getChannelData: () => new Float32Array(length) }),
    createBufferSource: () => {
      const src = {
        buffer: null as unknown,
        connect: () => undefined,
        start: () => played.push((src.buffer as unknown as { length?: number }) ? 1 : 0),
      };
      return src;
    },
    close: () => {
      closed++;
      return Promise.resolve();
    },
    resume: () => Promise.resolve(),
  };
  return { ctx, played, closes: () => closed };
}

const batch = (callId: string, direction: 'inbound' | 'outbound' = 'inbound') => ({
  callId,
  direction,
  pcm: new Int16Array(1600),
});

describe('ListenIn', () => {
  it('asks the core for the audio and plays both directions of that call only', async () => {
    const c = new FakeConsole().handle('call.listen', ({ on }) => ({ listening: on, sampleRateHz: 16000 }));
    const audio = recordingContext();
    const listen = new ListenIn(c, () => audio.ctx);
    await listen.start('A');
    expect(listen.get()).toEqual({ callId: 'A', status: 'on', receivedMs: 0 });
    c.hear(batch('A', 'inbound'));
    c.hear(batch('A', 'outbound'));
    c.hear(batch('B', 'inbound'));
    expect(audio.played).toHaveLength(2);
    for (let i = 0; i < 8; i++) c.hear(batch('A'));
    expect(listen.get().receivedMs).toBe(900);
    await listen.stop();
    expect(c.argsOf('call.listen').at(-1)).toEqual({ callId: 'A', on: false });
    expect(audio.closes()).toBe(1);
    c.hear(batch('A'));
    expect(audio.played).toHaveLength(10);
  });

  it('stops by itself when the call ends, and switches calls cleanly', async () => {
    const c = new FakeConsole().handle('call.listen', ({ on }) => ({ listening: on, sampleRateHz: 16000 }));
    const listen = new ListenIn(c, () => recordingContext().ctx);
    await listen.start('A');
    await listen.start('B');
    expect(c.argsOf('call.listen')).toEqual([
      { callId: 'A', on: true },
      { callId: 'A', on: false },
      { callId: 'B', on: true },
    ]);
    c.emit('call.ended', { callId: 'B', outcome: 'ai-resolved' });
    expect(listen.get()).toEqual({ callId: null, status: 'off' });
  });

  it('says why it could not listen', async () => {
    const c = new FakeConsole().fail('call.listen', 'API_UNAVAILABLE', 'Listen-in is not available yet');
    const audio = recordingContext();
    const listen = new ListenIn(c, () => audio.ctx);
    await listen.toggle('A');
    await settle();
    expect(listen.get()).toEqual({ callId: 'A', status: 'error', message: 'Listen-in is not available yet' });
    expect(audio.closes()).toBe(1);
    expect(listen.isListening('A')).toBe(false);
  });
});
