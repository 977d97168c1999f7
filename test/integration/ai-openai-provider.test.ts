// The OpenAI provider against the fake OpenAI Realtime service over real TLS sockets (the official
// client dials wss: only; the test process trusts the fake's certificate via NODE_EXTRA_CA_CERTS set in
// vitest.config.ts): session.update as sent, audio both ways, transcripts, barge-in and truncation,
// the handoff tool, errors mapped to codes, garbage (a glitch skipped, a burst fatal), dropped sockets,
// a throwing listener failing only its session, and the planned move to a new connection before the
// service's 60-minute session cap (on a FakeClock: the test never waits an hour).
import { describe, expect, it } from 'vitest';
import { MALFORMED_BURST_COUNT } from '../../bridge/ai/malformed-burst';
import { FORCE_LEAD_MS, RENEW_LEAD_MS } from '../../bridge/ai/openai-renewing-link';
import { FakeClock } from '../../bridge/base/clock';
import { FAKE_OPENAI_KEY } from '../fakes/fake-openai-realtime';
import { GREETING_TEXT, LONG_REPLY_TEXT, SPEECH_TEXT } from '../fakes/fake-voice';
import { OPENAI_REALTIME } from '../harness/ai-services';
import { providerSessions, speak } from '../harness/ai-session';
import { waitFor } from '../sim/carrier';

const { open, connectError } = providerSessions(OPENAI_REALTIME);

/** One turn of the event loop: a promise left rejected before it has been reported as unhandled by now. */
const oneTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('OpenAI Realtime provider', () => {
  it('connects over wss with the key and sends the GA session.update', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready', (r) => !r.resumed);
    expect(fake.handshakes[0]).toEqual({
      authorization: `Bearer ${FAKE_OPENAI_KEY}`,
      url: '/v1/realtime?model=gpt-realtime-2.1',
    });
    const update = fake.sessionUpdates[0]!;
    expect(update).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime-2.1',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          turn_detection: {
            type: 'server_vad',
            threshold: 0.6,
            silence_duration_ms: 500,
            prefix_padding_ms: 300,
            create_response: true,
            interrupt_response: true,
          },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          noise_reduction: { type: 'near_field' },
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin' },
      },
      tools: [
        { type: 'function', name: 'transfer_to_human', parameters: { required: ['reason', 'summary'] } },
      ],
    });
    expect(update.instructions).toContain('Acme Bank');
  });

  it('uses semantic VAD, another voice and no noise reduction when set', async () => {
    const { rec, fake } = await open(
      {},
      {
        openaiVad: 'semantic_vad',
        openaiVadEagerness: 'high',
        openaiVoice: 'cedar',
        openaiNoiseReduction: 'off',
      },
    );
    await rec.waitFor('ready');
    const audio = fake.sessionUpdates[0]!.audio as {
      input: Record<string, unknown>;
      output: Record<string, unknown>;
    };
    expect(audio.input.turn_detection).toEqual({
      type: 'semantic_vad',
      eagerness: 'high',
      create_response: true,
      interrupt_response: true,
    });
    expect(audio.input.noise_reduction).toBeUndefined();
    expect(audio.output.voice).toBe('cedar');
  });

  it('greets with a response.create and streams the 24 kHz greeting with its transcript and usage', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    expect((await rec.waitFor('agent.transcript', (t) => t.final)).text).toBe(GREETING_TEXT);
    await rec.waitFor('turn.complete');
    const create = fake.clientEvents.find((e) => e.type === 'response.create') as unknown as {
      response: { instructions: string };
    };
    expect(create.response.instructions).toContain(GREETING_TEXT);
    expect(rec.audioMs(24_000)).toBeGreaterThan(3500);
    expect(rec.all('usage')[0]).toEqual({
      inputTokens: 200,
      outputTokens: 60,
      totalTokens: 260,
      inputAudioTokens: 160,
      inputCachedTokens: 64,
      outputAudioTokens: 48,
    });
  });

  it('hears the caller: speech events, the caller line, then a reply', async () => {
    const callerText = SPEECH_TEXT['caller-balance.wav']!;
    const { session, rec, fake } = await open({
      turns: [{ caller: callerText, reply: 'Let me check that.' }],
    });
    await rec.waitFor('ready');
    speak(session, 'caller-balance.wav');
    await rec.waitFor('speech.started');
    await rec.waitFor('speech.stopped');
    expect((await rec.waitFor('caller.transcript', (t) => t.final)).text).toBe(callerText);
    expect((await rec.waitFor('agent.transcript', (t) => t.final)).text).toBe('Let me check that.');
    expect(fake.audioInMs).toBeGreaterThan(4000);
    expect(rec.lines('caller')).toEqual([callerText]);
  });

  it('closes a caller line once even when its transcription completes after the reply started', async () => {
    const { session, rec, fake } = await open({
      turns: [{ caller: 'What are your hours?', reply: 'Eight to five.' }],
      transcriptionLagMs: 600,
    });
    await rec.waitFor('ready');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final);
    await rec.waitFor('turn.complete');
    // Once the service has sent the late transcription, a greeting asked for after that comes back
    // behind it on the same socket: by its line, the session has handled the transcription.
    await waitFor(
      () => fake.sent('conversation.item.input_audio_transcription.completed') > 0,
      5000,
      'the late transcription sent',
    );
    session.greet(GREETING_TEXT);
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === GREETING_TEXT);
    expect(rec.lines('caller')).toEqual(['What are your hours?']);
  });

  it('on barge-in reports the interruption and truncates the reply to what was heard', async () => {
    const { session, rec, fake } = await open({ speedup: 1 });
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await waitFor(() => rec.audioMs(24_000) >= 800, 10_000, 'the reply under way');
    speak(session, 'caller-yes.wav', 0);
    await rec.waitFor('speech.started');
    await rec.waitFor('interrupted');
    const interruptedAt = rec.events.findIndex((e) => e.name === 'interrupted');
    session.truncateHeard(640);
    await waitFor(() => fake.truncations.length > 0, 5000, 'the truncation');
    expect(fake.truncations[0]).toMatchObject({ content_index: 0, audio_end_ms: 640 });
    expect(fake.truncations[0]!.item_id).toMatch(/^item_/);
    // The cancelled response's response.done (read as interrupted) is the last the service sends of it:
    // every chunk came before it, and with no response in progress no more come.
    expect(fake.replying).toBe(false);
    expect(rec.events.slice(interruptedAt).filter((e) => e.name === 'audio')).toEqual([]);
  });

  it('drops audio of the talked-over reply that was still in flight', async () => {
    const { session, rec } = await open({ speedup: 1, inFlightDeltas: 3 });
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await waitFor(() => rec.audioMs(24_000) >= 500, 10_000, 'the reply under way');
    speak(session, 'caller-yes.wav', 0);
    await rec.waitFor('interrupted');
    const started = rec.events.findIndex((e) => e.name === 'speech.started');
    expect(rec.events.slice(started).filter((e) => e.name === 'audio')).toEqual([]);
  });

  it('never truncates past the audio it was sent', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    await rec.waitFor('turn.complete');
    session.truncateHeard(60_000);
    await waitFor(() => fake.truncations.length > 0, 5000, 'the truncation');
    expect(fake.truncations[0]!.audio_end_ms).toBeLessThanOrEqual(Math.ceil(rec.audioMs(24_000)));
    expect(fake.truncations[0]!.audio_end_ms).toBeGreaterThan(3500);
    expect(rec.count('error')).toBe(0);
  });

  it('surfaces the handoff function call and answers it with a function_call_output', async () => {
    const { session, rec, fake } = await open({
      turns: [
        {
          caller: 'person please',
          handoff: { reason: 'asked for a person', summary: 'Wants a human about a loan.' },
        },
      ],
    });
    await rec.waitFor('ready');
    speak(session, 'caller-human.wav');
    const handoff = await rec.waitFor('handoff');
    expect(handoff).toMatchObject({ reason: 'asked for a person', summary: 'Wants a human about a loan.' });
    session.answerHandoff(handoff.toolCallId, {
      accepted: true,
      message: 'Please hold while I connect you.',
    });
    expect((await rec.waitFor('agent.transcript', (t) => t.final)).text).toBe(
      'Please hold while I connect you.',
    );
    const output = fake.clientEvents.find((e) => e.type === 'conversation.item.create') as unknown as {
      item: { type: string; call_id: string };
    };
    expect(output.item).toMatchObject({ type: 'function_call_output', call_id: handoff.toolCallId });
  });

  it('injects a supervisor nudge as a system item', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.nudge('Mention the branch is closed on Sunday.');
    await waitFor(() => fake.context.length > 0, 5000, 'the nudge at the fake');
    expect(fake.context[0]).toContain('Mention the branch is closed on Sunday.');
    expect(fake.said).toEqual([]);
  });

  it('says a requested line', async () => {
    const { session, rec } = await open();
    await rec.waitFor('ready');
    session.say?.('One moment please.');
    expect((await rec.waitFor('agent.transcript', (t) => t.final)).text).toBe('One moment please.');
  });

  it('maps a bad key (error event, close 3000) to AI_AUTH_FAILED', async () => {
    const err = await connectError({ apiKey: 'sk-the-real-one' });
    expect(err.code).toBe('AI_AUTH_FAILED');
    expect(err.message).toMatch(/Incorrect API key/);
  });

  it('maps insufficient quota to AI_QUOTA', async () => {
    expect((await connectError({ failure: 'quota' })).code).toBe('AI_QUOTA');
  });

  it('gives up when session.update is never answered', async () => {
    expect((await connectError({ failure: 'hang' }, { aiConnectTimeoutMs: 1000 })).code).toBe(
      'AI_CONNECT_TIMEOUT',
    );
  });

  it('skips stray garbage and keeps working', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    fake.sendRaw('{"type": "response.output_audio.delta", broken');
    fake.sendRaw(
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 'x', delta: 'not base64 !!' }),
    );
    session.greet(GREETING_TEXT);
    await rec.waitFor('agent.transcript', (t) => t.final);
    expect(rec.count('error')).toBe(0);
    expect(rec.count('close')).toBe(0);
  });

  it('fails with AI_MALFORMED on a burst of garbage', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready');
    for (let i = 0; i < MALFORMED_BURST_COUNT; i++) {
      fake.sendRaw(i % 2 ? '<html>502</html>' : JSON.stringify({ no: 'type' }));
    }
    const err = await rec.waitFor('error');
    expect(err.code).toBe('AI_MALFORMED');
    expect((await rec.waitFor('close')).error?.code).toBe('AI_MALFORMED');
    await waitFor(() => fake.connections[0]!.closeCode !== null, 5000, 'the socket closed');
  });

  it('fails only this session, with AI_CALLBACK_FAILED, when a listener of ours throws', async () => {
    const faults: unknown[] = [];
    const onFault = (err: unknown) => faults.push(err);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    try {
      const { session, rec, fake } = await open();
      await rec.waitFor('ready');
      session.events.on('audio', () => {
        throw new RangeError('a bug in the call pipeline');
      });
      session.greet(GREETING_TEXT);
      const err = await rec.waitFor('error');
      expect(err.code).toBe('AI_CALLBACK_FAILED');
      expect(err.message).toBe('OpenAI session: handling "audio" failed (RangeError)');
      expect((await rec.waitFor('close')).error?.code).toBe('AI_CALLBACK_FAILED');
      // The session let go of its socket; the process is untouched.
      await waitFor(() => fake.connections[0]!.closeCode !== null, 5000, 'the socket closed at the fake');
      await oneTurn();
      expect(faults).toEqual([]);
    } finally {
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
    }
  });

  it('moves to a new connection before the 60-minute cap, told the conversation, and the caller notices nothing', async () => {
    const clock = new FakeClock();
    const question = SPEECH_TEXT['caller-hours.wav']!;
    const { session, rec, fake } = await open(
      { turns: [{ caller: question, reply: 'We open at eight.' }] },
      {},
      clock,
    );
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    await rec.waitFor('turn.complete');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'We open at eight.');
    await waitFor(() => rec.count('turn.complete') === 2, 5000, 'the answer done');
    clock.advance(60 * 60_000 - RENEW_LEAD_MS - 1);
    expect(fake.connections).toHaveLength(1);
    clock.advance(1);
    await waitFor(() => fake.connections[0]!.closeCode !== null, 5000, 'the move');
    const [first, second] = fake.connections;
    expect(first!.closeCode).toBe(1000);
    // The same session.update, then what was said, as conversation items.
    expect(second!.events[0]).toEqual(first!.events[0]);
    const seeded = second!.events
      .filter((e) => e.type === 'conversation.item.create')
      .map((e) => e.item as { role: string; content: { type: string; text: string }[] })
      .map((item) => [item.role, item.content[0]!.type, item.content[0]!.text]);
    expect(seeded).toEqual([
      ['assistant', 'output_text', GREETING_TEXT],
      ['user', 'input_text', question],
      ['assistant', 'output_text', 'We open at eight.'],
    ]);
    // The conversation goes on over the new connection, with no sign of the move.
    const before = rec.events.length;
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'We open at eight.', 10_000, before);
    expect(second!.events.some((e) => e.type === 'response.create')).toBe(false);
    expect(fake.connections).toHaveLength(2);
    expect(rec.count('ready')).toBe(1);
    expect(rec.count('error')).toBe(0);
    expect(rec.count('close')).toBe(0);
  });

  it('waits for the reply in progress to end before moving', async () => {
    const clock = new FakeClock();
    const { session, rec, fake } = await open({ speedup: 2 }, {}, clock);
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await rec.waitFor('audio');
    clock.advance(60 * 60_000 - RENEW_LEAD_MS);
    await waitFor(() => fake.connections[0]!.closeCode !== null, 15_000, 'the move');
    const replyDoneAtMs = rec.events.find((e) => e.name === 'turn.complete')?.atMs;
    expect(replyDoneAtMs).toBeDefined();
    expect(fake.connections[1]!.openedAtMs).toBeGreaterThan(replyDoneAtMs!);
    expect(rec.lines('agent')).toEqual([LONG_REPLY_TEXT]);
  });

  it('moves at the hard deadline before the cap when no quiet moment comes', async () => {
    const clock = new FakeClock();
    const { session, rec, fake } = await open({ speedup: 1 }, {}, clock);
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await rec.waitFor('agent.transcript');
    clock.advance(60 * 60_000 - RENEW_LEAD_MS);
    clock.advance(RENEW_LEAD_MS - FORCE_LEAD_MS);
    await waitFor(() => fake.connections[0]!.closeCode !== null, 5000, 'the forced move');
    // The reply was cut by the move, not waited for; the session goes on.
    const lines = rec.lines('agent');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toBe(LONG_REPLY_TEXT);
    expect(LONG_REPLY_TEXT.startsWith(lines[0]!.trim())).toBe(true);
    expect(rec.count('error')).toBe(0);
    expect(rec.count('close')).toBe(0);
  });

  it('ignores a non-fatal error event about one of our requests', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    fake.sendError(
      'invalid_request_error',
      'response_cancel_not_active',
      'Cancellation failed: no active response found',
    );
    // A greeting asked for now comes back behind the error on the same socket: by its line, the
    // session has read the error, and goes on.
    session.greet(GREETING_TEXT);
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === GREETING_TEXT);
    expect(rec.count('error')).toBe(0);
  });

  it('fails with AI_SERVER_ERROR and a close reason on a fatal server error', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready');
    fake.sendError(
      'server_error',
      'server_error',
      'The server had an error while processing your request.',
      true,
    );
    expect((await rec.waitFor('error')).code).toBe('AI_SERVER_ERROR');
    const closed = await rec.waitFor('close');
    expect(closed.error?.code).toBe('AI_SERVER_ERROR');
    expect(closed.reason).toMatch(/server had an error/);
  });

  it('fails on a dropped socket (the API cannot resume)', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready');
    fake.dropConnections();
    expect((await rec.waitFor('error')).code).toBe('AI_SOCKET_CLOSED');
    expect((await rec.waitFor('close')).reason).toMatch(/socket/);
  });
});
