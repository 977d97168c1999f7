import { describe, expect, it } from 'vitest';
import {
  DevPhone,
  MEDIA_SUBPROTOCOL,
  type PhoneSocket,
} from '../../../../../renderer/src/features/phone/dev-phone';
import type { PhoneAudio } from '../../../../../renderer/src/shared/audio/phone-audio';
import { FakeConsole, settle } from '../../fake-console';

class FakeSocket implements PhoneSocket {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: (string | ArrayBuffer)[] = [];
  closedWith: number | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  send(data: string | ArrayBuffer) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  remoteClose(code: number, reason: string) {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const ticket = {
  callId: 'TEST-1',
  streamUrl: 'ws://127.0.0.1:5000/media?t=tok',
  sampleRateHz: 16000,
  metadata: { callSid: 'TEST-1', from: '+254700000000', to: 'dev-phone', sampleRate: 16000 },
};

function rig(opts: { micError?: Error } = {}) {
  const client = new FakeConsole().handle('call.placeTest', () => ticket);
  const sockets: FakeSocket[] = [];
  const played: Int16Array[] = [];
  let flushed = 0;
  let stopped = 0;
  let mic: ((frame: Int16Array) => void) | null = null;
  const phone = new DevPhone({
    client,
    openSocket: (url, protocols) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    startAudio: (onFrame) => {
      if (opts.micError) return Promise.reject(opts.micError);
      mic = onFrame;
      const audio: PhoneAudio = {
        play: (s) => played.push(s),
        flush: () => flushed++,
        stop: () => stopped++,
      };
      return Promise.resolve(audio);
    },
    now: () => 42,
  });
  return {
    client,
    phone,
    sockets,
    played,
    speak: (samples: number, value = 8000) => mic?.(new Int16Array(samples).fill(value)),
    flushed: () => flushed,
    stopped: () => stopped,
  };
}

describe('DevPhone', () => {
  it('places the call, opens the media socket like Sautikit, sends metadata first, then 20 ms frames', async () => {
    const r = rig();
    await r.phone.call();
    const ws = r.sockets[0]!;
    expect(ws.url).toBe(ticket.streamUrl);
    expect(ws.protocols).toEqual([MEDIA_SUBPROTOCOL]);
    expect(ws.binaryType).toBe('arraybuffer');
    expect(r.phone.get().stage).toBe('connecting');
    r.speak(320);
    expect(ws.sent).toHaveLength(0);
    ws.open();
    expect(r.phone.get()).toMatchObject({ stage: 'live', callId: 'TEST-1', connectedAt: 42 });
    for (let i = 0; i < 10; i++) r.speak(320);
    expect(JSON.parse(ws.sent[0] as string)).toEqual(ticket.metadata);
    expect(ws.sent.slice(1).every((f) => f instanceof ArrayBuffer && f.byteLength === 640)).toBe(true);
    expect(ws.sent).toHaveLength(11);
    expect(r.phone.get().micDbfs).toBeGreaterThan(-20);
    r.phone.hangUp();
    expect(r.phone.get().sentMs).toBe(200);
  });

  it('plays what the AI sends and drops queued audio when the carrier says killAudio', async () => {
    const r = rig();
    await r.phone.call();
    const ws = r.sockets[0]!;
    ws.open();
    ws.onmessage?.({ data: new Int16Array(1600).fill(1000).buffer });
    expect(r.played[0]).toHaveLength(1600);
    ws.onmessage?.({ data: JSON.stringify({ type: 'killAudio' }) });
    ws.onmessage?.({ data: 'not json' });
    expect(r.flushed()).toBe(1);
  });

  it('ends when the far end hangs up, releasing the microphone', async () => {
    const r = rig();
    await r.phone.call();
    r.sockets[0]!.open();
    r.sockets[0]!.remoteClose(1000, 'call ended');
    expect(r.phone.get()).toMatchObject({ stage: 'ended', message: 'Call ended (call ended).' });
    expect(r.stopped()).toBe(1);
  });

  it('hangs up from the window', async () => {
    const r = rig();
    await r.phone.call();
    r.sockets[0]!.open();
    r.phone.hangUp();
    expect(r.sockets[0]!.closedWith).toBe(1000);
    expect(r.phone.get().stage).toBe('ended');
    expect(r.stopped()).toBe(1);
    expect(r.phone.busy).toBe(false);
  });

  it('explains a blocked microphone, a refused socket, and a core that cannot place the call', async () => {
    const blocked = rig({ micError: Object.assign(new Error('denied'), { name: 'NotAllowedError' }) });
    await blocked.phone.call();
    expect(blocked.phone.get()).toMatchObject({
      stage: 'error',
      message: expect.stringMatching(/microphone is blocked/),
    });
    expect(blocked.client.sent).toHaveLength(0);

    const refused = rig();
    await refused.phone.call();
    refused.sockets[0]!.remoteClose(1006, '');
    expect(refused.phone.get()).toMatchObject({ stage: 'error', message: expect.stringMatching(/refused/) });

    const noAi = rig();
    noAi.client.fail('call.placeTest', 'TESTCALL_NO_STREAM', 'Set an AI provider key in Settings first');
    await noAi.phone.call();
    await settle();
    expect(noAi.phone.get()).toMatchObject({
      stage: 'error',
      message: 'Set an AI provider key in Settings first',
    });
    expect(noAi.stopped()).toBe(1);
  });

  it('ignores a second call while one is in progress', async () => {
    const r = rig();
    const first = r.phone.call();
    await r.phone.call();
    await first;
    expect(r.client.argsOf('call.placeTest')).toHaveLength(1);
  });
});
