// Fetches Electron's binary after install where the network allows it.
// Electron's own postinstall is denied in package.json `allowScripts` so an offline
// install never fails on it; this runs the same installer and only warns when it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const dir = electronDir();
if (!dir) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[sauti] ELECTRON_SKIP_BINARY_DOWNLOAD is set: no Electron binary; `npm start` will run the browser console.');
  process.exit(0);
}
if (existsSync(path.join(dir, 'path.txt'))) process.exit(0);
const result = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
  stdio: ['ignore', 'inherit', 'pipe'],
  timeout: 180_000,
});
if (result.status !== 0) {
  console.warn(
    '[sauti] Electron binary could not be downloaded (offline?). The install continues; ' +
      '`npm start` will run the headless core and print the browser console URL. ' +
      'Run `npm rebuild electron` or reinstall later to get the desktop window.',
  );
}
