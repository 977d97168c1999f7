// The number pointed at the app, over real sockets: the core's console commands against the numbers
// endpoints of the Sautikit simulator, and the simulator ringing the number like Sautikit would.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../bridge/api/contract';
import { postWebhook, waitFor } from '../sim/carrier';
import { NumbersSim, startNumbersSim, type SimRoutingForm } from '../sim/numbers';
import { startTestApp, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';

const KEY = 'tsk_live_test';
let app: TestApp | undefined;
let api: { url: string; close(): Promise<void> } | undefined;

afterEach(async () => {
  await app?.stop();
  await api?.close();
  app = undefined;
  api = undefined;
});

async function setup(opts: { routingForms?: SimRoutingForm[]; apiKey?: string } = {}) {
  const sim = new NumbersSim({ apiKey: KEY, routingForms: opts.routingForms });
  api = await startNumbersSim(sim);
  app = await startTestApp({ sautikitApiBase: api.url, sautikitApiKey: opts.apiKey ?? KEY });
  const host = new TestConsole(app);
  const call = host.result.bind(host);
  const set = await call('tunnel.set', { provider: 'own-url', ownUrl: app.url });
  expect(set.ok).toBe(true);
  return { sim, call };
}

const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('the number pointed at the app', () => {
  it('lists the numbers and where each routes now', async () => {
    const { sim, call } = await setup();
    sim.addNumber('+254709000001', { voiceUrl: 'https://other-laptop.example/voice' });
    sim.addNumber('+254709000002');
    const list = ok(await call('numbers.list', {}));
    expect(list.map((n) => [n.number, n.voiceUrl ?? null, n.routesHere])).toEqual([
      ['+254709000001', 'https://other-laptop.example/voice', false],
      ['+254709000002', null, false],
    ]);
  });

  it('answers a number here with a generated secret, enforced once Sautikit has signed a webhook with it', async () => {
    const { sim, call } = await setup();
    const n = sim.addNumber('+254709000002');
    const res = ok(await call('number.answerHere', { id: n.id }));
    expect(res.status).toBe('answering');
    expect(n.routing).toMatchObject({ voiceUrl: `${app!.url}/voice`, eventsUrl: `${app!.url}/events` });
    expect(n.routing.signingSecret).toMatch(/^whsec_[\w-]{40,}$/);
    expect(sim.writes[0]!.body).toHaveProperty('voice_callback_url');
    expect(statSync(path.join(app!.dataDir, 'secrets.json')).mode & 0o077).toBe(0);
    expect(statSync(path.join(app!.dataDir, 'number-routing.json')).mode & 0o077).toBe(0);

    // Not yet seen signing anything: an unsigned webhook is still answered (and logged).
    expect(ok(await call('status.get', {})).webhookUnsigned).toBe(true);
    const early = await postWebhook(
      `${app!.url}/voice`,
      { CallId: 'CAearly', From: '+254700000009', To: n.number },
      {},
    );
    expect(early.status).toBe(200);
    expect(app!.core.registry.get('CAearly')).toBeDefined();

    const rung = await sim.ring('+254709000002');
    expect(rung.status).toBe(200);
    expect(app!.core.registry.get(rung.callSid)).toBeDefined();
    expect(ok(await call('status.get', {})).webhookUnsigned).toBe(false);

    // Now enforced. /voice still answers valid XML, but a forged call gets an apology, no call and no
    // media token; other webhooks are refused outright.
    for (const secret of [undefined, 'whsec_not_it']) {
      const forged = await postWebhook(
        `${app!.url}/voice`,
        { CallId: 'CAforged', From: '+254700000009', To: n.number },
        { secret },
      );
      expect(forged.status).toBe(200);
      expect(forged.xml?.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
      expect(forged.body).not.toMatch(/media\?t=/);
    }
    expect(app!.core.registry.get('CAforged')).toBeUndefined();
    const unsignedEvent = await postWebhook(
      `${app!.url}/events`,
      { kind: 'call.answered' },
      { format: 'json' },
    );
    expect(unsignedEvent.status).toBe(401);

    const listed = ok(await call('numbers.list', {}));
    expect(listed[0]).toMatchObject({ routesHere: true, answeredHere: true });
  });

  it('asks before taking a number that routes elsewhere, and "Stop answering here" restores it', async () => {
    const { sim, call } = await setup();
    const n = sim.addNumber('+254709000001', {
      voiceUrl: 'https://other-laptop.example/voice',
      eventsUrl: 'https://other-laptop.example/events',
    });
    const first = ok(await call('number.answerHere', { id: n.id }));
    expect(first).toMatchObject({ status: 'confirm', currentVoiceUrl: 'https://other-laptop.example/voice' });
    expect(sim.writes).toHaveLength(0);
    expect(ok(await call('number.answerHere', { id: n.id, confirm: true })).status).toBe('answering');
    expect(n.routing.voiceUrl).toBe(`${app!.url}/voice`);

    const restored = ok(await call('number.stopAnswering', { id: n.id }));
    expect(restored).toMatchObject({ voiceUrl: 'https://other-laptop.example/voice', answeredHere: false });
    expect(n.routing).toMatchObject({
      voiceUrl: 'https://other-laptop.example/voice',
      eventsUrl: 'https://other-laptop.example/events',
    });
    expect(app!.core.reachability.signingKeys()).toEqual([]);
  });

  it('re-points the number when the public URL changes', async () => {
    const { sim, call } = await setup();
    const n = sim.addNumber('+254709000003');
    ok(await call('number.answerHere', { id: n.id }));
    const secret = n.routing.signingSecret;
    ok(await call('tunnel.set', { provider: 'own-url', ownUrl: 'https://new-name.trycloudflare.com' }));
    await waitFor(
      () => n.routing.voiceUrl === 'https://new-name.trycloudflare.com/voice',
      5000,
      'routing to follow the URL',
    );
    expect(n.routing.eventsUrl).toBe('https://new-name.trycloudflare.com/events');
    expect(n.routing.signingSecret).toBe(secret);
    expect(ok(await call('status.get', {})).publicUrl).toBe('https://new-name.trycloudflare.com');
  });

  it('API down: a clear error and nothing half-changed', async () => {
    const { sim, call } = await setup();
    const n = sim.addNumber('+254709000004', { voiceUrl: 'https://before.example/voice' });
    sim.down = 'refuse';
    const res = await call('number.answerHere', { id: n.id, confirm: true });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('NUMBERS_API_DOWN');
      expect(res.error.message).toMatch(/nothing was changed/);
    }
    sim.down = null;
    expect(n.routing.voiceUrl).toBe('https://before.example/voice');
    expect(app!.core.reachability.signingKeys()).toEqual([]);
    expect(ok(await call('numbers.list', {}))[0]).toMatchObject({ answeredHere: false });
    const unsigned = await postWebhook(
      `${app!.url}/voice`,
      { CallId: 'CAstill', From: '+254700000009', To: n.number },
      {},
    );
    expect(unsigned.status).toBe(200);
  });

  it('a refused PATCH (Sautikit 5xx) leaves no secret enforced either', async () => {
    const { sim, call } = await setup();
    const n = sim.addNumber('+254709000005');
    sim.down = '503';
    expect((await call('number.answerHere', { id: n.id })).ok).toBe(false);
    expect(app!.core.reachability.signingKeys()).toEqual([]);
  });

  it('names a bad API key (api_key.invalid) in plain words', async () => {
    const { call } = await setup({ apiKey: 'tsk_live_wrong' });
    const res = await call('numbers.list', {});
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('NUMBERS_BAD_KEY');
      expect(res.error.message).toMatch(/api_key\.invalid/);
    }
  });

  it('uses the other documented spelling of the voice URL when Sautikit only takes that one', async () => {
    const { sim, call } = await setup({ routingForms: ['patch-routing-voice-url'] });
    const n = sim.addNumber('+254709000006');
    ok(await call('number.answerHere', { id: n.id }));
    expect(n.routing.voiceUrl).toBe(`${app!.url}/voice`);
    expect(sim.writes.at(-1)!.body).toHaveProperty('voice_url');
  });

  it('a teammate console may look but not re-point the number', async () => {
    const { sim } = await setup();
    const n = sim.addNumber('+254709000007');
    const teammate = new TestConsole(app!, 'agent-1');
    const res = await teammate.result('number.answerHere', { id: n.id });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('TEAM_HOST_ONLY');
  });
});
