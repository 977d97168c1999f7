// What an end-to-end run leaves behind: a picture of each main screen (test-results/screenshots/, or
// the README's docs/screenshots/ only when asked: UPDATE_SCREENSHOTS=1 npm run test:e2e), and for a
// failing test its pages' logs, the core's log and a full-page picture of each page (test-results/e2e/).
// A plain `npm test` never rewrites tracked files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FAILURES = path.join(repoRoot, 'test-results', 'e2e');

/** Where main-screen pictures go: the docs' own folder only on purpose (UPDATE_SCREENSHOTS=1). */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.UPDATE_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs', 'screenshots')
    : path.join(repoRoot, 'test-results', 'screenshots');
}

/** Saves a picture of a main screen, once the page has settled. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  // Durations tick: let the page settle so the picture is not mid-transition.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

export interface FailureSources {
  readonly pageLog: readonly string[];
  readonly coreLog: () => readonly string[];
  /** The pages to picture, each under the ending its file name gets ('' for the only page). */
  readonly pages: () => Readonly<Record<string, Page | undefined>>;
}

/** Call in a test: should it fail, its evidence is kept in files named after `name`. */
export function keepFailureEvidence(name: string, sources: FailureSources): void {
  onTestFailed(async () => {
    mkdirSync(FAILURES, { recursive: true });
    const base = path.join(FAILURES, name.replace(/\W+/g, '-'));
    writeFileSync(`${base}.page.log`, sources.pageLog.join('\n'));
    writeFileSync(`${base}.core.log`, sources.coreLog().join('\n'));
    for (const [ending, page] of Object.entries(sources.pages()))
      await page?.screenshot({ path: `${base}${ending}.png`, fullPage: true }).catch(() => undefined);
  });
}
