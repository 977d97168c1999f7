// Electron's entry: the desktop app runs the same core as `npm run serve` (createCore), with the
// console carried over a MessagePort instead of the loopback server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProvider } from '../bridge/ai/create-provider';
import { createCore } from '../bridge/core';
import { createLog } from '../bridge/log';
import { createFileSecretStore } from '../bridge/team/secret-store';
import { runShell } from './lifecycle';

const here = path.dirname(fileURLToPath(import.meta.url));

runShell({
  createCore: (config, log, { settingsSecrets, secretCodec }) =>
    createCore(config, {
      createProvider,
      consoleServer: false,
      log,
      settingsSecrets,
      secrets: createFileSecretStore(config.dataDir, secretCodec),
    }),
  createLog: (config) => createLog({ level: config?.logLevel, logCallContent: config?.logCallContent }),
  preloadPath: path.join(here, '..', 'preload', 'preload.cjs'),
  rendererDir: path.join(here, '..', 'renderer'),
  env: process.env,
}).catch((err: unknown) => {
  console.error('Sauti Console failed to start', err);
  process.exit(1);
});
