import { describe, expect, it } from 'vitest';
import { decodeListenFrame } from '../../../bridge/api/listen-frame';
import { ListenIn } from '../../../bridge/calls/listen-in';
import { asCallId } from '../../../bridge/domain/ids';

const frame = (v: number) => new Int16Array(320).fill(v);

describe('ListenIn', () => {
  it('sends 100 ms batches, as binary listen frames, only to listeners of that call', () => {
    const listen = new ListenIn();
    const got: Uint8Array[] = [];
    const sink = (f: Uint8Array) => got.push(f);
    listen.start(asCallId('CA1'), sink);
    for (let i = 0; i < 5; i++) listen.frame(asCallId('CA2'), 'inbound', frame(9));
    expect(got).toHaveLength(0);
    for (let i = 1; i <= 10; i++) listen.frame(asCallId('CA1'), 'inbound', frame(i));
    expect(got).toHaveLength(2);
    const second = decodeListenFrame(got[1]!);
    expect(second).toMatchObject({ callId: 'CA1', direction: 'inbound' });
    expect(second!.pcm.length).toBe(1600);
    expect(second!.pcm[0]).toBe(6);
    expect(second!.pcm[1599]).toBe(10);
    // Each batch is its own frame: the next batch does not rewrite one already sent.
    expect(decodeListenFrame(got[0]!)!.pcm[0]).toBe(1);
    listen.stopAll(sink);
    for (let i = 0; i < 5; i++) listen.frame(asCallId('CA1'), 'inbound', frame(1));
    expect(got).toHaveLength(2);
    expect(listen.isListened(asCallId('CA1'))).toBe(false);
  });

  it('encodes a batch once for every console listening to the call', () => {
    const listen = new ListenIn();
    const a: Uint8Array[] = [];
    const b: Uint8Array[] = [];
    listen.start(asCallId('CA1'), (f) => a.push(f));
    listen.start(asCallId('CA1'), (f) => b.push(f));
    for (let i = 0; i < 5; i++) listen.frame(asCallId('CA1'), 'outbound', frame(4));
    expect(a).toHaveLength(1);
    expect(b[0]).toBe(a[0]);
    expect(decodeListenFrame(a[0]!)?.direction).toBe('outbound');
  });
});
