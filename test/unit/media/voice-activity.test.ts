import { describe, expect, it } from 'vitest';
import { VoiceActivity } from '../../../bridge/media/voice-activity';

const loud = new Int16Array(320).fill(6000);
const quiet = new Int16Array(320).fill(20);

function feed(va: VoiceActivity, pattern: string, startMs = 0) {
  const changes: { type: string; atMs: number }[] = [];
  [...pattern].forEach((c, i) => {
    const change = va.push(c === 'x' ? loud : quiet, startMs + i * 20);
    if (change) changes.push(change);
  });
  return changes;
}

describe('VoiceActivity', () => {
  it('reports onset after 40 ms of voice, dated at its first frame, and the end after 300 ms quiet', () => {
    const va = new VoiceActivity({ frameMs: 20 });
    const changes = feed(va, '..xxxxx' + '.'.repeat(16));
    expect(changes).toEqual([
      { type: 'onset', atMs: 40 },
      { type: 'end', atMs: 120 },
    ]);
    expect(va.speaking).toBe(false);
  });

  it('ignores a single click and keeps speech through short pauses', () => {
    const va = new VoiceActivity({ frameMs: 20 });
    expect(feed(va, '..x..x..')).toEqual([]);
    const changes = feed(va, 'xx.....xx' + '.'.repeat(20), 1000);
    expect(changes.map((c) => c.type)).toEqual(['onset', 'end']);
  });

  it('meters the last frame and knows when speech went stale', () => {
    const va = new VoiceActivity({ frameMs: 20, hangoverMs: 300 });
    feed(va, 'xxx');
    expect(va.lastDbfs).toBeGreaterThan(-20);
    expect(va.speakingAt(100)).toBe(true);
    expect(va.speakingAt(400)).toBe(false);
  });
});
