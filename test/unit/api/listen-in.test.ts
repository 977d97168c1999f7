import { describe, expect, it } from 'vitest';
import type { Events } from '../../../bridge/api/contract';
import { ListenIn } from '../../../bridge/api/listen-in';

const frame = (v: number) => new Int16Array(320).fill(v);

describe('ListenIn', () => {
  it('sends 100 ms batches only to listeners of that call', () => {
    const listen = new ListenIn();
    const got: Events['listen.audio'][] = [];
    const sink = (d: Events['listen.audio']) => got.push(d);
    listen.start('CA1', sink);
    for (let i = 0; i < 5; i++) listen.frame('CA2', 'inbound', frame(9));
    expect(got).toHaveLength(0);
    for (let i = 1; i <= 10; i++) listen.frame('CA1', 'inbound', frame(i));
    expect(got).toHaveLength(2);
    const pcm = new Int16Array(Buffer.from(got[1]!.pcmBase64, 'base64').buffer.slice(0));
    expect(pcm.length).toBe(1600);
    expect(pcm[0]).toBe(6);
    expect(pcm[1599]).toBe(10);
    listen.stopAll(sink);
    for (let i = 0; i < 5; i++) listen.frame('CA1', 'inbound', frame(1));
    expect(got).toHaveLength(2);
    expect(listen.isListened('CA1')).toBe(false);
  });
});
