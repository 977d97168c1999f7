// Electron's entry: the desktop app runs the same core as `npm run serve` (createCore), with the
// console carried over a MessagePort instead of the loopback server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProvider,
  realClock,
  createCore,
  createLog,
  guardProcess,
  createFileSecretStore,
  type Log,
} from '../bridge/desktop';
import { runShell } from './lifecycle';

const here = path.dirname(fileURLToPath(import.meta.url));

// A fault nobody handled in main is logged (to the log of the moment: it is replaced once the settings
// are read) and the live calls go on, instead of Electron's error dialog; see process-guard.ts.
let log: Log = createLog();
guardProcess(process, { log: () => log, clock: realClock });

runShell({
  createCore: (config, log, { settingsSecrets, secretCodec }) =>
    createCore(config, {
      createProvider,
      aiThread: config.aiThread,
      consoleServer: false,
      log,
      settingsSecrets,
      secrets: createFileSecretStore(config.dataDir, secretCodec),
    }),
  createLog: (config) =>
    (log = createLog({ level: config?.logLevel, logCallContent: config?.logCallContent })),
  preloadPath: path.join(here, '..', 'preload', 'preload.cjs'),
  rendererDir: path.join(here, '..', 'renderer'),
  env: process.env,
}).catch((err: unknown) => {
  console.error('Sauti Console failed to start', err);
  process.exit(1);
});
