// The first run as a newcomer has it: no AI key, `npm start`, the Test call screen. In real Chromium
// against the real core with the app's own provider choice, the window says the demo agent answers,
// and a call from Chromium's fake microphone (a question, then a pause, looped) shows a whole demo
// conversation: the greeting, the caller's turn as the script's "(demo)" line, the answer, the caller
// talking over it, and the hand-off. On failure the page's logs and a screenshot go to test-results/e2e/.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from '../../bridge/ai/create-provider';
import { demoLine } from '../../bridge/ai/demo/demo-lines';
import { DEMO_STEPS } from '../../bridge/ai/demo/demo-script';
import { waitFor } from '../sim/carrier';
import { readWav, writeWav } from '../sim/wav';
import { buildRenderer } from './support/build-renderer';
import { HAS_CHROMIUM, launchChromium, type LaunchedBrowser } from './support/chromium';
import { startE2eApp, type E2eApp } from './support/e2e-app';
import { keepFailureEvidence, type FailureSources } from './support/evidence';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const UI_TIMEOUT_MS = 20_000;
/**
 * Chromium loops the microphone file: quiet through the greeting, the question, then (next time round)
 * the question again while the demo's long answer is still playing: the caller talks over it.
 */
const MIC_QUIET_FIRST_MS = 12_500;
const MIC_LOOP_MS = 16_000;

let app: E2eApp;
let browser: LaunchedBrowser;
let page: Page;
let scratch: string;
const pageLog: string[] = [];
const evidence: FailureSources = {
  pageLog,
  coreLog: () => app?.logLines ?? [],
  pages: () => ({ '': page }),
};

describe.skipIf(!HAS_CHROMIUM)('the demo agent on a fresh install', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'sauti-e2e-demo-'));
    const rendererDir = await buildRenderer(path.join(scratch, 'renderer'));
    const question = readWav(path.join(repoRoot, 'test', 'fixtures', 'speech', 'caller-hours.wav'));
    const mic = new Int16Array((question.sampleRateHz * MIC_LOOP_MS) / 1000);
    mic.set(question.samples, (question.sampleRateHz * MIC_QUIET_FIRST_MS) / 1000);
    const micWav = path.join(scratch, 'mic.wav');
    writeWav(micWav, mic, question.sampleRateHz);
    // No AI key at all, and the app's own provider choice.
    app = await startE2eApp(rendererDir, { geminiApiKey: undefined }, {}, createProvider);
    browser = await launchChromium({ fakeAudioWav: micWav });
    page = await browser.context.newPage();
    page.on('console', (m) => pageLog.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
    await page.goto(app.consoleUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('says so on the board, and a Test call shows a whole demo conversation', async () => {
    keepFailureEvidence('demo-test-call', evidence);
    await page.getByTestId('demo-note').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('a.nav-link[href="#/phone"]').click();
    const note = page.getByTestId('demo-note');
    await note.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await note.textContent()).toMatch(/not a real AI.*Try it/);
    expect(await page.locator('.phone-panel').textContent()).toContain(
      'Demo agent (scripted, not a real AI)',
    );
    await page.getByTestId('phone-call').click();
    const transcript = page.locator('.phone-transcript');
    await transcript
      .locator('.bubble-agent', { hasText: 'This is the Sauti Console demo agent' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await transcript
      .locator('.bubble-caller', { hasText: DEMO_STEPS[0]!.caller })
      .waitFor({ timeout: MIC_QUIET_FIRST_MS + UI_TIMEOUT_MS });
    await transcript
      .locator('.bubble-agent', { hasText: 'open from eight in the morning' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await transcript
      .locator('.bubble-caller', { hasText: DEMO_STEPS[1]!.caller })
      .waitFor({ timeout: MIC_LOOP_MS + UI_TIMEOUT_MS });
    // Talked over: the answer is marked interrupted, with what the caller heard of it.
    await transcript.locator('.bubble-agent', { hasText: 'Interrupted' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const live = app.core.registry.list().find((c) => c.callId.startsWith('TEST-'));
    expect(live?.provider).toBe('demo');
    // The hand-off the demo asked for with its tool.
    await waitFor(() => live?.escalation, UI_TIMEOUT_MS, 'the escalation');
    expect(live!.escalation!.reason).toBe('ai-requested');
    expect(demoLine('hours').text).toContain('open from eight in the morning');
    await page.getByRole('button', { name: 'Hang up' }).click();
  }, 120_000);
});
