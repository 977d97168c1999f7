// `npm run dist` in plain words: whether this Node can package at all, and what a failed packaging
// means and how to retry — instead of electron-builder's raw stack trace. Pure, so it is tested
// without packaging anything.

/** @electron/rebuild and @electron/get (electron-builder's helpers for Electron 41) require Node 22.12+. */
export const DIST_MIN_NODE = { major: 22, minor: 12 } as const;

/** Why this Node cannot run `npm run dist`, or null when it can. */
export function nodeTooOldForDist(version: string): string | null {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  const ok = major > DIST_MIN_NODE.major || (major === DIST_MIN_NODE.major && minor >= DIST_MIN_NODE.minor);
  if (ok) return null;
  return (
    `npm run dist needs Node ${DIST_MIN_NODE.major}.${DIST_MIN_NODE.minor} or newer: Electron's packaging tools ` +
    `(@electron/rebuild, @electron/get) require it, and this is Node ${version}. Install Node 22 LTS (or newer), ` +
    'run `npm install` with it, then `npm run dist` again. (`npm start`, `npm test` and `npm run serve` work on Node 20.19.)'
  );
}

const NETWORK =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT|CERT_HAS_EXPIRED)\b/;

const RETRY =
  'Packaging needs the network the first time: it downloads Electron for the installer ' +
  "(github.com/electron/electron/releases, or ELECTRON_MIRROR) and, for the call log, Electron's headers " +
  'or a prebuilt SQLite addon. Both are cached afterwards (~/.cache/electron, ~/.electron-gyp). Connect ' +
  '(or set HTTPS_PROXY / ELECTRON_MIRROR) and run `npm run dist` again.';

/** What went wrong in electron-builder, what it needs, and how to try again; never a stack trace. */
export function explainDistFailure(err: unknown, electronVersion: string): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const text = `${e.message}\n${e.stack ?? ''}`;
  const firstLine = e.message.split('\n')[0]!.slice(0, 300);
  if (NETWORK.test(text))
    return `npm run dist could not download Electron ${electronVersion}'s files (${firstLine}). ${RETRY}`;
  if (/Rebuilder failed|@electron\/rebuild|node-gyp|prebuild/i.test(text))
    return (
      `npm run dist could not rebuild the SQLite addon (better-sqlite3) for Electron ${electronVersion} (${firstLine}). ` +
      `It needs Electron's headers or a prebuilt addon from the network, and a C++ compiler when no prebuilt one fits. ${RETRY}`
    );
  return `npm run dist stopped: ${firstLine}. The lines above say which step failed; fix it and run \`npm run dist\` again.`;
}
