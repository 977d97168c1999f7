import { describe, expect, it } from 'vitest';
import {
  checkWebhookBody,
  decodeBody,
  readCallState,
  readStreamStatus,
} from '../../../bridge/sautikit/webhook-payload';

const form = (s: string) => decodeBody(Buffer.from(s), 'application/x-www-form-urlencoded');
const json = (v: unknown) => decodeBody(Buffer.from(JSON.stringify(v)), 'application/json; charset=utf-8');

describe('voice webhook call states', () => {
  it('reads doc-style form bodies', () => {
    const { call, rejectedIdFields } = readCallState(
      form(
        'CallId=CA123&From=%2B254712345678&To=%2B254709000000&Direction=inbound&CallStatus=ringing&Digits=1',
      ),
    );
    expect(call).toMatchObject({
      callSid: 'CA123',
      aliases: ['CA123'],
      anonymous: false,
      from: '+254712345678',
      to: '+254709000000',
      direction: 'inbound',
      status: 'ringing',
      digits: '1',
    });
    expect(rejectedIdFields).toEqual([]);
  });

  it('reads snake_case JSON bodies and keeps the raw payload', () => {
    const { call } = readCallState(
      json({ call_sid: 'abc-1', from: '+254700000001', to: '+254700000002', extra: 1 }),
    );
    expect(call).toMatchObject({ callSid: 'abc-1', from: '+254700000001', to: '+254700000002' });
    expect(call.raw.extra).toBe(1);
    expect(readCallState(json({ call_id: 'uuid-2' })).call.callSid).toBe('uuid-2');
  });

  it('reads the PBX style seen live, as a form and as JSON', () => {
    const fields = {
      sessionId: 'HD_4f1c2a',
      callerNumber: '+254712345678',
      destinationNumber: '+254709000000',
      clientDialedNumber: '0709000000',
      callSessionState: 'ringing',
      isActive: true,
      clientRequestId: 'req-7',
    };
    const fromForm = readCallState(
      form(new URLSearchParams({ ...fields, isActive: 'true' }).toString()),
    ).call;
    const fromJson = readCallState(json(fields)).call;
    for (const call of [fromForm, fromJson]) {
      expect(call).toMatchObject({
        callSid: 'HD_4f1c2a',
        aliases: ['HD_4f1c2a'],
        from: '+254712345678',
        to: '+254709000000',
        status: 'ringing',
        active: true,
        clientRequestId: 'req-7',
        anonymous: false,
      });
    }
    expect(readCallState(json({ ...fields, isActive: false })).call.active).toBe(false);
  });

  it('keeps both ids of one call: the Sautikit call UUID first, the PBX session id as an alias', () => {
    const { call } = readCallState(
      json({ sessionId: 'HD_77', call_id: '01900000-0000-7000-8000-000000000003', from: '+254700000001' }),
    );
    expect(call.callSid).toBe('01900000-0000-7000-8000-000000000003');
    expect(call.aliases).toEqual(['01900000-0000-7000-8000-000000000003', 'HD_77']);
  });

  it('takes clientRequestId from the URL when the body has none', () => {
    expect(readCallState(form('CallId=CA1'), { clientRequestId: 'sauti-leg-1' }).call.clientRequestId).toBe(
      'sauti-leg-1',
    );
    expect(
      readCallState(form('CallId=CA1&clientRequestId=b'), { clientRequestId: 'a' }).call.clientRequestId,
    ).toBe('b');
  });

  it('never throws: no readable id gives an id made here, and names the unusable fields', () => {
    const none = readCallState(form('From=%2B254700000001'), { newId: () => 'fixed' });
    expect(none.call).toMatchObject({ callSid: 'anon-fixed', aliases: ['anon-fixed'], anonymous: true });
    expect(none.rejectedIdFields).toEqual([]);

    const badChars = readCallState(form('CallId=bad%20id%20%3Cx%3E'), { newId: () => 'x' });
    expect(badChars.call).toMatchObject({ callSid: 'anon-x', anonymous: true });
    expect(badChars.rejectedIdFields).toEqual(['CallId']);

    const objectId = readCallState(json({ CallId: { toString: 1 }, sessionId: 'HD_ok' }));
    expect(objectId.call).toMatchObject({ callSid: 'HD_ok', anonymous: false });
    expect(objectId.rejectedIdFields).toEqual(['CallId']);

    expect(readCallState({}).call.callSid).toMatch(/^anon-[0-9a-f-]{36}$/);
  });

  it('names a lifecycle event envelope posted to the voice URL', () => {
    expect(readCallState(json({ kind: 'call.answered', data: { call_id: 'c1' } })).call.eventKind).toBe(
      'call.answered',
    );
  });
});

describe('stream status callbacks', () => {
  it('reads the call ids, the event and the PBX streamSid', () => {
    expect(readStreamStatus(form('CallId=CA1&StreamEvent=stream-started'))).toMatchObject({
      callIds: ['CA1'],
      event: 'stream-started',
    });
    expect(
      readStreamStatus(json({ sessionId: 'HD_1', streamSid: 'MZ9', streamEvent: 'stream-stopped' })),
    ).toMatchObject({ callIds: ['HD_1', 'MZ9'], event: 'stream-stopped', streamSid: 'MZ9' });
  });
});

describe('webhook body schema', () => {
  it('refuses a known field that is not a plain value, naming the field and never the value', () => {
    expect(() => checkWebhookBody(json({ CallId: { toString: 1 } }), 'call')).toThrow(
      /CallId must be a plain value/,
    );
    expect(() => checkWebhookBody(json({ StreamEvent: ['x'] }), 'call')).toThrow(/StreamEvent/);
    expect(() =>
      checkWebhookBody(json({ kind: 'call.answered', data: { call_id: { a: 1 } } }), 'event'),
    ).toThrow(/call_id/);
    expect(() => checkWebhookBody(json({ kind: 'x', payload: 'text' }), 'event')).toThrow(/payload/);
  });

  it('passes plain bodies, and fields it does not read, untouched', () => {
    const body = json({ CallId: 'CA1', status: 'ok', vendor: { nested: [1] } });
    expect(checkWebhookBody(body, 'call')).toBe(body);
  });

  it('decodes by content type and says what is wrong', () => {
    expect(() => decodeBody(Buffer.from('{not json'), 'application/json')).toThrow(/not valid JSON/);
    expect(() => decodeBody(Buffer.from('[1]'), 'application/json')).toThrow(/object/);
    expect(() => decodeBody(Buffer.from('x'), 'text/csv')).toThrow(/Unsupported content type/);
  });
});
