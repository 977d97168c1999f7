// An OpenAI Realtime session made to listen only (a person has the call), against the fake OpenAI
// Realtime service over real TLS sockets: what goes on the wire (a session.update with turn detection's
// create_response and interrupt_response off, a cancel for a reply in progress), no audio and no reply
// after it, the caller's lines and the transcription's usage still coming, and a connection the session
// moves to before the service's time cap set up to listen only from the start.
import { describe, expect, it } from 'vitest';
import { RENEW_LEAD_MS } from '../../bridge/ai/openai-renewing-link';
import type { RealtimeSession } from '../../bridge/ai/provider';
import { FakeClock } from '../../bridge/base/clock';
import { LONG_REPLY_TEXT } from '../fakes/fake-voice';
import { OPENAI_REALTIME } from '../harness/ai-services';
import { providerSessions, speak } from '../harness/ai-session';
import { waitFor } from '../sim/carrier';

const { open } = providerSessions(OPENAI_REALTIME);

/** The usage of one transcribed caller line as the fake reports it, as the session passes it on. */
const LINE_USAGE = { inputTokens: 40, outputTokens: 12, totalTokens: 52, inputAudioTokens: 40 };

function listenOnly(session: RealtimeSession): void {
  expect(session.capabilities.canListenOnly).toBe(true);
  if (!session.listenOnly) throw new Error('an OpenAI session can listen only');
  session.listenOnly();
}

describe('OpenAI Realtime session, listen-only', () => {
  it('sends only the turn detection, with create_response and interrupt_response off; the caller is transcribed, never answered', async () => {
    // Think time 0: a reply, if the fake started one, would be on its way before the next line is spoken.
    const { session, rec, fake } = await open({
      thinkMs: 0,
      turns: [{ caller: 'My card was swallowed.' }, { caller: 'At the Moi Avenue branch.' }],
    });
    await rec.waitFor('ready');
    listenOnly(session);
    await waitFor(() => fake.sessionUpdates.length === 2, 5000, 'the listen-only update');
    // Only the fields that change: the service keeps the rest as set up.
    expect(fake.sessionUpdates[1]).toEqual({
      type: 'realtime',
      audio: {
        input: {
          turn_detection: {
            type: 'server_vad',
            threshold: 0.6,
            silence_duration_ms: 500,
            prefix_padding_ms: 300,
            create_response: false,
            interrupt_response: false,
          },
        },
      },
    });

    speak(session, 'caller-balance.wav');
    await rec.waitFor('caller.transcript', (t) => t.final && t.text === 'My card was swallowed.');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('caller.transcript', (t) => t.final && t.text === 'At the Moi Avenue branch.');

    expect(fake.said).toEqual([]);
    // No reply asked for, nothing cancelled that was not there.
    expect(fake.clientEvents.map((e) => e.type)).toEqual(['session.update', 'session.update']);
    expect(rec.audioSamples).toBe(0);
    expect(rec.count('agent.transcript')).toBe(0);
    expect(rec.count('handoff')).toBe(0);
    // With no replies, the transcription is what is billed.
    expect(rec.all('usage')).toEqual([LINE_USAGE, LINE_USAGE]);
    expect(rec.count('error')).toBe(0);
  });

  it('cancels the reply in progress, and lets none of its audio out after', async () => {
    // Slow speech and deltas still in flight after the cancel, as on a real network.
    const { session, rec, fake } = await open({ speedup: 1, inFlightDeltas: 3 });
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await rec.waitFor('audio');
    listenOnly(session);
    const heardSamples = rec.audioSamples;
    // The cancelled reply's response.done comes after its last deltas.
    await rec.waitFor('turn.complete');

    expect(rec.audioSamples).toBe(heardSamples);
    expect(fake.clientEvents.map((e) => e.type)).toEqual([
      'session.update',
      'response.create',
      'session.update',
      'response.cancel',
    ]);
    expect(rec.lines('agent')).toEqual([]);
    expect(rec.count('interrupted')).toBe(0);
    expect(rec.count('error')).toBe(0);
  });

  it('moves to a new connection before the time cap set up to listen only from the start', async () => {
    const clock = new FakeClock();
    const { session, rec, fake } = await open(
      { thinkMs: 0, turns: [{ caller: 'Are you still there?' }, { caller: 'Hello?' }] },
      {},
      clock,
    );
    await rec.waitFor('ready');
    listenOnly(session);
    await waitFor(() => fake.sessionUpdates.length === 2, 5000, 'the listen-only update');
    clock.advance(60 * 60_000 - RENEW_LEAD_MS);
    await waitFor(() => fake.connections[0]!.closeCode !== null, 5000, 'the move');

    const second = fake.connections[1]!;
    expect(second.events[0]).toMatchObject({
      type: 'session.update',
      session: {
        audio: { input: { turn_detection: { create_response: false, interrupt_response: false } } },
      },
    });
    speak(session, 'caller-balance.wav');
    await rec.waitFor('caller.transcript', (t) => t.final && t.text === 'Are you still there?');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('caller.transcript', (t) => t.final && t.text === 'Hello?');
    expect(fake.said).toEqual([]);
    expect(second.events.some((e) => e.type === 'response.create')).toBe(false);
    expect(rec.audioSamples).toBe(0);
    expect(rec.count('close')).toBe(0);
  });
});
