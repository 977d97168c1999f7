// Every voice webhook shape Sautikit documents or was seen sending, through the real core on port 0 with
// the simulator: doc-style, snake_case and PBX-style fields, form and JSON, signed with the guide's
// `t=…,v1=…` or the event pages' bare hex. A call's two ids stay one call; a body /voice cannot read still
// gets valid XML (and the caller the AI); the other webhooks refuse a malformed body with a 400, never a
// 500; media metadata naming the call by another id keeps the stream.
import { afterEach, describe, expect, it } from 'vitest';
import { signBodyBare } from '../../bridge/sautikit/signature';
import { captureLog } from '../harness/capture-log';
import { startTestApp, tone, type TestApp } from '../harness/app';
import { postWebhook, SimCall, waitFor } from '../sim/carrier';
import type { BodyFormat, FieldStyle, SignatureScheme } from '../sim/webhook-shape';
import { parseXml } from '../sim/xml';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const SECRET = 'whsec_shapes_secret';

async function echoes(a: TestApp, call: Awaited<ReturnType<TestApp['sim']['placeCall']>>) {
  await call.connectMedia();
  await waitFor(() => a.core.registry.get(call.callSid)?.phase === 'ai', 5000, 'streaming');
  await call.streamAudio(tone(200));
  await waitFor(() => call.playout.heard.some((h) => h.rms > 1000), 5000, 'the caller heard back');
}

describe('voice webhook shapes', () => {
  const signed: [FieldStyle, BodyFormat, SignatureScheme][] = [
    ['pbx', 'form', 't-v1'],
    ['pbx', 'form', 'bare-hex'],
    ['pbx', 'json', 't-v1'],
    ['pbx', 'json', 'bare-hex'],
    ['doc', 'json', 'bare-hex'],
    ['snake', 'form', 't-v1'],
    ['snake', 'json', 'bare-hex'],
  ];
  it.each(signed)(
    '%s-style %s signed %s gets <Stream connect="true"> and a live stream',
    async (fields, format, signature) => {
      app = await startTestApp({ echoMode: true, webhookSecret: SECRET });
      const call = await app.sim.placeCall({ shape: { fields, format, signature }, from: '+254711222333' });
      expect(call.response.status).toBe(200);
      expect(call.streamElement?.attrs).toMatchObject({ connect: 'true' });
      expect(call.callSid).toBe(fields === 'pbx' ? call.ids.sessionId : call.ids.callId);
      expect(app.core.registry.get(call.callSid)).toMatchObject({
        from: '+254711222333',
        to: '+254709000000',
      });
      await echoes(app, call);
    },
  );

  it('keeps the raw PBX body on the call', async () => {
    app = await startTestApp({ echoMode: true });
    const call = await app.sim.placeCall({ shape: { fields: 'pbx', format: 'json' } });
    expect(app.core.registry.get(call.callSid)?.raw).toMatchObject({
      sessionId: call.ids.sessionId,
      isActive: true,
      callSessionState: 'ringing',
    });
  });

  it('a call named by both its ids is one call: either id finds it, a later POST naming the other opens no second stream', async () => {
    app = await startTestApp({ echoMode: true });
    const first = await postWebhook(
      `${app.url}/voice`,
      { call_id: 'uuid-two-ids', sessionId: 'HD_two_ids', callerNumber: '+254700000001' },
      { format: 'json' },
    );
    expect(first.xml?.children.map((c) => c.name)).toEqual(['Stream']);
    const live = app.core.registry.get('uuid-two-ids');
    expect(live).toBeDefined();
    expect(app.core.registry.get('HD_two_ids')).toBe(live);
    // The PBX completes a step naming only its session id: recognised, no second stream, no second call.
    const step = await postWebhook(
      `${app.url}/voice`,
      { sessionId: 'HD_two_ids', callSessionState: 'in-progress', isActive: 'true' },
      {},
    );
    expect(step.status).toBe(200);
    expect(app.core.registry.size()).toBe(1);
    // Not streaming yet: it is the retried first webhook, answered with the stream again under the first id.
    expect(step.xml?.children.map((c) => c.name)).toEqual(['Stream']);
    expect(step.xml!.children[0]!.attrs.name).toBe('sauti-uuid-two-ids');
  });

  it('the PBX posts step completions in its own shape; the known call is recognised', async () => {
    app = await startTestApp({ echoMode: true });
    const call = await app.sim.placeCall({ shape: { fields: 'pbx' } });
    await call.connectMedia();
    const again = await postWebhook(
      `${app.url}/voice?clientRequestId=req-1`,
      {
        sessionId: call.ids.sessionId,
        callerNumber: call.from,
        destinationNumber: call.to,
        callSessionState: 'in-progress',
        isActive: true,
      },
      { format: 'json' },
    );
    expect(again.xml?.children.some((c) => c.name === 'Stream')).toBe(false);
    expect(app.core.registry.size()).toBe(1);
  });
});

describe('a voice body the app cannot read', () => {
  const post = (a: TestApp, body: string, contentType: string) =>
    fetch(`${a.url}/voice`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('gets valid XML every time, and a warning naming the fields (never their values)', async () => {
    const captured = captureLog();
    app = await startTestApp({ echoMode: true }, { log: captured.log });
    const bodies: [string, string][] = [
      ['{"CallId":', 'application/json'],
      ['[1,2]', 'application/json'],
      ['{"CallId":{"toString":1},"From":"+254700111222"}', 'application/json'],
      ['From=%2B254700111222&CallId=bad%20id%20%3Cscript%3E', 'application/x-www-form-urlencoded'],
      ['', 'application/x-www-form-urlencoded'],
      ['callerNumber=%2B254700111222', 'text/plain'],
      ['\u0000\u00ff binary', 'application/octet-stream'],
      ['x='.padEnd(100_000, 'a'), 'application/x-www-form-urlencoded'],
    ];
    for (const [body, type] of bodies) {
      const res = await post(app, body, type);
      const text = await res.text();
      expect({ body: body.slice(0, 40), status: res.status }).toEqual({
        body: body.slice(0, 40),
        status: 200,
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(parseXml(text).name).toBe('Response');
    }
    const warnings = captured.lines.filter((l) => l.code === 'WEBHOOK_UNREADABLE_CALL');
    expect(warnings.length).toBeGreaterThanOrEqual(6);
    const named = warnings.filter((w) => (w.rejectedIdFields as string[]).length > 0);
    expect(named.map((w) => [w.fields, w.rejectedIdFields])).toEqual([
      [['CallId', 'From'], ['CallId']],
      [['From', 'CallId'], ['CallId']],
    ]);
    expect(captured.text()).not.toContain('+254700111222');
    expect(captured.text()).not.toContain('<script>');
  });

  it('serves the caller anyway: an id made here, the AI stream, and the token names the call', async () => {
    app = await startTestApp({ echoMode: true });
    const res = await postWebhook(`${app.url}/voice`, { callerNumber: '+254700333444' }, { format: 'json' });
    const stream = res.xml!.children[0]!;
    expect(stream.name).toBe('Stream');
    const anon = app.core.registry.list()[0]!;
    expect(anon.callSid).toMatch(/^anon-[0-9a-f-]{36}$/);
    expect(anon.from).toBe('+254700333444');
    // The carrier's real id arrives in the metadata: kept as an alias, the stream goes on.
    const media = new SimCall(app.sim, anon.callSid, anon.from, anon.to, res);
    await media.connectMedia({ metadata: { callSid: 'CA-real-id', sampleRate: 16000 } });
    await waitFor(() => app!.core.registry.get('CA-real-id')?.phase === 'ai', 5000, 'streaming');
    await media.streamAudio(tone(200));
    await waitFor(() => media.playout.heard.some((h) => h.rms > 1000), 5000, 'echo');
    expect(media.closedWith).toBeNull();
    await media.hangUp();
  });
});

describe('the other webhooks validate their bodies', () => {
  it('answer a malformed body with a 400, never a 500, and go on serving', async () => {
    app = await startTestApp({ echoMode: true });
    const attacks: [string, string][] = [
      ['/stream-status', '{"CallId":{"toString":1}}'],
      ['/stream-status', '{"StreamEvent":{"toString":1},"CallId":"CA1"}'],
      ['/stream-status', '{"sessionId":["HD_1"]}'],
      ['/events', '{"kind":"call.completed","data":{"call_id":{"toString":1}}}'],
      ['/events', '{"event_id":{"valueOf":1}}'],
      ['/events', '{"kind":"x","payload":"not an object"}'],
      ['/voicemail', '{"RecordingUrl":{"toString":1}}'],
      ['/agent-leg', '{"CallId":{"toString":1}}'],
    ];
    for (const [path, body] of attacks) {
      const res = await fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expect(await res.text()).not.toContain('toString');
    }
    const call = await app.sim.placeCall();
    expect(call.streamElement).toBeDefined();
  });

  it('records a PBX-style stream edge (sessionId, streamSid, streamEvent) on its call', async () => {
    app = await startTestApp({ echoMode: true });
    const call = await app.sim.placeCall({ shape: { fields: 'pbx' } });
    const res = await postWebhook(
      `${app.url}/stream-status`,
      { sessionId: call.ids.sessionId, streamSid: 'MZ123', streamEvent: 'stream-started' },
      { format: 'json' },
    );
    expect(res.status).toBe(204);
    expect(app.core.registry.get(call.callSid)?.timeline.map((t) => t.summary)).toContain(
      'Stream status: stream-started',
    );
  });
});

describe('media metadata naming the call by another id', () => {
  it('keeps the stream and the id as an alias of the call', async () => {
    const captured = captureLog();
    app = await startTestApp({ echoMode: true }, { log: captured.log });
    const call = await app.sim.placeCall({ shape: { fields: 'pbx' } });
    await call.connectMedia({ metadata: { callSid: call.ids.callId, streamSid: 'MZ77', sampleRate: 16000 } });
    await call.streamAudio(tone(200));
    await waitFor(() => call.playout.heard.some((h) => h.rms > 1000), 5000, 'echo');
    expect(call.closedWith).toBeNull();
    const live = app.core.registry.get(call.callSid)!;
    expect(app.core.registry.get(call.ids.callId)).toBe(live);
    // A stream status naming only the stream's id finds the call too.
    const edge = await postWebhook(
      `${app.url}/stream-status`,
      { streamSid: 'MZ77', streamEvent: 'stream-stopped' },
      {},
    );
    expect(edge.status).toBe(204);
    expect(live.timeline.map((t) => t.summary)).toContain('Stream status: stream-stopped');
    expect(captured.lines.some((l) => l.code === 'MEDIA_CALL_ALIAS')).toBe(true);
  });

  it('never lets the metadata take over another live call', async () => {
    app = await startTestApp({ echoMode: true });
    const first = await app.sim.placeCall();
    const second = await app.sim.placeCall();
    await second.connectMedia({ metadata: { callSid: first.callSid } });
    await second.streamAudio(tone(100));
    expect(second.closedWith).toBeNull();
    expect(app.core.registry.get(first.callSid)?.callSid).toBe(first.callSid);
  });
});

describe('event deliveries', () => {
  it('verify the bare hex scheme with their headers, and a repeated delivery is handled once', async () => {
    const captured = captureLog();
    app = await startTestApp({ echoMode: true, webhookSecret: SECRET }, { log: captured.log });
    const envelope = {
      kind: 'call.answered',
      event_id: 'ev-1',
      workspace_id: 'ws',
      occurred_at: new Date().toISOString(),
      data: { call_id: 'CA-elsewhere' },
    };
    const send = (eventId: string, key: string) =>
      fetch(`${app!.url}/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sautikit-signature': signBodyBare(SECRET, JSON.stringify({ ...envelope, event_id: eventId })),
          'x-sautikit-event': 'call.answered',
          'x-sautikit-idempotency-key': key,
        },
        body: JSON.stringify({ ...envelope, event_id: eventId }),
      });
    // The same delivery again (same idempotency key, even under a new event id) is handled once.
    expect((await send('ev-1', 'delivery-1')).status).toBe(204);
    expect((await send('ev-1b', 'delivery-1')).status).toBe(204);
    expect((await send('ev-2', 'delivery-2')).status).toBe(204);
    const handled = captured.lines.filter((l) => l.msg === 'carrier event').map((l) => l.eventId);
    expect(handled).toEqual(['ev-1', 'ev-2']);
  });
});
