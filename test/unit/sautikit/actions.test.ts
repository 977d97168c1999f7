import { describe, expect, it } from 'vitest';
import { escapeXml, toJson, toXml } from '../../../bridge/sautikit/actions';
import { parseXml } from '../../sim/xml';

describe('voice actions', () => {
  it('renders <Stream> with the documented attribute names', () => {
    const xml = toXml([
      {
        stream: {
          url: 'wss://a.example/media?t=x&y=1',
          track: 'inbound_track',
          connect: true,
          outputSamplingRate: 16000,
          bidirectionalSamplingRate: 16000,
          name: 'sauti-1',
          statusCallback: 'https://a.example/stream-status',
          statusEvents: ['stream-started', 'stream-stopped', 'stream-error'],
        },
      },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
    const stream = parseXml(xml).children[0]!;
    expect(stream.name).toBe('Stream');
    expect(stream.attrs).toEqual({
      url: 'wss://a.example/media?t=x&y=1',
      track: 'inbound_track',
      connect: 'true',
      outputSamplingRate: '16000',
      bidirectionalSamplingRate: '16000',
      name: 'sauti-1',
      statusCallback: 'https://a.example/stream-status',
      statusEvents: 'stream-started stream-stopped stream-error',
    });
    expect(xml).toContain('t=x&amp;y=1');
  });

  it('escapes every dynamic value in text and attributes', () => {
    const xml = toXml([{ say: { text: 'Tom & "Jerry" <script>', language: 'en-KE' } }]);
    expect(xml).toContain('<Say language="en-KE">Tom &amp; &quot;Jerry&quot; &lt;script&gt;</Say>');
    expect(parseXml(xml).children[0]!.text).toBe('Tom & "Jerry" <script>');
    expect(escapeXml(`'`)).toBe('&apos;');
  });

  it('renders Dial with a Number noun, Conference, Record, Redirect, Pause, Play and Hangup', () => {
    const xml = toXml([
      {
        dial: {
          number: '+254712000001',
          callerId: '+254709000000',
          timeout: 20,
          record: 'record-from-answer',
        },
      },
      {
        conference: {
          name: 'queue',
          startOnEnter: false,
          endOnExit: false,
          waitUrl: 'https://m/hold.mp3',
          beep: false,
        },
      },
      {
        record: {
          action: 'https://a/voicemail?t=1',
          maxLength: 120,
          timeout: 5,
          playBeep: true,
          finishOnKey: '#',
        },
      },
      { redirect: { url: 'https://a/dial-status?t=2', method: 'POST' } },
      { pause: { length: 2 } },
      { play: { url: 'https://m/x.mp3' } },
      { hangup: {} },
    ]);
    const names = parseXml(xml).children.map((c) => c.name);
    expect(names).toEqual(['Dial', 'Conference', 'Record', 'Redirect', 'Pause', 'Play', 'Hangup']);
    const dial = parseXml(xml).children[0]!;
    expect(dial.attrs).toEqual({ callerId: '+254709000000', timeout: '20', record: 'record-from-answer' });
    expect(dial.children[0]).toMatchObject({ name: 'Number', text: '+254712000001' });
    expect(parseXml(xml).children[1]!.attrs.startOnEnter).toBe('false');
  });

  it('refuses a Dial without exactly one destination', () => {
    expect(() => toXml([{ dial: {} }])).toThrow(/exactly one/);
    expect(() => toXml([{ dial: { number: '+1', sip: 'sip:a@b' } }])).toThrow(/exactly one/);
  });

  it('emits the JSON form, but never for <Stream>', () => {
    expect(toJson([{ say: { text: 'Habari' } }, { hangup: {} }])).toEqual({
      actions: [{ say: { text: 'Habari' } }, { hangup: {} }],
    });
    expect(() =>
      toJson([
        { stream: { url: 'wss://x', track: 'inbound_track', connect: true, outputSamplingRate: 16000 } },
      ]),
    ).toThrow(/XML/);
  });
});
