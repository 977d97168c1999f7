import { describe, expect, it } from 'vitest';
import { holdMusic, HOLD_MUSIC_RATE_HZ } from '../../../bridge/human/hold-music';
import { levelDbfs } from '../../../bridge/media/pcm';

describe('holdMusic', () => {
  it('is a loop of whole 20 ms frames at the carrier rate, made once', () => {
    const music = holdMusic();
    expect(HOLD_MUSIC_RATE_HZ).toBe(16_000);
    expect(music.length % 320).toBe(0);
    expect(music.length / HOLD_MUSIC_RATE_HZ).toBeGreaterThanOrEqual(4);
    expect(holdMusic()).toBe(music);
  });

  it('is audible but gentle, with no frame silent or clipped', () => {
    const music = holdMusic();
    let peak = 0;
    for (const v of music) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThan(0.2 * 32767);
    for (let at = 0; at < music.length; at += 320) {
      expect(levelDbfs(music.subarray(at, at + 320))).toBeGreaterThan(-50);
    }
  });

  it('joins its end to its start without a click', () => {
    const music = holdMusic();
    const jump = Math.abs(music[0]! - music[music.length - 1]!);
    expect(jump).toBeLessThan(0.05 * 32767);
  });
});
