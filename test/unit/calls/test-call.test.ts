// The dev phone's server half: finding the <Stream url> in the voice answer and reaching it on loopback.
import { describe, expect, it } from 'vitest';
import { loopbackStreamUrl, streamUrlOf } from '../../../bridge/calls/test-call';

describe('streamUrlOf', () => {
  it('reads and unescapes the url of the first <Stream>', () => {
    const xml =
      '<?xml version="1.0"?><Response><Stream url="wss://a.example/media?t=x&amp;y=1" track="inbound_track"/></Response>';
    expect(streamUrlOf(xml)).toBe('wss://a.example/media?t=x&y=1');
  });

  it('is null when the answer has no stream (no AI configured)', () => {
    expect(streamUrlOf('<Response><Say>Sorry</Say><Hangup/></Response>')).toBeNull();
  });
});

describe('loopbackStreamUrl', () => {
  it('keeps the path and token but points at the local server', () => {
    expect(loopbackStreamUrl('wss://tunnel.example.org/media?t=abc.def', 'http://127.0.0.1:43123')).toBe(
      'ws://127.0.0.1:43123/media?t=abc.def',
    );
  });
});
