import { describe, expect, it } from 'vitest';
import { CallQueue, queueRoomName } from '../../../bridge/calls/call-queue';

describe('CallQueue', () => {
  it('keeps callers oldest first and reports waits', () => {
    const q = new CallQueue();
    let changes = 0;
    q.events.on('changed', () => changes++);
    expect(q.join('c1', 1000)).toBe(1);
    expect(q.join('c2', 2000)).toBe(2);
    expect(q.join('c1', 3000)).toBe(1);
    expect(q.callSids()).toEqual(['c1', 'c2']);
    expect(q.view(5000)).toEqual({ waiting: 2, longestWaitMs: 4000 });
    expect(q.leave('c1', 6000)).toBe(5000);
    expect(q.leave('c1', 6000)).toBeUndefined();
    expect(q.view(6000)).toEqual({ waiting: 1, longestWaitMs: 4000 });
    expect(changes).toBe(3);
  });

  it('names one room per call with safe characters', () => {
    expect(queueRoomName('CA-1/2')).toBe('sauti-queue-CA-12');
    expect(queueRoomName('a')).not.toBe(queueRoomName('b'));
  });
});
