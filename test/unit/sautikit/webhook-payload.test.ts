import { describe, expect, it } from 'vitest';
import { decodeBody, parseCallState } from '../../../bridge/sautikit/webhook-payload';

describe('webhook payloads', () => {
  it('reads form bodies with capitalised names', () => {
    const body = decodeBody(
      Buffer.from('CallId=CA123&From=%2B254712345678&To=%2B254709000000'),
      'application/x-www-form-urlencoded',
    );
    expect(parseCallState(body)).toMatchObject({
      callSid: 'CA123',
      from: '+254712345678',
      to: '+254709000000',
    });
  });

  it('reads JSON bodies with snake_case names and keeps the raw payload', () => {
    const body = decodeBody(
      Buffer.from(
        JSON.stringify({ call_sid: 'abc-1', from: '+254700000001', to: '+254700000002', extra: 1 }),
      ),
      'application/json; charset=utf-8',
    );
    const state = parseCallState(body);
    expect(state).toMatchObject({ callSid: 'abc-1', from: '+254700000001' });
    expect(state.raw.extra).toBe(1);
  });

  it('rejects malformed bodies with clear errors', () => {
    expect(() => decodeBody(Buffer.from('{not json'), 'application/json')).toThrow(/not valid JSON/);
    expect(() => decodeBody(Buffer.from('[1]'), 'application/json')).toThrow(/object/);
    expect(() => decodeBody(Buffer.from('x'), 'text/csv')).toThrow(/Unsupported content type/);
    expect(() => parseCallState({ From: '+1' })).toThrow(/Missing call id/);
    expect(() => parseCallState({ CallId: 'bad id <x>' })).toThrow(/Bad call id/);
  });
});
