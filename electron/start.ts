// `npm start` (and `npm run serve` with --headless): builds what is stale, then opens the desktop window
// where Electron can run, otherwise runs the headless core (bridge/serve.ts) in this process and says
// why, so the console URL it prints can be opened in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronRuntime, ensureElectronSqlite, SQLITE_BINDING_ENV } from './electron-sqlite';
import { buildInputs, chooseLaunch, findElectronBinary, isBuildStale, type LaunchMode } from './launch-plan';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line: string) => console.error(`[sauti] ${line}`);
/** Electron exiting this soon with an error means it could not open a window here (missing libraries…). */
const EARLY_EXIT_MS = 5000;

function electronViteCli(): string {
  const require = createRequire(path.join(root, 'package.json'));
  return path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
}

function buildIfStale(mode: LaunchMode['mode']): void {
  if (process.env.SAUTI_NO_BUILD === '1') return;
  const { sources, outputs } = buildInputs(root, mode);
  if (!isBuildStale(sources, outputs)) return;
  say('Building the app (electron-vite build)…');
  const cli = electronViteCli();
  // The build's chatter goes to stderr: stdout is the structured log of the app that follows.
  const result = spawnSync(process.execPath, [cli, 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (result.status !== 0) {
    say('The build failed (see above).');
    process.exit(result.status ?? 1);
  }
}

async function runHeadless(reason: string | null): Promise<void> {
  if (reason) say(`Starting without the desktop window: ${reason}. Open the console URL below in a browser.`);
  buildIfStale('headless');
  await import(pathToFileURL(path.join(root, 'bridge', 'serve.ts')).href);
}

function runDesktop(electron: string, sqliteBinding: string): Promise<{ code: number; early: boolean }> {
  buildIfStale('desktop');
  const startedAt = Date.now();
  const child = spawn(electron, ['.'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, [SQLITE_BINDING_ENV]: sqliteBinding },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.on('error', (err) => {
      say(`Electron did not start: ${err.message}`);
      resolve({ code: 1, early: true });
    });
    child.on('exit', (code, signal) => {
      const failed = code !== 0 && signal === null;
      resolve({ code: code ?? 0, early: failed && Date.now() - startedAt < EARLY_EXIT_MS });
    });
  });
}

function sqliteForElectron(): string | null {
  const runtime = electronRuntime(root);
  return runtime
    ? ensureElectronSqlite(
        {
          root,
          electronVersion: runtime.version,
          abi: runtime.abi,
          platform: process.platform,
          arch: process.arch,
        },
        say,
      )
    : null;
}

/** `npm run dev`: electron-vite's dev server and hot reload, with the Electron build of the SQLite addon. */
function runDev(): void {
  if (!findElectronBinary(root)) {
    say("`npm run dev` needs Electron's binary: run `npm run postinstall` with network access.");
    process.exit(1);
  }
  const binding = sqliteForElectron();
  if (!binding) {
    say("The call log's SQLite addon could not be prepared for Electron (see above).");
    process.exit(1);
  }
  const child = spawn(process.execPath, [electronViteCli(), 'dev'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, [SQLITE_BINDING_ENV]: binding },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function main(): Promise<void> {
  if (process.argv.includes('--dev')) {
    runDev();
    return;
  }
  const launch = chooseLaunch({
    electron: findElectronBinary(root),
    platform: process.platform,
    env: process.env,
    uid: process.getuid?.(),
    headlessAsked: process.argv.includes('--headless'),
  });
  if (launch.mode === 'headless') {
    await runHeadless(process.argv.includes('--headless') ? null : launch.reason);
    return;
  }
  const binding = sqliteForElectron();
  if (!binding) {
    await runHeadless("the call log's SQLite addon could not be prepared for Electron (no network?)");
    return;
  }
  const { code, early } = await runDesktop(launch.electron, binding);
  if (early) {
    await runHeadless(`Electron could not open a window here (exit code ${code})`);
    return;
  }
  process.exit(code);
}

main().catch((err: unknown) => {
  say(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
