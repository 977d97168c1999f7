// call.listen for one console: starts this console's tap only while the call streams through the app.
import { describe, expect, it } from 'vitest';
import { listenHandler } from '../../../../bridge/api/handlers/listen';
import { decodeListenFrame } from '../../../../bridge/api/listen-frame';
import { ListenIn } from '../../../../bridge/api/listen-in';

const frame = () => new Int16Array(320).fill(100);

describe('listenHandler', () => {
  it('taps a streaming call for this console until it stops', () => {
    const listenIn = new ListenIn();
    const heard: Uint8Array[] = [];
    const listen = listenHandler(
      listenIn,
      () => true,
      (f) => heard.push(f),
    );
    expect(listen({ callId: 'A', on: true })).toEqual({ listening: true, sampleRateHz: 16000 });
    for (let i = 0; i < 5; i++) listenIn.frame('A', 'inbound', frame());
    expect(heard).toHaveLength(1);
    expect(decodeListenFrame(heard[0]!)).toMatchObject({ callId: 'A', direction: 'inbound' });
    expect(listen({ callId: 'A', on: false }).listening).toBe(false);
    for (let i = 0; i < 5; i++) listenIn.frame('A', 'inbound', frame());
    expect(heard).toHaveLength(1);
    expect(listenIn.isListened('A')).toBe(false);
  });

  it('refuses a call whose audio does not pass through the app', () => {
    const listen = listenHandler(
      new ListenIn(),
      () => false,
      () => undefined,
    );
    expect(() => listen({ callId: 'A', on: true })).toThrow(
      expect.objectContaining({ code: 'CALL_NOT_STREAMING' }),
    );
  });

  it('refuses a call id too long for a listen frame, rather than failing in the media path', () => {
    const listenIn = new ListenIn();
    const listen = listenHandler(
      listenIn,
      () => true,
      () => undefined,
    );
    expect(() => listen({ callId: 'é'.repeat(65), on: true })).toThrow(
      expect.objectContaining({ code: 'LISTEN_CALL_ID_TOO_LONG' }),
    );
    expect(listenIn.isListened('é'.repeat(65))).toBe(false);
  });
});
