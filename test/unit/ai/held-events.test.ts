import { describe, expect, it } from 'vitest';
import { HeldEvents } from '../../../bridge/ai/held-events';
import type { RealtimeSessionEvents } from '../../../bridge/ai/provider';
import { Emitter } from '../../../bridge/base/emitter';

describe('HeldEvents', () => {
  it('holds events until released, then delivers ready first and the rest in order', async () => {
    const events = new Emitter<RealtimeSessionEvents>();
    const held = new HeldEvents(events);
    held.emit('turn.complete', {});
    const seen: string[] = [];
    held.releaseAfterConnect(() => false);
    // Listeners attached after connect resolved still get everything.
    events.on('ready', () => seen.push('ready'));
    events.on('turn.complete', () => seen.push('turn.complete'));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['ready', 'turn.complete']);
    held.emit('turn.complete', {});
    expect(seen).toEqual(['ready', 'turn.complete', 'turn.complete']);
  });

  it('delivers nothing when the session closed meanwhile', async () => {
    const events = new Emitter<RealtimeSessionEvents>();
    const held = new HeldEvents(events);
    let ready = 0;
    events.on('ready', () => ready++);
    held.releaseAfterConnect(() => true);
    await new Promise((r) => setImmediate(r));
    expect(ready).toBe(0);
  });
});
