// The Gemini provider against the fake Gemini Live service over real sockets: the official SDK's
// setup as sent, audio both ways, transcripts, interruption, the handoff tool, resumption after goAway
// and after a dropped socket, a fresh session told the conversation when resuming is refused,
// refusals, garbage (a glitch skipped, a burst fatal), and a throwing listener failing only its session.
import { describe, expect, it } from 'vitest';
import { MALFORMED_BURST_COUNT } from '../../bridge/ai/malformed-burst';
import { GREETING_TEXT, LONG_REPLY_TEXT, SPEECH_TEXT } from '../fakes/fake-voice';
import { GEMINI_LIVE } from '../harness/ai-services';
import { providerSessions, speak } from '../harness/ai-session';
import { waitFor } from '../sim/carrier';

const { open, connectError } = providerSessions(GEMINI_LIVE);

/** One turn of the event loop: a promise left rejected before it has been reported as unhandled by now. */
const oneTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Gemini Live provider', () => {
  it('sends the setup the Live API expects and reports ready', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready', (r) => !r.resumed);
    const setup = fake.setups[0]!;
    expect(setup).toMatchObject({
      model: 'models/gemini-3.8-live',
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Aoede' } } },
      },
      inputAudioTranscription: {},
      outputAudioTranscription: {},
      realtimeInputConfig: {
        automaticActivityDetection: {
          disabled: false,
          startOfSpeechSensitivity: 'START_SENSITIVITY_LOW',
          endOfSpeechSensitivity: 'END_SENSITIVITY_HIGH',
          prefixPaddingMs: 200,
          silenceDurationMs: 500,
        },
        activityHandling: 'START_OF_ACTIVITY_INTERRUPTS',
      },
      sessionResumption: {},
      contextWindowCompression: { slidingWindow: {} },
    });
    const instruction = (setup.systemInstruction as { parts: { text: string }[] }).parts[0]!.text;
    expect(instruction).toContain('Acme Bank');
    const tools = setup.tools as {
      functionDeclarations: { name: string; parametersJsonSchema: { required: string[] } }[];
    }[];
    expect(tools[0]!.functionDeclarations[0]!.name).toBe('transfer_to_human');
    expect(tools[0]!.functionDeclarations[0]!.parametersJsonSchema.required).toEqual(['reason', 'summary']);
  });

  it('takes the voice, VAD settings and a custom system prompt from settings', async () => {
    const { rec, fake } = await open(
      {},
      {
        geminiVoice: 'Kore',
        geminiModel: 'gemini-live-custom',
        geminiVadStartSensitivity: 'high',
        geminiVadSilenceMs: 800,
        systemPrompt: 'You are Zawadi.',
      },
    );
    await rec.waitFor('ready');
    expect(fake.setups[0]).toMatchObject({
      model: 'models/gemini-live-custom',
      generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } } },
      realtimeInputConfig: {
        automaticActivityDetection: {
          startOfSpeechSensitivity: 'START_SENSITIVITY_HIGH',
          silenceDurationMs: 800,
        },
      },
      systemInstruction: { parts: [{ text: 'You are Zawadi.' }] },
    });
  });

  it('greets at once: the greeting is a completed client turn and comes back as 24 kHz speech with its transcript', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    const line = await rec.waitFor('agent.transcript', (t) => t.final);
    expect(line.text).toBe(GREETING_TEXT);
    await rec.waitFor('turn.complete');
    const greeting = fake.messages[0] as {
      clientContent: { turns: { role: string; parts: { text: string }[] }[]; turnComplete: boolean };
    };
    expect(greeting.clientContent.turnComplete).toBe(true);
    expect(greeting.clientContent.turns[0]!.role).toBe('user');
    expect(greeting.clientContent.turns[0]!.parts[0]!.text).toContain(GREETING_TEXT);
    // The whole greeting fixture (≈3.65 s at 24 kHz) arrived, in several chunks.
    expect(rec.audioMs(24_000)).toBeGreaterThan(3500);
    expect(rec.count('audio')).toBeGreaterThan(10);
    expect(rec.all('agent.transcript').filter((t) => !t.final).length).toBeGreaterThan(1);
    expect(rec.count('usage')).toBe(1);
  });

  it('hears the caller: their words come back as a final caller line, then a spoken reply', async () => {
    const callerText = SPEECH_TEXT['caller-hours.wav']!;
    const { session, rec, fake } = await open({
      turns: [{ caller: callerText, reply: 'We open at eight.' }],
    });
    await rec.waitFor('ready');
    speak(session, 'caller-hours.wav');
    const caller = await rec.waitFor('caller.transcript', (t) => t.final);
    expect(caller.text).toBe(callerText);
    const agent = await rec.waitFor('agent.transcript', (t) => t.final);
    expect(agent.text).toBe('We open at eight.');
    expect(fake.audioInMs).toBeGreaterThanOrEqual(3200);
    expect(rec.audioSamples).toBeGreaterThan(0);
    expect(rec.lines('caller')).toEqual([callerText]);
  });

  it('reports interrupted when the caller talks over a reply, and the reply stops', async () => {
    const { session, rec, fake } = await open({ speedup: 1.5 });
    await rec.waitFor('ready');
    session.greet(LONG_REPLY_TEXT);
    await waitFor(() => rec.audioMs(24_000) >= 900, 10_000, 'the reply under way');
    speak(session, 'caller-yes.wav', 0);
    await rec.waitFor('interrupted');
    // The service stops the reply, then says interrupted and turnComplete: every chunk it sent came
    // before them on the socket, and with no reply streaming it sends no more.
    const interruptedAt = rec.events.findIndex((e) => e.name === 'interrupted');
    await rec.waitFor('turn.complete', () => true, 10_000, interruptedAt);
    expect(fake.replying).toBe(false);
    expect(rec.events.slice(interruptedAt).filter((e) => e.name === 'audio')).toEqual([]);
    expect(rec.audioMs(24_000)).toBeLessThan(11_000);
    expect(rec.all('agent.transcript').some((t) => t.final)).toBe(false);
  });

  it('surfaces the handoff tool call and answers it so the model says the hand-off line', async () => {
    const { session, rec, fake } = await open({
      turns: [
        {
          caller: 'I want a person',
          handoff: { reason: 'asked for a person', summary: 'Caller wants to talk to a human about a card.' },
        },
      ],
    });
    await rec.waitFor('ready');
    speak(session, 'caller-human.wav');
    const handoff = await rec.waitFor('handoff');
    expect(handoff).toMatchObject({
      reason: 'asked for a person',
      summary: 'Caller wants to talk to a human about a card.',
    });
    expect(handoff.toolCallId).toMatch(/^call-/);
    session.answerHandoff(handoff.toolCallId, {
      accepted: true,
      message: 'Please hold while I connect you.',
    });
    const line = await rec.waitFor('agent.transcript', (t) => t.final);
    expect(line.text).toBe('Please hold while I connect you.');
    expect(fake.messages.some((m) => 'toolResponse' in m)).toBe(true);
  });

  it('injects a supervisor nudge as context without completing a turn', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.nudge('Offer the new savings plan.');
    await waitFor(() => fake.context.length > 0, 5000, 'the nudge at the fake');
    expect(fake.context[0]).toContain('Offer the new savings plan.');
    expect(fake.context[0]).toMatch(/Supervisor note, not said by the caller/);
    expect(fake.said).toEqual([]);
  });

  it('says a requested line in its own voice', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.say?.('Please hold while I connect you to a colleague.');
    const line = await rec.waitFor('agent.transcript', (t) => t.final);
    expect(line.text).toBe('Please hold while I connect you to a colleague.');
    expect(fake.said).toEqual(['Please hold while I connect you to a colleague.']);
  });

  it('resumes after goAway with the latest handle, and the conversation carries on', async () => {
    const { session, rec, fake } = await open({
      turns: [
        { caller: 'first question', reply: 'First answer.' },
        { caller: 'second question', reply: 'Second answer.' },
      ],
    });
    await rec.waitFor('ready');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'First answer.');
    await rec.waitFor('turn.complete');
    fake.goAway(3000);
    await rec.waitFor('ready', (r) => r.resumed);
    expect(fake.resumptions).toBe(1);
    const resumedSetup = fake.setups[1] as { sessionResumption: { handle?: string } };
    expect(resumedSetup.sessionResumption.handle).toMatch(/^handle-1-/);
    speak(session, 'caller-balance.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'Second answer.');
    expect(rec.count('error')).toBe(0);
    expect(rec.count('close')).toBe(0);
  });

  it('on goAway during a reply, lets the reply finish before moving to the new connection', async () => {
    const { session, rec, fake } = await open();
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    await rec.waitFor('audio');
    fake.goAway(20_000);
    await rec.waitFor('ready', (r) => r.resumed);
    const names = rec.events.map((e) => e.name);
    const finalAt = rec.events.findIndex(
      (e) => e.name === 'agent.transcript' && (e.payload as { final: boolean }).final,
    );
    expect(finalAt).toBeGreaterThan(-1);
    expect(finalAt).toBeLessThan(names.lastIndexOf('ready'));
    expect((rec.events[finalAt]!.payload as { text: string }).text).toBe(GREETING_TEXT);
    expect(rec.count('interrupted')).toBe(0);
  });

  it('resumes after a dropped socket, keeping caller audio sent meanwhile', async () => {
    const { session, rec, fake } = await open({
      turns: [{ caller: 'are you there', reply: 'Still here.' }],
      resumeDelayMs: 400,
    });
    await rec.waitFor('ready');
    fake.dropConnections();
    await waitFor(() => fake.resumptions === 1, 5000, 'the resumed session');
    // Caller audio during the reconnect is buffered and delivered after it.
    speak(session, 'caller-hours.wav');
    expect(fake.audioInMs).toBe(0);
    await rec.waitFor('ready', (r) => r.resumed);
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'Still here.');
    expect(fake.resumptions).toBe(1);
    expect(fake.audioInMs).toBeGreaterThanOrEqual(3200);
    expect(rec.count('error')).toBe(0);
  });

  it('starts a fresh session told the conversation so far when the service refuses to resume, and carries on', async () => {
    const question = SPEECH_TEXT['caller-hours.wav']!;
    const { session, rec, fake } = await open({
      turns: [{ caller: question, reply: 'We open at eight.' }],
      rejectResumption: true,
    });
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    await rec.waitFor('turn.complete');
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'We open at eight.');
    // As seen with gemini-3.8-live after a long session: the connection ends with 1011, then the
    // resumption handle is refused with 1007.
    fake.closeConnections(1011, 'Deadline expired before operation could complete.');
    await rec.waitFor('ready', (r) => r.resumed);
    expect(fake.sessionsStarted).toBe(2);
    expect(fake.resumptions).toBe(0);
    const resumeTry = fake.setups[1] as { sessionResumption: { handle?: string } };
    expect(resumeTry.sessionResumption.handle).toMatch(/^handle-1-/);
    const fresh = fake.setups[2] as {
      sessionResumption: { handle?: string };
      systemInstruction: { parts: { text: string }[] };
    };
    expect(fresh.sessionResumption).toEqual({});
    const instruction = fresh.systemInstruction.parts[0]!.text;
    expect(instruction).toContain('Acme Bank');
    expect(instruction).toMatch(/do not greet the caller again/);
    expect(instruction).toContain(`You (the agent): ${GREETING_TEXT}`);
    expect(instruction).toContain(`Caller: ${question}`);
    expect(instruction).toContain('You (the agent): We open at eight.');
    // The fresh session hears the caller and answers.
    const before = rec.events.length;
    speak(session, 'caller-hours.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'We open at eight.', 10_000, before);
    expect(rec.count('error')).toBe(0);
    expect(rec.count('close')).toBe(0);
  });

  it('fails with AI_RESUME_FAILED when resuming is refused and a fresh session is refused too', async () => {
    const { rec, fake } = await open({ rejectResumption: true, maxSessions: 1 });
    await rec.waitFor('ready');
    fake.dropConnections();
    const err = await rec.waitFor('error');
    expect(err.code).toBe('AI_RESUME_FAILED');
    expect(err.message).toMatch(
      /refused to resume the session \(.*handle is invalid.*\) and a fresh session failed/,
    );
    expect(err.message).toMatch(/quota/);
    const closed = await rec.waitFor('close');
    expect(closed.error?.code).toBe('AI_RESUME_FAILED');
  });

  it('moves to a fresh session told the conversation when goAway comes before any resumption handle', async () => {
    const { session, rec, fake } = await open({ withholdHandles: true });
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    await rec.waitFor('turn.complete');
    fake.goAway(2000);
    await rec.waitFor('ready', (r) => r.resumed);
    expect(fake.sessionsStarted).toBe(2);
    const fresh = fake.setups[1] as { systemInstruction: { parts: { text: string }[] } };
    expect(fresh.systemInstruction.parts[0]!.text).toContain(`You (the agent): ${GREETING_TEXT}`);
    expect(rec.count('error')).toBe(0);
  });

  it('moves to a fresh session when goAway is followed by a refused resume', async () => {
    const { rec, fake } = await open({ rejectResumption: true });
    await rec.waitFor('ready');
    fake.goAway(2000);
    await rec.waitFor('ready', (r) => r.resumed);
    expect(fake.sessionsStarted).toBe(2);
    expect(rec.count('error')).toBe(0);
  });

  it('refuses a bad API key the way the service does (close 1008): AI_AUTH_FAILED', async () => {
    const err = await connectError({ apiKey: 'the-real-key' });
    expect(err.code).toBe('AI_AUTH_FAILED');
    expect(err.message).toMatch(/API key not valid/);
  });

  it('maps an exhausted quota to AI_QUOTA', async () => {
    const err = await connectError({ setupFailure: 'quota' });
    expect(err.code).toBe('AI_QUOTA');
  });

  it('gives up on a setup that never completes: AI_CONNECT_TIMEOUT', async () => {
    const err = await connectError({ setupFailure: 'hang' }, { aiConnectTimeoutMs: 1000 });
    expect(err.code).toBe('AI_CONNECT_TIMEOUT');
  });

  it('skips a stray malformed frame and keeps working', async () => {
    const { session, rec, fake } = await open({ turns: [{ caller: 'hello', reply: 'Hello there.' }] });
    await rec.waitFor('ready');
    fake.sendRaw('this is {not json');
    fake.sendRaw(JSON.stringify({ serverContent: { modelTurn: { parts: 'oops' } } }));
    speak(session, 'caller-yes.wav');
    await rec.waitFor('agent.transcript', (t) => t.final && t.text === 'Hello there.');
    expect(rec.count('error')).toBe(0);
    expect(rec.count('close')).toBe(0);
  });

  it('fails with AI_MALFORMED on a burst of garbage, without crashing', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready');
    for (let i = 0; i < MALFORMED_BURST_COUNT; i++) {
      fake.sendRaw(i % 2 ? '<html>502 Bad Gateway</html>' : JSON.stringify({ toolCall: 'oops' }));
    }
    const err = await rec.waitFor('error');
    expect(err.code).toBe('AI_MALFORMED');
    expect(err.message).toMatch(/unreadable/);
    expect((await rec.waitFor('close')).error?.code).toBe('AI_MALFORMED');
    expect(rec.count('error')).toBe(1);
  });

  it('fails only this session, with AI_CALLBACK_FAILED, when a listener of ours throws', async () => {
    const faults: unknown[] = [];
    const onFault = (err: unknown) => faults.push(err);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    try {
      const { session, rec, fake } = await open();
      await rec.waitFor('ready');
      session.events.on('agent.transcript', () => {
        throw new TypeError('a bug in the call pipeline');
      });
      session.greet(GREETING_TEXT);
      const err = await rec.waitFor('error');
      expect(err.code).toBe('AI_CALLBACK_FAILED');
      expect(err.message).toBe('Gemini session: handling "agent.transcript" failed (TypeError)');
      expect((await rec.waitFor('close')).error?.code).toBe('AI_CALLBACK_FAILED');
      // The session let go of its socket; the process is untouched.
      await waitFor(() => fake.said.length > 0, 5000, 'the greeting at the fake');
      await waitFor(() => fake.openConnections === 0, 5000, 'the socket closed at the fake');
      await oneTurn();
      expect(faults).toEqual([]);
    } finally {
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
    }
  });

  it('reads server messages sent as binary frames', async () => {
    const { session, rec } = await open({ binaryFrames: true });
    await rec.waitFor('ready');
    session.greet(GREETING_TEXT);
    expect((await rec.waitFor('agent.transcript', (t) => t.final)).text).toBe(GREETING_TEXT);
  });

  it('fails when the service closes a live session with an error', async () => {
    const { rec, fake } = await open();
    await rec.waitFor('ready');
    fake.closeConnections(
      1011,
      'You exceeded your current quota, please check your plan and billing details.',
    );
    const err = await rec.waitFor('error');
    expect(err.code).toBe('AI_QUOTA');
    expect((await rec.waitFor('close')).error?.code).toBe('AI_QUOTA');
  });
});
