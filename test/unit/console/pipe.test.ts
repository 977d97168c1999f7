// The in-memory pipe pair the tests and main's own console view use: messages and binary frames both
// ways, in the order sent, each a copy (like a real port), nothing after close.
import { describe, expect, it } from 'vitest';
import { createPipePair } from '../../../bridge/console/pipe';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('in-memory pipe pair', () => {
  it('carries binary frames beside messages, in order, as copies the sender cannot change', async () => {
    const [a, b] = createPipePair();
    const heard: unknown[] = [];
    b.onMessage((m) => heard.push(m));
    b.onBinary((f) => heard.push([...f]));
    // A Node Buffer: its slice() is a view, so a copy must be made another way.
    const frame = Buffer.from([1, 2, 3, 4]);
    a.send({ n: 1 });
    a.sendBinary(frame);
    a.send({ n: 2 });
    frame.fill(9);
    await tick();
    expect(heard).toEqual([{ n: 1 }, [1, 2, 3, 4], { n: 2 }]);
  });

  it('goes the other way too, stops a listener that unsubscribed, and drops frames after close', async () => {
    const [a, b] = createPipePair();
    const toA: number[][] = [];
    const toB: number[][] = [];
    const off = a.onBinary((f) => toA.push([...f]));
    b.onBinary((f) => toB.push([...f]));
    b.sendBinary(new Uint8Array([7]));
    await tick();
    off();
    b.sendBinary(new Uint8Array([8]));
    a.close();
    a.sendBinary(new Uint8Array([9]));
    await tick();
    expect(toA).toEqual([[7]]);
    expect(toB).toEqual([]);
  });
});
