// `npm run dist` explained: which Node can package, and a failed packaging in plain words (what failed,
// that it needs the network for Electron's files, how to retry), never a stack trace.
import { describe, expect, it } from 'vitest';
import { explainDistFailure, nodeTooOldForDist } from '../../../electron/dist-failure';

describe('npm run dist', () => {
  it('needs Node 22.12 or newer, and says so with what still works on Node 20', () => {
    expect(nodeTooOldForDist('20.19.0')).toMatch(
      /needs Node 22\.12 or newer.*this is Node 20\.19\.0.*npm test.*work on Node 20\.19/,
    );
    expect(nodeTooOldForDist('22.11.0')).not.toBeNull();
    expect(nodeTooOldForDist('22.12.0')).toBeNull();
    expect(nodeTooOldForDist('24.1.0')).toBeNull();
  });

  it('explains an offline download: what failed, that it needs the network, how to retry', () => {
    const offline = Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), {
      stack: 'Error: getaddrinfo ENOTFOUND github.com\n    at GetAddrInfoReqWrap.onlookup (node:dns:109:26)',
    });
    const text = explainDistFailure(offline, '41.8.0');
    expect(text).toMatch(
      /could not download Electron 41\.8\.0's files \(getaddrinfo ENOTFOUND github\.com\)/,
    );
    expect(text).toMatch(/needs the network the first time.*run `npm run dist` again/);
    expect(text).not.toMatch(/ at .*node:dns/);
  });

  it('explains a failed rebuild of the SQLite addon for Electron', () => {
    const rebuild = new Error('Rebuilder failed with exit code: null');
    rebuild.stack = `${rebuild.message}\n    at ChildProcess.<anonymous> (app-builder-lib/src/util/rebuild.ts:55:32)`;
    const text = explainDistFailure(rebuild, '41.8.0');
    expect(text).toMatch(/could not rebuild the SQLite addon \(better-sqlite3\) for Electron 41\.8\.0/);
    expect(text).toMatch(/Electron's headers or a prebuilt addon from the network/);
    expect(text).not.toMatch(/rebuild\.ts:55/);
  });

  it('says any other failure in one line, pointing at the step above', () => {
    expect(explainDistFailure(new Error('Cannot find icon\n  more detail'), '41.8.0')).toBe(
      'npm run dist stopped: Cannot find icon. The lines above say which step failed; fix it and run `npm run dist` again.',
    );
  });
});
