// The public port tried as an attacker would, through the real core: a flood of new calls is capped (the
// callers over the cap still get valid XML), /healthz tells an outsider nothing to count and says when the
// call log is broken, and an app with no webhook secret says so loudly: in the log and in the console.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../bridge/store/db';
import { captureLog } from '../harness/capture-log';
import { startTestApp, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';
import { postWebhook, waitFor } from '../sim/carrier';

let app: TestApp | undefined;
let brokenDir: string | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (brokenDir) rmSync(brokenDir, { recursive: true, force: true });
  brokenDir = undefined;
});

describe('new calls from unknown callers', () => {
  it('are capped: over the cap a caller hears the lines are busy, no call or AI session opens, and it is logged', async () => {
    const captured = captureLog();
    app = await startTestApp(
      { echoMode: true, newCallsBurst: 2, newCallsPerS: 0.01, busyMessage: 'All lines are busy.' },
      { log: captured.log },
    );
    const first = await app.sim.placeCall();
    const second = await app.sim.placeCall();
    expect([first, second].map((c) => c.streamElement !== undefined)).toEqual([true, true]);

    const over = [
      await app.sim.placeCall(),
      await app.sim.placeCall({ shape: { fields: 'pbx', format: 'json' } }),
    ];
    for (const call of over) {
      expect(call.response.status).toBe(200);
      expect(call.response.xml?.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
      expect(call.response.xml?.children[0]?.text).toBe('All lines are busy.');
      expect(app.core.registry.get(call.callSid)).toBeUndefined();
    }
    // An unreadable body is a new call too.
    const anon = await postWebhook(`${app.url}/voice`, { From: '+254700000001' }, {});
    expect(anon.xml?.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
    expect(app.core.registry.size()).toBe(2);

    // Known calls are never capped: a retried first webhook still gets its stream.
    const retried = await postWebhook(`${app.url}/voice`, { CallId: first.callSid }, {});
    expect(retried.xml?.children.map((c) => c.name)).toEqual(['Stream']);
    // Nor is a lifecycle event posted to the voice URL (it opens no call).
    const event = await postWebhook(
      `${app.url}/voice`,
      { kind: 'call.answered', event_id: 'ev-cap', call_id: 'CA-elsewhere' },
      { format: 'json' },
    );
    expect(event.xml?.children).toEqual([]);

    const warning = captured.lines.find((l) => l.code === 'WEBHOOK_NEW_CALL_CAP');
    expect(warning).toMatchObject({ refusedTotal: 1, perS: 0.01, burst: 2 });
  });
});

describe('/healthz', () => {
  it('reveals no counts, only whether calls are served and logged, and the version', async () => {
    app = await startTestApp({ echoMode: true });
    const call = await app.sim.placeCall();
    await call.connectMedia();
    await waitFor(() => app!.core.registry.get(call.callSid)?.streamConnected, 5000, 'streaming');
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, store: 'ok', version: expect.any(String) });
  });

  it('says not-ok (503) when the call log cannot be opened', async () => {
    brokenDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-broken-'));
    // The log's file is a folder: SQLite cannot open it, as with a damaged or unreachable disk.
    mkdirSync(path.join(brokenDir, DB_FILE_NAME));
    app = await startTestApp({ echoMode: true, dataDir: brokenDir });
    await waitFor(() => !app!.core.store.status().ok, 5000, 'the store to report its failure');
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, store: 'error', version: expect.any(String) });
    // Calls are answered regardless.
    expect((await app.sim.placeCall()).streamElement).toBeDefined();
  });
});

describe('an app with no webhook secret', () => {
  it('warns at start and tells the console, which stops saying so once a secret is set', async () => {
    const captured = captureLog();
    app = await startTestApp({ echoMode: true }, { log: captured.log });
    expect(captured.lines.find((l) => l.code === 'WEBHOOK_UNSIGNED')).toMatchObject({ level: 40 });
    const host = new TestConsole(app);
    expect(await host.cmd('status.get', {})).toMatchObject({ webhookUnsigned: true });
    await app.stop();

    const signed = captureLog();
    app = await startTestApp({ echoMode: true, webhookSecret: 'whsec_set' }, { log: signed.log });
    expect(signed.lines.some((l) => l.code === 'WEBHOOK_UNSIGNED')).toBe(false);
    expect(await new TestConsole(app).cmd('status.get', {})).toMatchObject({ webhookUnsigned: false });
  });
});
