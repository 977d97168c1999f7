// Setting a number's routing whichever way this account's Sautikit takes it, over real sockets: the core's
// console commands against the simulator's numbers API with each routing form switched on or off. The app
// reads the current routing from the numbers list, falls back across forms, remembers the one that worked
// (across restarts) and restores with it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../bridge/api/contract';
import { waitFor } from '../sim/carrier';
import { NumbersSim, startNumbersSim } from '../sim/numbers';
import { startTestApp, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';

const KEY = 'tsk_live_forms';
let app: TestApp | undefined;
let api: { url: string; close(): Promise<void> } | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await app?.stop();
  await api?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  app = undefined;
  api = undefined;
  dataDir = undefined;
});

const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function startApp(sim: NumbersSim) {
  api ??= await startNumbersSim(sim);
  dataDir ??= mkdtempSync(path.join(os.tmpdir(), 'sauti-forms-'));
  app = await startTestApp({ sautikitApiBase: api.url, sautikitApiKey: KEY, dataDir });
  const host = new TestConsole(app);
  ok(await host.result('tunnel.set', { provider: 'own-url', ownUrl: app.url }));
  return host;
}

/** The routing writes tried since `from` (for one number when given), as "METHOD path-shape → status". */
function tried(sim: NumbersSim, from = 0, numberId?: string): string[] {
  return sim.requests.slice(from).flatMap((r) => {
    if (r.method === 'GET' || (numberId && !r.path.includes(numberId))) return [];
    const shape = r.path.replace(/\/v1\/numbers\/[^/]+/, '/v1/numbers/{id}');
    return [`${r.method} ${shape} → ${r.status}`];
  });
}

describe('number routing forms', () => {
  it('with only the documented forms: PUT is refused, PATCH …/routing works, and is used first from then on', async () => {
    const sim = new NumbersSim({ apiKey: KEY });
    const host = await startApp(sim);
    const a = sim.addNumber('+254709000010', {
      voiceUrl: 'https://before.example/voice',
      eventsUrl: 'https://before.example/events',
    });
    const b = sim.addNumber('+254709000011');

    expect(ok(await host.result('number.answerHere', { id: a.id, confirm: true })).status).toBe('answering');
    expect(tried(sim)).toEqual([
      'PUT /v1/numbers/{id}/routing → 405',
      'PATCH /v1/numbers/{id}/routing → 200',
    ]);
    expect(sim.writes[0]!.body).toEqual({
      voice_callback_url: `${app!.url}/voice`,
      events_url: `${app!.url}/events`,
      voice_signing_secret: a.routing.signingSecret,
    });
    // The current routing came from the numbers list: nothing asked GET …/routing.
    expect(sim.requests.some((r) => r.method === 'GET' && r.path.endsWith('/routing'))).toBe(false);

    let mark = sim.requests.length;
    ok(await host.result('number.answerHere', { id: b.id }));
    expect(tried(sim, mark)).toEqual(['PATCH /v1/numbers/{id}/routing → 200']);

    mark = sim.requests.length;
    const restored = ok(await host.result('number.stopAnswering', { id: a.id }));
    expect(tried(sim, mark)).toEqual(['PATCH /v1/numbers/{id}/routing → 200']);
    expect(restored).toMatchObject({ voiceUrl: 'https://before.example/voice', answeredHere: false });
    expect(a.routing).toMatchObject({
      voiceUrl: 'https://before.example/voice',
      eventsUrl: 'https://before.example/events',
    });
  });

  it('falls through to PATCH /v1/numbers/{id} with routing_url, and restores the same way', async () => {
    const sim = new NumbersSim({ apiKey: KEY, routingForms: ['patch-number-routing-url'] });
    const host = await startApp(sim);
    const n = sim.addNumber('+254709000012');
    ok(await host.result('number.answerHere', { id: n.id }));
    expect(tried(sim)).toEqual([
      'PUT /v1/numbers/{id}/routing → 405',
      'PATCH /v1/numbers/{id}/routing → 405',
      'PATCH /v1/numbers/{id}/routing → 405',
      'PATCH /v1/numbers/{id} → 200',
    ]);
    expect(n.routing.voiceUrl).toBe(`${app!.url}/voice`);
    expect(sim.writes.at(-1)!.body).toHaveProperty('routing_url');

    const mark = sim.requests.length;
    ok(await host.result('number.stopAnswering', { id: n.id }));
    expect(tried(sim, mark)).toEqual(['PATCH /v1/numbers/{id} → 200']);
    expect(n.routing.voiceUrl).toBeUndefined();
  });

  it('an "unknown field" refusal means the spelling does not exist here: the next spelling is tried', async () => {
    const sim = new NumbersSim({ apiKey: KEY, routingForms: ['patch-routing-voice-url'] });
    const host = await startApp(sim);
    const n = sim.addNumber('+254709000013');
    ok(await host.result('number.answerHere', { id: n.id }));
    expect(tried(sim)).toEqual([
      'PUT /v1/numbers/{id}/routing → 405',
      'PATCH /v1/numbers/{id}/routing → 400',
      'PATCH /v1/numbers/{id}/routing → 200',
    ]);
    expect(sim.writes.at(-1)!.body).toHaveProperty('voice_url');
  });

  it('with the live PUT form, the first try works; the form is remembered across a restart', async () => {
    const sim = new NumbersSim({ apiKey: KEY, routingForms: ['put-routing'] });
    let host = await startApp(sim);
    const a = sim.addNumber('+254709000014');
    ok(await host.result('number.answerHere', { id: a.id }));
    expect(tried(sim)).toEqual(['PUT /v1/numbers/{id}/routing → 200']);
    await app!.stop();

    // Same data folder, same account: a number not answered before is set with PUT at once (the first
    // number follows the new public URL with PUT too).
    const b = sim.addNumber('+254709000015');
    sim.requests.length = 0;
    host = await startApp(sim);
    ok(await host.result('number.answerHere', { id: b.id }));
    expect(tried(sim, 0, b.id)).toEqual(['PUT /v1/numbers/{id}/routing → 200']);
    await waitFor(() => tried(sim, 0, a.id).length > 0, 5000, 'the first number to follow the new URL');
    expect(tried(sim, 0, a.id)).toEqual(['PUT /v1/numbers/{id}/routing → 200']);
  });

  it('tries the remembered form first, then the others in order when the account no longer takes it', async () => {
    const sim = new NumbersSim({ apiKey: KEY, routingForms: ['patch-routing-voice-url'] });
    const host = await startApp(sim);
    ok(await host.result('number.answerHere', { id: sim.addNumber('+254709000016').id }));
    sim.routingForms = ['put-routing'];
    const mark = sim.requests.length;
    ok(await host.result('number.answerHere', { id: sim.addNumber('+254709000017').id }));
    expect(tried(sim, mark)).toEqual([
      'PATCH /v1/numbers/{id}/routing → 405',
      'PUT /v1/numbers/{id}/routing → 200',
    ]);
  });

  it('no form taken: a clear error, nothing half-changed, no secret kept', async () => {
    const sim = new NumbersSim({ apiKey: KEY, routingForms: [] });
    const host = await startApp(sim);
    const n = sim.addNumber('+254709000018', { voiceUrl: 'https://before.example/voice' });
    const res = await host.result('number.answerHere', { id: n.id, confirm: true });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('NUMBERS_ROUTING_UNSUPPORTED');
      expect(res.error.message).toMatch(/nothing was changed/);
    }
    expect(tried(sim)).toHaveLength(4);
    expect(n.routing.voiceUrl).toBe('https://before.example/voice');
    expect(app!.core.reachability.signingKeys()).toEqual([]);
  });
});
