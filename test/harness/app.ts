// Test language: start the real core on port 0 with a data dir in a temp folder, and a Sautikit
// simulator pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type ConfigInput } from '../../bridge/config/config';
import type { Core, CoreDeps, StartedCore } from '../../bridge/core';
import { createLog, createSilentLog } from '../../bridge/base/log';
import { SautikitSim } from '../sim/carrier';
import { startCoreOnSharedAiThread } from './shared-ai-thread';

export interface TestApp {
  readonly core: Core;
  readonly started: StartedCore;
  /** Where the app listens (its public port on loopback). */
  readonly url: string;
  readonly sim: SautikitSim;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startTestApp(
  settings: ConfigInput = {},
  deps: Partial<CoreDeps> = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-test-'));
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    consolePort: 0,
    aiProvider: 'none',
    dataDir,
    logLevel: 'silent',
    ...settings,
  });
  const { core, started, stop } = await startCoreOnSharedAiThread(config, {
    log: process.env.SAUTI_TEST_LOG ? createLog({ level: 'warn' }) : createSilentLog(),
    consoleServer: false,
    ...deps,
  });
  // The simulator reaches the app where it listens; a configured PUBLIC_URL (a tunnel) may not resolve here.
  const localUrl = `http://127.0.0.1:${started.port}`;
  const sim = new SautikitSim({ appUrl: localUrl, webhookSecret: config.webhookSecret });
  return {
    core,
    started,
    url: localUrl,
    sim,
    dataDir,
    async stop() {
      await sim.hangUpAll();
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { tone } from './tone';
