import { describe, expect, it } from 'vitest';
import { PcmPlayer, type AudioOutput } from '../../../../../renderer/src/shared/audio/pcm-player';

function fakeOutput() {
  const started: { atS: number; samples: number; first: number }[] = [];
  const ctx = {
    currentTime: 10,
    destination: 'speakers',
    createBuffer: (_ch: number, length: number) => {
      const data = new Float32Array(length);
      return { getChannelData: () => data, data };
    },
    createBufferSource: () => {
      const src = {
        buffer: null as unknown,
        connected: null as unknown,
        connect(node: unknown) {
          src.connected = node;
          return node;
        },
        start(atS: number) {
          const b = src.buffer as { data: Float32Array };
          started.push({ atS, samples: b.data.length, first: b.data[0]! });
        },
      };
      return src;
    },
  };
  return { ctx: ctx as AudioOutput & { currentTime: number }, started };
}

describe('PcmPlayer', () => {
  it('plays blocks back to back, a small lead ahead of now', () => {
    const { ctx, started } = fakeOutput();
    const player = new PcmPlayer(ctx, { sampleRateHz: 16_000, leadMs: 100 });
    player.push(new Int16Array(1600).fill(16384));
    player.push(new Int16Array(1600));
    expect(started.map((s) => s.atS)).toEqual([10.1, 10.2]);
    expect(started[0]!.first).toBe(0.5);
    expect(player.playedMs).toBe(200);
  });

  it('starts fresh after a gap instead of scheduling in the past', () => {
    const { ctx, started } = fakeOutput();
    const player = new PcmPlayer(ctx, { sampleRateHz: 16_000, leadMs: 100 });
    player.push(new Int16Array(1600));
    ctx.currentTime = 20;
    player.push(new Int16Array(1600));
    expect(started[1]!.atS).toBeCloseTo(20.1);
  });

  it('drops audio rather than falling ever further behind', () => {
    const { ctx, started } = fakeOutput();
    const player = new PcmPlayer(ctx, { sampleRateHz: 16_000, leadMs: 100, maxDelayMs: 250 });
    for (let i = 0; i < 5; i++) player.push(new Int16Array(1600));
    expect(started).toHaveLength(2);
    expect(player.droppedMs).toBe(300);
    player.reset();
    player.push(new Int16Array(1600));
    expect(started.at(-1)!.atS).toBeCloseTo(10.1);
  });
});
