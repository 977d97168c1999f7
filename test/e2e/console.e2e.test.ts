// End to end in real Chromium against the real core (browser mode, as `npm run serve`), the Sautikit
// simulator and a scripted AI: the live board, the streaming transcript, take-over, history search,
// settings validation and the dev phone with Chromium's fake microphone. Saves a screenshot of each
// main screen to docs/screenshots/; on failure, the page's logs and a screenshot go to test-results/e2e/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { readWav, writeWav } from '../sim/wav';
import type { SimCall } from '../sim/carrier';
import { buildRenderer } from './support/build-renderer';
import { CHROMIUM_PATH, launchChromium, type LaunchedBrowser } from './support/chromium';
import { directConsole, isWired, type DirectConsole } from './support/console-probe';
import { startE2eApp, type E2eApp } from './support/e2e-app';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const speech = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'speech', name);
const SCREENSHOTS = path.join(repoRoot, 'docs', 'screenshots');
const FAILURES = path.join(repoRoot, 'test-results', 'e2e');
const UI_TIMEOUT_MS = 15_000;

const CALLER_TEXT = 'What time do you open on Saturday?';
const REPLY_TEXT = 'We open at eight on Saturday and close at one in the afternoon.';

let app: E2eApp;
let browser: LaunchedBrowser;
let page: Page;
let probe: DirectConsole;
let rendererDir: string;
let scratch: string;
const pageLog: string[] = [];
const calls: SimCall[] = [];

function keepFailureEvidence(name: string): void {
  onTestFailed(async () => {
    mkdirSync(FAILURES, { recursive: true });
    const base = path.join(FAILURES, name.replace(/\W+/g, '-'));
    writeFileSync(`${base}.log`, pageLog.join('\n'));
    await page?.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
  });
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Durations tick: let the page settle so the picture is not mid-transition.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** A simulated caller who rings, connects the media stream and asks a question. */
async function callerAsks(from: string, wav = 'caller-hours.wav'): Promise<SimCall> {
  const call = await app.sim.placeCall({ from });
  await call.connectMedia();
  calls.push(call);
  const { samples } = readWav(speech(wav));
  // Let the greeting play, then speak; the scripted AI transcribes and answers.
  void call
    .streamSilence(1200)
    .then(() => call.streamAudio(samples))
    .then(() => call.streamSilence(1500));
  return call;
}

const hasChromium = existsSync(CHROMIUM_PATH);

describe.skipIf(!hasChromium)('console in Chromium', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'sauti-e2e-scratch-'));
    rendererDir = await buildRenderer(path.join(scratch, 'renderer'));
    // Chromium loops the fake microphone's file: a question, then a long pause for the AI to answer in.
    const question = readWav(speech('caller-hours.wav'));
    const mic = new Int16Array(question.samples.length + question.sampleRateHz * 8);
    mic.set(question.samples);
    const micWav = path.join(scratch, 'mic.wav');
    writeWav(micWav, mic, question.sampleRateHz);
    app = await startE2eApp(rendererDir, {}, { callerText: CALLER_TEXT, replyText: REPLY_TEXT });
    probe = directConsole(app.core);
    browser = await launchChromium({ fakeAudioWav: micWav });
    page = await browser.context.newPage();
    page.on('console', (m) => pageLog.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
    await page.goto(app.consoleUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(calls.map((c) => c.hangUp()));
    probe?.close();
    await browser?.close();
    await app?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows a new call on the live board and streams its conversation', async () => {
    keepFailureEvidence('live-board');
    await callerAsks('+254712345678');
    const card = page.getByTestId('call-card').filter({ hasText: '+254 712 345 678' });
    await card.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(card.getByTestId('call-status').textContent()).resolves.toMatch(/AI|Caller|Answering/);

    await card.locator('.card-link').click();
    const view = page.getByTestId('call-view');
    await view.waitFor();
    // The greeting, then the caller's question and the AI's answer, as bubbles.
    await view.locator('.bubble-caller', { hasText: 'Saturday' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await view.locator('.bubble-agent', { hasText: 'close at one' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(page.url()).toContain('#/live/');
    await screenshot('call-view');
  });

  it('puts a call that needs a person on top and can be taken over', async () => {
    keepFailureEvidence('take-over');
    const second = await callerAsks('+254722000111', 'caller-human.wav');
    await page
      .getByTestId('call-card')
      .filter({ hasText: '+254 722 000 111' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    app.core.escalate(
      second.callSid as never,
      'caller-asked',
      'Caller asked for a person',
      'I want to speak to a human',
    );
    const needs = page
      .locator('.group-needs-person')
      .getByTestId('call-card')
      .filter({ hasText: '+254 722 000 111' });
    await needs.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(needs.textContent()).resolves.toContain('Caller asked for a person');
    await page.goto(`${app.consoleUrl.split('#')[0]}#/live`);
    await screenshot('live-board');
  });

  it('places a test call from the window with the microphone', async () => {
    keepFailureEvidence('test-call');
    await page.locator('a.nav-link[href="#/phone"]').click();
    await page.getByTestId('phone-call').click();
    await page
      .getByTestId('phone-status')
      .filter({ hasText: 'On the call' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    // Microphone audio reaches the core (a live call with inbound audio) and the AI's voice comes back.
    await page
      .getByTestId('phone-counters')
      .filter({ hasText: /heard [1-9]/ })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    const live = app.core.registry.list().find((c) => c.callId.startsWith('TEST-'));
    expect(live?.streamConnected).toBe(true);
    await page
      .getByTestId('phone-counters')
      .filter({ hasText: /Sent [1-9]/ })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page
      .locator('.phone-transcript .bubble-caller', { hasText: 'Saturday' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page
      .locator('.phone-transcript .bubble-agent', { hasText: 'close at one' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('test-call');
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page
      .getByTestId('phone-status')
      .filter({ hasText: 'Call ended' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('shows history, dashboard and settings screens', async () => {
    keepFailureEvidence('screens');
    for (const [screen, name] of [
      ['history', 'history'],
      ['dashboard', 'dashboard'],
      ['settings', 'settings'],
    ] as const) {
      await page.locator(`a.nav-link[href="#/${screen}"]`).click();
      await page.locator(`.screen-${screen}`).waitFor();
      await screenshot(name);
    }
    expect(await isWired(probe, 'status.get', {})).toBe(true);
  });
});
