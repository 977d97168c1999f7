import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { asAgentId, asCarrierCallSid } from '../../../bridge/domain/ids';
import { ANSWER_GRACE_MS, LEG_POLL_MS, PhoneLeg } from '../../../bridge/human/phone-leg';
import { createRouteUrls } from '../../../bridge/human/route-urls';
import { createSilentLog } from '../../../bridge/base/log';
import { SautikitApiError, type CallRecord, type SautikitClient } from '../../../bridge/sautikit/client';

const flush = () => new Promise((r) => setImmediate(r));

class FakeWs extends EventEmitter {
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 1;
  readonly sent: Buffer[] = [];
  closedWith: number | undefined;
  send(data: Buffer) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
    this.emit('close', code, Buffer.alloc(0));
  }
}

function rig(client: Partial<SautikitClient>) {
  const clock = new FakeClock();
  const events: string[] = [];
  const hungUp: string[] = [];
  const full = {
    placeCall: () =>
      Promise.resolve({ callId: 'leg-uuid', sessionId: 'HD_leg', status: 'ringing', attempts: 1 }),
    hangUp: (id: string) => {
      hungUp.push(id);
      return Promise.resolve();
    },
    getCall: () => Promise.resolve({ id: 'leg-uuid', status: 'ringing', raw: {} } as CallRecord),
    ...client,
  } as unknown as SautikitClient;
  const leg = new PhoneLeg({
    clock,
    log: createSilentLog(),
    client: full,
    urls: createRouteUrls({
      secret: 'a-secret-of-at-least-16-chars',
      clock,
      publicUrl: () => 'https://x.example',
    }),
    legId: 'leg-1',
    callSid: asCarrierCallSid('CA1'),
    agent: { id: asAgentId('agt_1'), name: 'Wanjiru', number: '+254711000001' },
    from: '+254709000000',
    dialTimeoutS: 20,
    mediaTokenTtlMs: 60_000,
    agentLegMessage: 'Connecting you to a waiting caller.',
    language: 'en-KE',
    events: {
      answered: () => events.push('answered'),
      failed: (_l, result, detail) => events.push(`failed ${result}${detail ? ` ${detail}` : ''}`),
      hungUp: (_l, reason) => events.push(`hung up: ${reason}`),
    },
  });
  return { clock, leg, events, hungUp };
}

describe('PhoneLeg', () => {
  it('gives up after the ring time and its grace, hanging the leg up through Sautikit', async () => {
    const { clock, leg, events, hungUp } = rig({});
    leg.place();
    await flush();
    clock.advance(20_000 + ANSWER_GRACE_MS - 1);
    expect(events).toEqual([]);
    clock.advance(1);
    await flush();
    expect(events).toEqual(['failed no-answer no answer within 20 s']);
    expect(hungUp).toEqual(['leg-uuid']);
    expect(leg.state).toBe('ended');
  });

  it('moves on as soon as the leg’s record says busy (lifecycle events may never come)', async () => {
    const { clock, leg, events } = rig({
      getCall: () =>
        Promise.resolve({ id: 'leg-uuid', status: 'busy', failureCode: 'busy', raw: {} } as CallRecord),
    });
    leg.place();
    await flush();
    clock.advance(LEG_POLL_MS);
    await flush();
    expect(events).toEqual(['failed busy busy']);
  });

  it('a destination Sautikit refuses (4xx) is "refused"; a 5xx after retries is "failed"', async () => {
    const refused = rig({
      placeCall: () =>
        Promise.reject(
          new SautikitApiError('SAUTIKIT_PLACE_CALL_FAILED', 'not allowed', {
            status: 403,
            carrierCode: 'calls.destination_not_allowed',
            attempts: 1,
            retryable: false,
          }),
        ),
    });
    refused.leg.place();
    await flush();
    expect(refused.events).toEqual(['failed refused calls.destination_not_allowed']);
    const failed = rig({
      placeCall: () =>
        Promise.reject(
          new SautikitApiError('SAUTIKIT_PLACE_CALL_FAILED', 'down', {
            status: 503,
            attempts: 4,
            retryable: true,
          }),
        ),
    });
    failed.leg.place();
    await flush();
    expect(failed.events[0]).toMatch(/^failed failed/);
  });

  it('is answered when its stream opens: relays frames both ways, and reports the agent hanging up', async () => {
    const { leg, events } = rig({});
    leg.place();
    await flush();
    expect(leg.awaitingStream).toBe(true);
    const answer = leg.answerActions();
    expect(answer[0]).toEqual({ say: { text: 'Connecting you to a waiting caller.', language: 'en-KE' } });
    expect(answer[1]).toMatchObject({
      stream: { connect: true, track: 'inbound_track', bidirectionalSamplingRate: 16000 },
    });
    const ws = new FakeWs();
    leg.attachStream(ws as unknown as WebSocket);
    expect(events).toEqual(['answered']);
    const heard: number[] = [];
    leg.speakTo((frame) => heard.push(frame[0]!));
    ws.emit('message', Buffer.from(JSON.stringify({ callSid: 'HD_leg' })), false);
    ws.emit('message', Buffer.from(new Int16Array(320).fill(5).buffer), true);
    expect(heard).toEqual([5]);
    expect(leg.carrierIds.has(asCarrierCallSid('HD_leg'))).toBe(true);
    leg.hear(new Int16Array(320).fill(7));
    expect(ws.sent).toHaveLength(1);
    ws.close(1000);
    expect(events).toEqual(['answered', 'hung up: the agent hung up']);
  });

  it('a stream that opens after the leg was given up is closed at once', async () => {
    const { leg } = rig({});
    leg.place();
    await flush();
    leg.close('someone else took the call');
    const ws = new FakeWs();
    leg.attachStream(ws as unknown as WebSocket);
    expect(ws.closedWith).toBe(1000);
  });
});
