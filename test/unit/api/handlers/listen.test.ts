// call.listen for one console: starts this console's tap only while the call streams through the app.
import { describe, expect, it } from 'vitest';
import type { Events } from '../../../../bridge/api/contract';
import { listenHandler } from '../../../../bridge/api/handlers/listen';
import { ListenIn } from '../../../../bridge/api/listen-in';

const frame = () => new Int16Array(320).fill(100);

describe('listenHandler', () => {
  it('taps a streaming call for this console until it stops', () => {
    const listenIn = new ListenIn();
    const heard: Events['listen.audio'][] = [];
    const listen = listenHandler(
      listenIn,
      () => true,
      (d) => heard.push(d),
    );
    expect(listen({ callId: 'A', on: true })).toEqual({ listening: true, sampleRateHz: 16000 });
    for (let i = 0; i < 5; i++) listenIn.frame('A', 'inbound', frame());
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ callId: 'A', direction: 'inbound' });
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
});
