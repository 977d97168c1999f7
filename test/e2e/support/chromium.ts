// Real Chromium for the end-to-end run (the Debian package at /usr/bin/chromium, driven by
// playwright-core): headless, no network chatter, a fresh profile, and a fake microphone that plays
// a fixture WAV so the dev phone can be tested without hardware.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped (a laptop without it still runs
 * every other test), unless `SAUTI_E2E_REQUIRED=1` (CI sets it): then a missing browser fails the run
 * instead of passing it with the browser tests quietly skipped.
 */
export const HAS_CHROMIUM = ((): boolean => {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.SAUTI_E2E_REQUIRED === '1')
    throw new Error(`SAUTI_E2E_REQUIRED=1 but there is no Chromium at ${CHROMIUM_PATH} (install chromium)`);
  return false;
})();

/** What every Chromium here starts with: no sandbox, no GPU, no network chatter of its own. */
const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1366, height: 800 };

export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(opts: { fakeAudioWav?: string } = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sauti-chromium-'));
  const args = [
    '--headless',
    ...QUIET_ARGS,
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    ...(opts.fakeAudioWav ? [`--use-file-for-fake-audio-capture=${opts.fakeAudioWav}`] : []),
  ];
  // A persistent context is the way to give Chromium its own user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    ignoreDefaultArgs: ['--mute-audio'],
    viewport: VIEWPORT,
    permissions: ['microphone', 'notifications'],
  });
  const browser = context.browser();
  return {
    browser: browser as Browser,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface LaunchedBrowserWithContexts {
  readonly browser: Browser;
  /** A fresh context (its own cookies and storage), as a second person at another computer. */
  newContext(options?: { ignoreHTTPSErrors?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * One Chromium for several people: each context is a separate profile in memory. A team host's LAN
 * listener has a self-signed certificate (the person checks its fingerprint by eye), so a teammate's
 * context is opened with ignoreHTTPSErrors.
 */
export async function launchChromiumForContexts(): Promise<LaunchedBrowserWithContexts> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: QUIET_ARGS,
  });
  return {
    browser,
    newContext: (options = {}) =>
      browser.newContext({
        viewport: VIEWPORT,
        ignoreHTTPSErrors: options.ignoreHTTPSErrors,
      }),
    close: () => browser.close(),
  };
}
