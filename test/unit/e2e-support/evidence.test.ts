// `npm test` leaves the tracked screenshots alone: pictures go to test-results/ (ignored by git) unless
// UPDATE_SCREENSHOTS=1 asks for the README's docs/screenshots/.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotDir } from '../../e2e/support/evidence';

describe('e2e screenshots', () => {
  it('go to test-results/ by default, and to docs/screenshots/ only on purpose', () => {
    expect(screenshotDir({})).toMatch(new RegExp(`${path.sep}test-results${path.sep}screenshots$`));
    expect(screenshotDir({ UPDATE_SCREENSHOTS: '1' })).toMatch(
      new RegExp(`${path.sep}docs${path.sep}screenshots$`),
    );
  });

  it('land in a folder git ignores', () => {
    const dir = screenshotDir({});
    const ignored = execFileSync('git', ['check-ignore', path.join(dir, 'live-board.png')], {
      cwd: path.dirname(path.dirname(dir)),
      encoding: 'utf8',
    });
    expect(ignored.trim()).toMatch(/live-board\.png$/);
  });
});
