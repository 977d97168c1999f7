// The OpenAI provider against the fake OpenAI Realtime service over real TLS sockets (the official
// client dials wss: only; the test process trusts the fake's certificate via NODE_EXTRA_CA_CERTS set in
// vitest.config.ts): session.update as sent, audio both ways, transcripts, barge-in and truncation,
// the handoff tool, errors mapped to codes, garbage and dropped sockets.
import { describe, expect, it } from 'vitest';
import { FAKE_OPENAI_KEY } from '../fakes/fake-openai-realtime';
import { GREETING_TEXT, LONG_REPLY_TEXT, SPEECH_TEXT } from '../fakes/fake-voice';
import { OPENAI_REALTIME } from '../harness/ai-services';
import { providerSessions, speak } from '../harness/ai-session';
import { waitFor } from '../sim/carrier';

const { open, connectError } = providerSessions(OPENAI_REALTIME);

describe('OpenAI Realtime provider', () => {
  it('connects over wss with the key and sends the GA session.update', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready', (r) => !r.resumed);
    expect(fake.handshakes[0]).toEqual({
      authorization: `Bearer ${FAKE_OPENAI_KEY}`,
      url: '/v1/realtime?model=gpt-realtime',
    });
    const update = fake.sessionUpdates[0]!;
    expect(update).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
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
    expect(rec.all('usage')[0]).toEqual({ inputTokens: 200, outputTokens: 60, totalTokens: 260 });
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
    const { session, rec } = await open({
      turns: [{ caller: 'What are your hours?', reply: 'Eight to five.' }],
      transcriptionLagMs: 600,
    });
    await rec.waitFor('ready');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final);
    await new Promise((r) => setTimeout(r, 800));
    expect(rec.lines('caller')).toEqual(['What are your hours?']);
  });

  it('on barge-in reports the interruption and truncates the reply to what was heard', async () => {
    const { session, rec, fake } = await open({ speedup: 1 });
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await rec.waitFor('audio');
    await new Promise((r) => setTimeout(r, 800));
    speak(session, 'caller-yes.wav', 0);
    await rec.waitFor('speech.started');
    await rec.waitFor('interrupted');
    session.truncateHeard(640);
    await waitFor(() => fake.truncations.length > 0, 5000, 'the truncation');
    expect(fake.truncations[0]).toMatchObject({ content_index: 0, audio_end_ms: 640 });
    expect(fake.truncations[0]!.item_id).toMatch(/^item_/);
    const at = rec.audioSamples;
    await new Promise((r) => setTimeout(r, 300));
    expect(rec.audioSamples).toBe(at);
  });

  it('drops audio of the talked-over reply that was still in flight', async () => {
    const { session, rec } = await open({ speedup: 1, inFlightDeltas: 3 });
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await rec.waitFor('audio');
    await new Promise((r) => setTimeout(r, 500));
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

  it('reports garbage as AI_MALFORMED and keeps working', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    fake.sendRaw('{"type": "response.output_audio.delta", broken');
    fake.sendRaw(
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 'x', delta: 'not base64 !!' }),
    );
    expect((await rec.waitFor('error')).code).toBe('AI_MALFORMED');
    session.greet(GREETING_TEXT);
    await rec.waitFor('agent.transcript', (t) => t.final);
    expect(rec.count('error')).toBe(1);
    expect(rec.count('close')).toBe(0);
  });

  it('ignores a non-fatal error event about one of our requests', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready');
    fake.sendError(
      'invalid_request_error',
      'response_cancel_not_active',
      'Cancellation failed: no active response found',
    );
    await new Promise((r) => setTimeout(r, 200));
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
