import { describe, expect, it } from 'vitest';
import { WaitingLine } from '../../../bridge/human/waiting-line';
import { asCarrierCallSid } from '../../../bridge/domain/ids';

describe('WaitingLine', () => {
  it('keeps callers oldest first and reports waits', () => {
    const q = new WaitingLine();
    let changes = 0;
    q.events.on('changed', () => changes++);
    expect(q.join(asCarrierCallSid('c1'), 1000)).toBe(1);
    expect(q.join(asCarrierCallSid('c2'), 2000)).toBe(2);
    expect(q.join(asCarrierCallSid('c1'), 3000)).toBe(1);
    expect(q.callSids()).toEqual(['c1', 'c2']);
    expect(q.view(5000)).toEqual({ waiting: 2, longestWaitMs: 4000 });
    expect(q.leave(asCarrierCallSid('c1'), 6000)).toBe(5000);
    expect(q.leave(asCarrierCallSid('c1'), 6000)).toBeUndefined();
    expect(q.view(6000)).toEqual({ waiting: 1, longestWaitMs: 4000 });
    expect(changes).toBe(3);
  });

  it('says each caller’s place in line, moving up as those ahead leave', () => {
    const q = new WaitingLine();
    q.join(asCarrierCallSid('a'), 1);
    q.join(asCarrierCallSid('b'), 2);
    q.join(asCarrierCallSid('c'), 3);
    expect([
      q.positionOf(asCarrierCallSid('a')),
      q.positionOf(asCarrierCallSid('b')),
      q.positionOf(asCarrierCallSid('c')),
    ]).toEqual([1, 2, 3]);
    q.leave(asCarrierCallSid('a'), 4);
    expect([
      q.positionOf(asCarrierCallSid('a')),
      q.positionOf(asCarrierCallSid('b')),
      q.positionOf(asCarrierCallSid('c')),
    ]).toEqual([undefined, 1, 2]);
  });
});
