// Team mode end to end in real Chromium: two browser contexts — the host's console (loopback, as
// `npm run serve` prints it) and a teammate paired in browser mode on the host's TLS LAN address
// (/join) — against the real core, the Sautikit simulator and a scripted AI. A simulated call arrives;
// the teammate clicks Take over; the app calls the teammate's phone (POST /v1/calls) and joins that leg
// to the caller's stream in the bridge (no redirect: Sautikit documents none); both boards show the call
// with the teammate. Then the host restarts (the teammate's window reconnects
// and resyncs without a reload) and revokes the teammate (an Access revoked screen, no reconnect loop).
// Screenshots of the pairing page, the teammate's board, the lost-host banner and the Settings team
// panel go to test-results/screenshots/ (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../bridge/core';
import { createLog } from '../../bridge/base/log';
import type { SimCall } from '../sim/carrier';
import { NumbersSim } from '../sim/numbers';
import { buildRenderer } from './support/build-renderer';
import {
  HAS_CHROMIUM,
  launchChromiumForContexts,
  type LaunchedBrowserWithContexts,
} from './support/chromium';
import { startE2eApp, type E2eApp } from './support/e2e-app';
import { keepFailureEvidence, saveScreenshot, type FailureSources } from './support/evidence';

const UI_TIMEOUT_MS = 15_000;
const TEAMMATE_NAME = 'Achieng';
const TEAMMATE_NUMBER = '+254722000333';

let app: E2eApp;
let restarted: Core | null = null;
let browser: LaunchedBrowserWithContexts;
let hostContext: BrowserContext;
let mateContext: BrowserContext;
let host: Page;
let mate: Page;
let rendererDir: string;
let scratch: string;
let teamPort: number;
let mateAgentId: string;
const pageLog: string[] = [];
const calls: SimCall[] = [];
/** WebSocket connections the teammate's page opened to the console. */
let mateSockets = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const evidence: FailureSources = {
  pageLog,
  coreLog: () => app?.logLines ?? [],
  pages: () => ({ '.host': host, '.teammate': mate }),
};

function watch(page: Page, who: string): void {
  page.on('console', (m) => pageLog.push(`[${who} console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`[${who} pageerror] ${e.message}`));
}

/** A simulated caller who rings, connects the media stream and asks a question. */
async function callerAsks(from: string): Promise<SimCall> {
  const call = await app.callerAsks(from);
  calls.push(call);
  return call;
}

const cardOn = (page: Page, number: string) => page.getByTestId('call-card').filter({ hasText: number });

async function goTo(page: Page, screen: string): Promise<void> {
  await page.locator(`a.nav-link[href="#/${screen}"]`).click();
  await page.locator(`.screen-${screen}`).waitFor();
}

describe.skipIf(!HAS_CHROMIUM)('team mode in Chromium: host and a paired teammate', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'sauti-e2e-team-'));
    rendererDir = await buildRenderer(path.join(scratch, 'renderer'));
    // Fixed ports, so the host comes back where its windows look for it after a restart.
    const [port, consolePort] = [await freePort(), await freePort()];
    teamPort = await freePort();
    app = await startE2eApp(
      rendererDir,
      { port, consolePort, teamHost: '127.0.0.1', teamPort },
      {
        callerText: 'What time do you open on Saturday?',
        replyText: 'We open at eight on Saturday and close at one in the afternoon.',
      },
    );
    // The workspace's number, served by the simulator's numbers API beside its calls API.
    const numbers = new NumbersSim({ apiKey: app.rest.apiKey });
    numbers.addNumber('+254709000000');
    const numbersApi = express.Router();
    numbersApi.use((req, res, next) => {
      const body =
        req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0 ? req.body : null;
      if (!numbers.handle(req, res, body ? JSON.stringify(body) : '')) next();
    });
    app.rest.mount(numbersApi);
    browser = await launchChromiumForContexts();
    hostContext = await browser.newContext();
    mateContext = await browser.newContext({ ignoreHTTPSErrors: true });
    host = await hostContext.newPage();
    mate = await mateContext.newPage();
    watch(host, 'host');
    watch(mate, 'teammate');
    mate.on('websocket', (ws) => {
      if (ws.url().endsWith('/console')) mateSockets++;
    });
    await host.goto(app.consoleUrl);
    await host.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(calls.map((c) => c.hangUp().catch(() => undefined)));
    await browser?.close();
    await restarted?.stop();
    await app?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('pairs a teammate in the browser with the code shown on the host', async () => {
    keepFailureEvidence('team-pairing', evidence);
    await goTo(host, 'settings');
    const panel = host.getByTestId('team-panel');
    // The box follows the host's answer (team.setHosting), so click and wait rather than check().
    const hosting = panel.getByLabel('Host a team on this network');
    await hosting.click();
    await expect.poll(() => hosting.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await panel.getByTestId('pairing-code').click();
    const codeView = panel.getByTestId('pairing-code-view');
    await codeView.waitFor({ timeout: UI_TIMEOUT_MS });
    const code = (await codeView.locator('strong').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expect(codeView.textContent()).resolves.toContain(`127.0.0.1:${teamPort}`);

    await mate.goto(`https://127.0.0.1:${teamPort}/join`);
    await mate.getByLabel('Pairing code').fill(code);
    await mate.getByLabel('Your name').fill(TEAMMATE_NAME);
    await mate.getByLabel('Your phone number').fill(TEAMMATE_NUMBER);
    await saveScreenshot(mate, 'team-join');
    await mate.getByRole('button', { name: 'Join' }).click();
    await mate
      .getByTestId('connection')
      .filter({ hasText: /^Connected to / })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    // The token left the address bar; the window has its agent identity.
    expect(mate.url()).not.toContain('token=');
    await expect(mate.locator('.me-name').textContent()).resolves.toBe(TEAMMATE_NAME);

    const teammate = panel.locator('.teammate-rows li', { hasText: TEAMMATE_NAME });
    await teammate.waitFor({ timeout: UI_TIMEOUT_MS });
    await teammate.locator('.presence-available').waitFor({ timeout: UI_TIMEOUT_MS });
    const team = app.core.team.host.view();
    mateAgentId = team.teammates.find((t) => t.name === TEAMMATE_NAME)!.agentId;
    await panel.getByTestId('number-rows').getByText('+254709000000').waitFor({ timeout: UI_TIMEOUT_MS });
    await panel
      .getByRole('heading', { name: '3. Team' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await saveScreenshot(host, 'team-settings');
  });

  it('the teammate takes a call over: their phone is called and joined to the caller’s stream, both boards agree', async () => {
    keepFailureEvidence('team-take-over', evidence);
    const phone = app.rest.phones.answers(TEAMMATE_NUMBER, { answerAfterS: 2 });
    // The teammate is available to take calls (presence is theirs).
    const presence = mate.getByTestId('presence-toggle');
    await presence.waitFor();
    if ((await presence.textContent()) !== 'Available') await presence.click();
    await presence.filter({ hasText: 'Available' }).waitFor({ timeout: UI_TIMEOUT_MS });

    const caller = await callerAsks('+254733111222');
    await goTo(host, 'live');
    await cardOn(host, '+254 733 111 222').waitFor({ timeout: UI_TIMEOUT_MS });
    const card = cardOn(mate, '+254 733 111 222');
    await card.waitFor({ timeout: UI_TIMEOUT_MS });
    await card.locator('.card-link').click();
    const view = mate.getByTestId('call-view');
    await view.locator('.bubble-caller', { hasText: 'Saturday' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await view.getByRole('button', { name: /^Take over(?! here)/ }).click();

    for (const page of [mate, host]) {
      await page
        .locator('.group-with-agent')
        .getByTestId('call-card')
        .filter({ hasText: '+254 733 111 222' })
        .getByTestId('call-status')
        .filter({ hasText: `With ${TEAMMATE_NAME}` })
        .waitFor({ timeout: 20_000 });
    }
    const carrierCall = app.rest.pbx.get(caller.callSid)!;
    // As documented: no redirect and no <Dial>; the caller's stream stayed open and the teammate's leg
    // opened its own stream into the bridge.
    expect(app.rest.count('redirect')).toBe(0);
    expect(carrierCall.trace.filter((t) => t.startsWith('dial:'))).toEqual([]);
    expect(caller.closedWith).toBeNull();
    const leg = [...app.rest.pbx.calls.values()].find(
      (c) => c.direction === 'outbound' && c.to === TEAMMATE_NUMBER,
    )!;
    expect(leg.trace).toContain('leg-stream-open');
    expect(phone.answered).toBe(1);
    expect(app.core.registry.get(caller.callSid)?.agent?.id).toBe(mateAgentId);
    await view
      .getByTestId('takeover-message')
      .filter({ hasText: 'Connected' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(mate, 'team-teammate-board');
  });

  it('the host restarts: the teammate sees the host lost, then the board resyncs without a reload', async () => {
    keepFailureEvidence('team-restart', evidence);
    // The call taken over is on the board; the host's restart forgets it (its carrier leg is gone).
    await cardOn(mate, '+254 733 111 222').waitFor();
    await goTo(mate, 'live');
    await mate.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    const config = app.core.config;
    await app.core.stop();
    const banner = mate.getByTestId('link-banner');
    await banner
      .filter({ hasText: /^Lost the host .* — retrying… calls keep flowing on the host\.$/ })
      .waitFor({
        timeout: UI_TIMEOUT_MS,
      });
    await mate.getByTestId('board-stale').waitFor();
    await expect(mate.getByTestId('connection').textContent()).resolves.toBe('Host lost — retrying…');
    await saveScreenshot(mate, 'team-host-lost');

    // The host comes back on the same ports and data: hosting resumes, teammates' tokens still work.
    restarted = createCore(config, {
      log: createLog({
        level: 'info',
        destination: { write: (l: string) => void (app.logLines as string[]).push(l) },
      }),
      consoleServer: true,
      rendererDir,
      createProvider: () => app.ai,
    });
    await restarted.start();
    const caller = await app.placeCall('+254744555666');
    await caller.connectMedia();
    calls.push(caller);
    await cardOn(mate, '+254 744 555 666').waitFor({ timeout: 30_000 });
    // Resynced from the new host's calls.list, not patched by events: the old call is gone.
    await cardOn(mate, '+254 733 111 222').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await banner.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await mate.getByTestId('board-stale').waitFor({ state: 'detached' });
    await expect(
      mate.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    await expect(mate.getByTestId('connection').textContent()).resolves.toMatch(/^Connected to /);
    // The host's own window came back too.
    await cardOn(host, '+254 744 555 666').waitFor({ timeout: 30_000 });
  });

  it('the host revokes the teammate: an Access revoked screen, and no reconnect loop', async () => {
    keepFailureEvidence('team-revoke', evidence);
    await goTo(host, 'settings');
    const row = host.getByTestId('team-panel').locator('.teammate-rows li', { hasText: TEAMMATE_NAME });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const access = mate.getByTestId('access-screen');
    await access.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(access.textContent()).resolves.toMatch(/Access revoked.*revoked this window’s access/);
    await expect(mate.getByTestId('connection').textContent()).resolves.toBe('Access revoked');
    const socketsAtRevoke = mateSockets;
    await mate.waitForTimeout(3000);
    expect(mateSockets).toBe(socketsAtRevoke);
    expect(restarted!.team.host.view().teammates.map((t) => t.agentId)).not.toContain(mateAgentId);
  });
});
