import { describe, expect, it } from 'vitest';
import { BridgeAudio, MUSIC_QUEUED_MIN_MS } from '../../../bridge/calls/bridge-audio';
import { FakeClock } from '../../../bridge/base/clock';
import type { ControlMessage } from '../../../bridge/media/carrier-protocol';
import { Pacer } from '../../../bridge/media/pacer';

const FRAME = 320;

function rig() {
  const clock = new FakeClock();
  const sent: { atMs: number; frame: Int16Array }[] = [];
  const control: ControlMessage[] = [];
  const pacer = new Pacer({
    clock,
    frameMs: 20,
    sampleRateHz: 16000,
    leadMs: 60,
    send: (frame) => sent.push({ atMs: clock.nowMs(), frame: frame.slice() }),
  });
  const audio = new BridgeAudio({
    clock,
    pacer,
    frameMs: 20,
    sampleRateHz: 16000,
    sendControl: (m) => control.push(m),
  });
  return { clock, pacer, audio, sent, control };
}

const filled = (frames: number, value: number) => new Int16Array(frames * FRAME).fill(value);

describe('BridgeAudio', () => {
  it('plays the prompts once, then loops the music without a gap, and says when the prompts were heard', async () => {
    const { clock, audio, sent } = rig();
    let heard = false;
    void audio.play({ prompts: [filled(10, 7)], music: filled(5, 3) }).then(() => (heard = true));
    clock.advance(190);
    await Promise.resolve();
    expect(heard).toBe(false);
    clock.advance(40);
    await Promise.resolve();
    expect(heard).toBe(true);
    clock.advance(2000);
    const values = sent.map((s) => s.frame[0]);
    expect(values.slice(0, 10)).toEqual(new Array(10).fill(7));
    expect(values.slice(10).every((v) => v === 3)).toBe(true);
    // One frame every 20 ms on the grid: the loop never leaves the caller a gap.
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.atMs - sent[i - 1]!.atMs).toBeLessThanOrEqual(20);
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor((2230 - 60) / 20));
  });

  it('keeps only a little music queued, so a new program or a person starts almost at once', () => {
    const { clock, audio, pacer } = rig();
    void audio.play({ prompts: [], music: filled(50, 1) });
    for (let t = 0; t < 3000; t += 50) {
      clock.advance(50);
      expect(pacer.queuedMs()).toBeLessThanOrEqual(MUSIC_QUEUED_MIN_MS + 200);
    }
  });

  it('stops: drops what is queued and asks the carrier to drop its buffer', () => {
    const { clock, audio, pacer, control, sent } = rig();
    void audio.play({ prompts: [filled(100, 9)], music: null });
    clock.advance(100);
    audio.stop();
    expect(pacer.queuedMs()).toBe(0);
    expect(control).toEqual([{ type: 'killAudio' }]);
    const before = sent.length;
    clock.advance(1000);
    expect(sent.length).toBe(before);
  });

  it('starts a person’s voice one frame late after a pause, then passes each frame straight on', () => {
    const { clock, audio, sent } = rig();
    audio.agentVoice(filled(1, 1));
    expect(sent).toHaveLength(0); // held one frame as a cushion
    clock.advance(5);
    audio.agentVoice(filled(1, 2));
    expect(sent.map((s) => s.frame[0])).toEqual([1, 2]);
    clock.advance(15);
    audio.agentVoice(filled(1, 3));
    expect(sent.map((s) => s.frame[0])).toEqual([1, 2, 3]);
    // A lone first frame is not held for more than one frame time.
    clock.advance(1000);
    audio.agentVoice(filled(1, 4));
    clock.advance(20);
    expect(sent.at(-1)?.frame[0]).toBe(4);
  });
});
