// Fetches Electron's binary after install where the network allows it, and never fails or stalls the
// install when it does not. Electron's own postinstall is denied in package.json `allowScripts`, so an
// offline install (CI, a server, this project's build machine) never breaks on it; this script runs the
// same installer (node_modules/electron/install.js) after a quick check that the download host is
// reachable, and only warns otherwise: `npm start` then runs the headless core with the browser console.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

const require = createRequire(import.meta.url);
const PROBE_TIMEOUT_MS = 8_000;
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;
const say = (line) => console.warn(`[sauti] ${line}`);

function electronDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** host:port the download will open first: a proxy when one is configured, else the mirror or GitHub. */
function downloadEndpoint(env) {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.npm_config_https_proxy || env.npm_config_proxy;
  const base = proxy || env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/';
  try {
    const u = new URL(base);
    return { host: u.hostname, port: Number(u.port) || (u.protocol === 'http:' ? 80 : 443) };
  } catch {
    return { host: 'github.com', port: 443 };
  }
}

function reachable({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const offline = (why) =>
  say(
    `${why}: no Electron binary for now. The install is fine; \`npm start\` runs the headless core and ` +
      'prints the console URL for a browser. With network access, `npm run postinstall` ' +
      'gets the desktop window.',
  );

async function main() {
  const dir = electronDir();
  if (!dir) return;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    offline('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    return;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (existsSync(pathFile)) return;
  const endpoint = downloadEndpoint(process.env);
  if (!(await reachable(endpoint))) {
    offline(`${endpoint.host}:${endpoint.port} is not reachable`);
    return;
  }
  say('Downloading the Electron binary for the desktop window…');
  const result = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: DOWNLOAD_TIMEOUT_MS,
    env: process.env,
  });
  if (result.status !== 0 || !existsSync(pathFile)) offline('The Electron download did not finish');
}

main().catch((err) =>
  offline(`Electron download skipped (${err instanceof Error ? err.message : String(err)})`),
);
