// The app as the end-to-end run sees it: the real core (as `npm run serve` starts it) with its
// loopback console server serving the built renderer, a scripted in-process AI, the Sautikit
// simulator's call side pointed at the public port, and its REST side (redirects, Dial, agent phones)
// as the Sautikit API. Everything on port 0, data in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type ConfigInput } from '../../../bridge/config/config';
import type { Core, CoreDeps, StartedCore } from '../../../bridge/core';
import { createLog } from '../../../bridge/base/log';
import { speech } from '../../fakes/fake-voice';
import { ScriptedProvider, type ScriptedOptions } from '../../fakes/scripted-provider';
import { SautikitSim, type SimCall } from '../../sim/carrier';
import { SimRest } from '../../sim/rest';
import { startCoreOnSharedAiThread } from '../../harness/shared-ai-thread';

export const CONSOLE_TOKEN = 'e2e-console-token-0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_e2e_secret';

export interface E2eApp {
  readonly core: Core;
  readonly started: StartedCore;
  readonly sim: SautikitSim;
  readonly rest: SimRest;
  readonly ai: ScriptedProvider;
  readonly dataDir: string;
  /** The core's log lines (JSON), kept in memory for a failing test's evidence. */
  readonly logLines: readonly string[];
  /** The console URL with its token, as `npm run serve` prints it. */
  readonly consoleUrl: string;
  /** A caller rings: Sautikit POSTs /voice, then the call lives in the simulator's PBX. */
  placeCall(from: string): Promise<SimCall>;
  /** A caller rings, connects the media stream and, once greeted, asks the question in fixture `wav`. */
  callerAsks(from: string, wav?: string): Promise<SimCall>;
  stop(): Promise<void>;
}

/** `createProvider` replaces the scripted AI (the demo agent's test runs the app's own). */
export async function startE2eApp(
  rendererDir: string,
  settings: ConfigInput = {},
  ai: ScriptedOptions = {},
  createProvider?: CoreDeps['createProvider'],
): Promise<E2eApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-e2e-'));
  // Simulated seconds run 20× faster: a 2 s ring takes 100 ms.
  const rest = new SimRest({ webhookSecret: WEBHOOK_SECRET, timeScale: 0.05 });
  await rest.start();
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    consolePort: 0,
    consoleHost: '127.0.0.1',
    consoleToken: CONSOLE_TOKEN,
    aiProvider: 'gemini',
    geminiApiKey: 'scripted',
    sautikitApiBase: rest.url,
    sautikitApiKey: rest.apiKey,
    webhookSecret: WEBHOOK_SECRET,
    dataDir,
    logLevel: 'info',
    ...settings,
  });
  const provider = new ScriptedProvider(ai);
  const logLines: string[] = [];
  const log = createLog({
    level: 'info',
    destination: {
      write(line: string) {
        logLines.push(line.trimEnd());
        if (logLines.length > 2000) logLines.shift();
      },
    },
  });
  const { core, started, stop } = await startCoreOnSharedAiThread(config, {
    log,
    consoleServer: true,
    rendererDir,
    createProvider: createProvider ?? (() => provider),
  });
  rest.connectApp(started.publicUrl);
  const sim = new SautikitSim({ appUrl: started.publicUrl, webhookSecret: WEBHOOK_SECRET });
  const placeCall = async (from: string) => {
    const call = await sim.placeCall({ from });
    rest.pbx.adoptInbound(call);
    return call;
  };
  return {
    core,
    started,
    sim,
    rest,
    ai: provider,
    dataDir,
    logLines,
    consoleUrl: started.consoleUrl!,
    placeCall,
    async callerAsks(from, wav = 'caller-hours.wav') {
      const call = await placeCall(from);
      await call.connectMedia();
      // Let the greeting play, then speak; the scripted AI transcribes and answers.
      void call
        .streamSilence(1200)
        .then(() => call.streamAudio(speech(wav)))
        .then(() => call.streamSilence(1500));
      return call;
    },
    async stop() {
      await sim.hangUpAll();
      await stop();
      await rest.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
