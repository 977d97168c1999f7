import { describe, expect, it } from 'vitest';
import { GuardedEmitter } from '../../../bridge/ai/guarded-emitter';

describe('GuardedEmitter', () => {
  it('hands a throwing listener to onThrow with the event name, and keeps emitting', () => {
    const thrown: { error: unknown; event: string }[] = [];
    const events = new GuardedEmitter<{ tick: number }>((error, event) => thrown.push({ error, event }));
    const heard: number[] = [];
    events.on('tick', (n) => {
      if (n === 2) throw new RangeError('two');
      heard.push(n);
    });
    events.emit('tick', 1);
    expect(() => events.emit('tick', 2)).not.toThrow();
    events.emit('tick', 3);
    expect(heard).toEqual([1, 3]);
    expect(thrown).toHaveLength(1);
    expect(thrown[0]!.event).toBe('tick');
    expect(thrown[0]!.error).toBeInstanceOf(RangeError);
  });
});
