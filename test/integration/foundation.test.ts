// The foundation over real sockets: the simulator calls the app, gets a <Stream>, connects the media
// socket and streams audio; refusals, signatures and malformed input behave.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { issueCallToken } from '../../bridge/media/call-token';
import { MAX_MEDIA_PAYLOAD_BYTES } from '../../bridge/media/server';
import { signBody } from '../../bridge/sautikit/signature';
import { MediaRefused, MEDIA_SUBPROTOCOL, postWebhook, waitFor } from '../sim/carrier';
import { startTestApp, tone, type TestApp } from '../harness/app';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const aiSettings = { echoMode: true } as const;

describe('voice webhook', () => {
  it('answers a new call with an XML <Stream> to a signed media URL', async () => {
    app = await startTestApp({ ...aiSettings, publicUrl: 'https://sauti.example.org' });
    const call = await app.sim.placeCall({ from: '+254712345678' });
    expect(call.response.status).toBe(200);
    expect(call.response.contentType).toMatch(/^application\/xml/);
    const stream = call.streamElement!;
    expect(stream.attrs.url).toMatch(/^wss:\/\/sauti\.example\.org\/media\?t=[\w.-]+$/);
    expect(stream.attrs).toMatchObject({
      track: 'inbound_track',
      connect: 'true',
      outputSamplingRate: '16000',
      bidirectionalSamplingRate: '16000',
      statusCallback: 'https://sauti.example.org/stream-status',
      statusEvents: 'stream-started stream-stopped stream-error',
    });
    expect(app.core.registry.get(call.callSid)).toMatchObject({ from: '+254712345678', phase: 'ringing' });
  });

  it('accepts JSON bodies with snake_case names', async () => {
    app = await startTestApp(aiSettings);
    const res = await postWebhook(
      `${app.url}/voice`,
      { call_sid: 'abc-42', from: '+254700000001', to: '+254700000002' },
      { format: 'json' },
    );
    expect(res.status).toBe(200);
    expect(res.xml?.children[0]?.name).toBe('Stream');
    expect(app.core.registry.get('abc-42')?.from).toBe('+254700000001');
  });

  it('recognises a known call on a step-completion POST and never opens a second stream', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    await call.connectMedia();
    const again = await postWebhook(
      `${app.url}/voice`,
      { CallId: call.callSid, From: call.from, To: call.to },
      {},
    );
    expect(again.status).toBe(200);
    expect(again.xml?.children.some((c) => c.name === 'Stream')).toBe(false);
    expect(app.core.registry.size()).toBe(1);
  });

  it('answers a retried first webhook with the stream again, and a lifecycle event on /voice opens no call', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    const retried = await postWebhook(
      `${app.url}/voice`,
      { CallId: call.callSid, From: call.from, To: call.to },
      {},
    );
    expect(retried.xml?.children.map((c) => c.name)).toEqual(['Stream']);
    await call.connectMedia({ url: retried.xml!.children[0]!.attrs.url });
    const event = await postWebhook(
      `${app.url}/voice`,
      {
        kind: 'call.answered',
        event_id: 'ev-1',
        call_id: 'CA-not-ours',
        from: '+254700000009',
        to: '+254700000002',
      },
      { format: 'json' },
    );
    expect(event.status).toBe(200);
    expect(event.xml?.children).toEqual([]);
    expect(app.core.registry.get('CA-not-ours')).toBeUndefined();
    expect(app.core.registry.size()).toBe(1);
  });

  it('answers with the caller’s stream even when no AI is configured (the bridge finds a person on it)', async () => {
    app = await startTestApp({ aiProvider: 'gemini' });
    const call = await app.sim.placeCall();
    expect(call.response.status).toBe(200);
    const names = call.response.xml!.children.map((c) => c.name);
    expect(names).toEqual(['Stream']);
    expect(call.streamElement?.attrs.connect).toBe('true');
  });

  it('answers malformed voice bodies with valid XML, never an error page, and stays up', async () => {
    app = await startTestApp(aiSettings);
    const bad = await fetch(`${app.url}/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"CallId":',
    });
    expect(bad.status).toBe(200);
    expect(bad.headers.get('content-type')).toMatch(/^application\/xml/);
    const noSid = await postWebhook(`${app.url}/voice`, { From: '+254712345678' }, {});
    expect(noSid.status).toBe(200);
    expect(noSid.xml?.children[0]?.name).toBe('Stream');
    const huge = await fetch(`${app.url}/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x='.padEnd(200_000, 'a'),
    });
    expect(huge.status).toBe(200);
    expect(await huge.text()).toMatch(/<Hangup\s*\/>/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('records stream status callbacks on the call', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    const res = await postWebhook(
      `${app.url}/stream-status`,
      { CallId: call.callSid, StreamEvent: 'stream-started' },
      {},
    );
    expect(res.status).toBe(204);
    expect(app.core.registry.get(call.callSid)?.timeline.map((t) => t.summary)).toContain(
      'Stream status: stream-started',
    );
  });
});

describe('signed webhooks', () => {
  const secret = 'whsec_integration_secret';

  it('accepts valid signatures and refuses missing, bad and stale ones without recording', async () => {
    app = await startTestApp({ ...aiSettings, webhookSecret: secret });
    const payload = { CallId: 'CA-signed', From: '+254712345678', To: '+254709000000' };
    // /voice answers a refused signature with an apology and a hang-up (valid XML, no call, no token).
    const missing = await postWebhook(`${app.url}/voice`, payload, { signatureHeader: '' });
    const wrong = await postWebhook(`${app.url}/voice`, payload, { secret: 'not-the-secret' });
    const stale = await postWebhook(`${app.url}/voice`, payload, {
      secret,
      timestampS: Math.floor(Date.now() / 1000) - 3600,
    });
    for (const refused of [missing, wrong, stale]) {
      expect(refused.status).toBe(200);
      expect(refused.xml?.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
    }
    expect(app.core.registry.size()).toBe(0);
    const event = { kind: 'call.answered', event_id: 'ev-x', data: { call_id: 'CA-x' } };
    expect((await postWebhook(`${app.url}/events`, event, { format: 'json' })).status).toBe(401);
    expect(
      (await postWebhook(`${app.url}/events`, event, { format: 'json', secret: 'not-the-secret' })).status,
    ).toBe(403);
    const good = await postWebhook(`${app.url}/voice`, payload, { secret });
    expect(good.status).toBe(200);
    expect(app.core.registry.get('CA-signed')).toBeDefined();
    // A signature over another body does not carry over.
    const header = signBody(secret, 'CallId=other', Math.floor(Date.now() / 1000));
    const replayed = await postWebhook(
      `${app.url}/stream-status`,
      { CallId: 'CA-signed' },
      { signatureHeader: header },
    );
    expect(replayed.status).toBe(403);
  });
});

describe('media socket', () => {
  it('streams audio both ways and shows the lifecycle and levels in the registry', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    await call.connectMedia();
    await waitFor(() => app!.core.registry.get(call.callSid)?.phase === 'ai', 3000, 'streaming');
    const levels: { inboundDbfs: number; outboundDbfs: number }[] = [];
    app.core.registry.events.on('levels', (l) => {
      if (l.callId === call.callSid) levels.push(l);
    });
    await call.streamAudio(tone(600));
    const live = app.core.registry.get(call.callSid)!;
    expect(live.levels.inboundDbfs).toBeGreaterThan(-20);
    expect(live.streamConnected).toBe(true);
    // Echo mode plays the caller back: the simulator hears audible audio.
    await waitFor(() => call.playout.heard.some((h) => h.rms > 1000), 3000, 'echoed audio');
    // Our own audio toward the caller is metered too: the echoed tone (about -18 dBFS) while it plays,
    // and silence once we echo silence.
    expect(Math.max(...levels.map((l) => l.outboundDbfs))).toBeGreaterThan(-25);
    await call.streamSilence(600);
    await waitFor(
      () => (app!.core.registry.get(call.callSid)?.levels.outboundDbfs ?? 0) < -60,
      3000,
      'outbound level back to silence',
    );
    expect(levels.at(-1)!.inboundDbfs).toBeLessThan(-60);
    await call.hangUp();
    await waitFor(() => app!.core.registry.get(call.callSid) === undefined, 3000, 'call ended');
  });

  it('refuses a client without the audio.drachtio.org subprotocol', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    await expect(call.connectMedia({ protocols: ['something-else'] })).rejects.toMatchObject({ status: 400 });
    await expect(call.connectMedia({ protocols: [] })).rejects.toBeInstanceOf(MediaRefused);
  });

  it('refuses bad, expired and foreign tokens, unknown calls and a second stream', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    const url = new URL(call.streamElement!.attrs.url!);
    const withToken = (t: string) => `${url.origin}${url.pathname}?t=${encodeURIComponent(t)}`;
    await expect(call.connectMedia({ url: withToken('nope.nope') })).rejects.toMatchObject({ status: 403 });
    const secret = app.core.config.mediaTokenSecret;
    const expired = issueCallToken(secret, {
      callSid: call.callSid,
      purpose: 'media',
      expiresAtMs: Date.now() - 1,
    });
    await expect(call.connectMedia({ url: withToken(expired) })).rejects.toMatchObject({ status: 401 });
    const unknown = issueCallToken(secret, {
      callSid: 'CA-never-answered',
      purpose: 'media',
      expiresAtMs: Date.now() + 60_000,
    });
    await expect(call.connectMedia({ url: withToken(unknown) })).rejects.toMatchObject({ status: 404 });
    const handoffToken = issueCallToken(secret, {
      callSid: call.callSid,
      purpose: 'handoff',
      expiresAtMs: Date.now() + 60_000,
    });
    await expect(call.connectMedia({ url: withToken(handoffToken) })).rejects.toMatchObject({ status: 403 });
    await call.connectMedia();
    const second = new WebSocket(call.streamElement!.attrs.url!, [MEDIA_SUBPROTOCOL]);
    const status = await new Promise<number>((resolve) =>
      second.once('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0)),
    );
    expect(status).toBe(409);
  });

  it('survives odd-length frames and garbage text frames', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    await call.connectMedia();
    call.sendRaw(Buffer.alloc(641, 1));
    call.sendRaw(Buffer.alloc(639, 1));
    call.ws!.send('{"type":"mark","data":{"name":"x"}}');
    call.ws!.send('not json at all');
    await call.streamAudio(tone(100));
    expect(app.core.registry.get(call.callSid)?.streamConnected).toBe(true);
  });

  it('closes a stream that floods audio far above real time', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    await call.connectMedia();
    for (let i = 0; i < 10; i++) call.sendRaw(Buffer.alloc(32_000));
    expect((await call.waitForClose()).code).toBe(1008);
  });

  it('closes a stream whose frame is over the 64 KB limit (1009) and answers the next call', async () => {
    app = await startTestApp(aiSettings);
    const call = await app.sim.placeCall();
    await call.connectMedia();
    await call.streamAudio(tone(100));
    call.sendRaw(Buffer.alloc(MAX_MEDIA_PAYLOAD_BYTES + 2));
    expect((await call.waitForClose()).code).toBe(1009);
    await waitFor(() => app!.core.registry.get(call.callSid)?.streamConnected !== true, 3000, 'stream down');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    // The next caller is answered and heard as usual.
    const next = await app.sim.placeCall();
    expect(next.streamElement).toBeDefined();
    await next.connectMedia();
    await next.streamAudio(tone(300));
    await waitFor(() => next.playout.heard.some((h) => h.rms > 1000), 3000, 'next call echoed');
    expect(app.core.registry.get(next.callSid)?.streamConnected).toBe(true);
  });

  it('tears everything down when many calls open and close (no leaked sockets or timers)', async () => {
    // 40 calls in a few seconds: above the default new-call cap, which is not what this test is about.
    app = await startTestApp({ ...aiSettings, newCallsBurst: 100, newCallsPerS: 100 });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    // Every TCP socket of this process: both ends of each media socket (the simulator's and the app's)
    // and the webhook connections, which close when idle (HTTP keep-alive, 5 s).
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const socketsBefore = sockets();
    let mostSockets = 0;
    const round = async (hangUp: 'close' | 'terminate') => {
      const calls = await Promise.all(Array.from({ length: 10 }, () => app!.sim.placeCall()));
      await Promise.all(calls.map((c) => c.connectMedia()));
      await Promise.all(calls.map((c) => c.streamAudio(tone(100))));
      mostSockets = Math.max(mostSockets, sockets());
      await Promise.all(
        calls.map((c) => (hangUp === 'close' ? c.hangUp() : Promise.resolve(c.ws!.terminate()))),
      );
      await waitFor(() => app!.core.registry.size() === 0, 5000, 'all calls ended');
    };
    // A warm-up round first: the app's own long-lived timers (the store's retention pruning) start once.
    await round('close');
    await waitFor(() => app!.core.registry.size() === 0, 5000, 'warm-up calls ended');
    // …and their rows written: no store request (each with its timeout) is in flight when timers are counted.
    await app.core.store.flush();
    const timersBefore = timers();
    for (let i = 0; i < 3; i++) await round(i % 2 === 0 ? 'close' : 'terminate');
    // Short-lived timers (a store batch about to flush) may still be pending for a moment; a leak stays.
    await waitFor(() => timers() <= timersBefore, 3000, 'timers back to their count before the calls').catch(
      () => undefined,
    );
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    expect(app.core.registry.size()).toBe(0);
    // The count saw the media sockets (2 ends × 10 calls), and they are all gone again.
    expect(mostSockets).toBeGreaterThanOrEqual(socketsBefore + 20);
    await waitFor(
      () => sockets() <= socketsBefore,
      15_000,
      'TCP sockets back to their count before the calls',
    );
    expect(sockets()).toBeLessThanOrEqual(socketsBefore);
  });
});
