// The app as the end-to-end run sees it: the real core (as `npm run serve` starts it) with its
// loopback console server serving the built renderer, a scripted in-process AI, and the Sautikit
// simulator pointed at the public port. Everything on port 0, data in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type ConfigInput } from '../../../bridge/config';
import { createCore, type Core, type StartedCore } from '../../../bridge/core';
import { createSilentLog } from '../../../bridge/log';
import { ScriptedProvider, type ScriptedOptions } from '../../fakes/scripted-provider';
import { SautikitSim } from '../../sim/carrier';

export const CONSOLE_TOKEN = 'e2e-console-token-0123456789abcdef';

export interface E2eApp {
  readonly core: Core;
  readonly started: StartedCore;
  readonly sim: SautikitSim;
  readonly ai: ScriptedProvider;
  readonly dataDir: string;
  /** The console URL with its token, as `npm run serve` prints it. */
  readonly consoleUrl: string;
  stop(): Promise<void>;
}

export async function startE2eApp(
  rendererDir: string,
  settings: ConfigInput = {},
  ai: ScriptedOptions = {},
): Promise<E2eApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-e2e-'));
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    consolePort: 0,
    consoleHost: '127.0.0.1',
    consoleToken: CONSOLE_TOKEN,
    aiProvider: 'gemini',
    geminiApiKey: 'scripted',
    dataDir,
    logLevel: 'silent',
    ...settings,
  });
  const provider = new ScriptedProvider(ai);
  const core = createCore(config, {
    log: createSilentLog(),
    consoleServer: true,
    rendererDir,
    createProvider: () => provider,
  });
  const started = await core.start();
  const sim = new SautikitSim({ appUrl: started.publicUrl, webhookSecret: config.webhookSecret });
  return {
    core,
    started,
    sim,
    ai: provider,
    dataDir,
    consoleUrl: started.consoleUrl!,
    async stop() {
      await sim.hangUpAll();
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
