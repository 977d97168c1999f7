// One AI thread for the apps a test file starts one after another: the app's own providers run on it as
// they do in the app, without each test paying for a new thread to load the SDKs (about a second each,
// more under load). It stops a moment after its last app stopped (no test runner hook: the benchmarks
// start apps through the same harness).
import { AiThread } from '../../bridge/ai/thread/ai-thread';
import type { Config } from '../../bridge/config/config';
import { createCore, type Core, type CoreDeps, type StartedCore } from '../../bridge/core';

const IDLE_STOP_MS = 2000;

let thread: AiThread | null = null;
let users = 0;
let idleTimer: NodeJS.Timeout | undefined;

/** The shared thread (its worker starts only if an app's AI uses it); `release` when the app stopped. */
function useSharedAiThread(): { thread: AiThread; release: () => void } {
  clearTimeout(idleTimer);
  const current = (thread ??= new AiThread());
  users++;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    users--;
    if (users > 0) return;
    idleTimer = setTimeout(() => {
      if (users > 0 || thread !== current) return;
      thread = null;
      void current.stop();
    }, IDLE_STOP_MS);
    idleTimer.unref();
  };
  return { thread: current, release };
}

/**
 * Creates and starts a core as the app runs it: its own providers on the AI thread (shared by the
 * test file's apps; AI_THREAD=0 in the settings turns it off). `stop` stops the core and lets go of
 * the thread.
 */
export async function startCoreOnSharedAiThread(
  config: Config,
  deps: Partial<CoreDeps>,
): Promise<{ core: Core; started: StartedCore; stop: () => Promise<void> }> {
  const shared = config.aiThread ? useSharedAiThread() : null;
  const core = createCore(config, { aiThread: shared?.thread ?? false, ...deps });
  let started: StartedCore;
  try {
    started = await core.start();
  } catch (err) {
    shared?.release();
    throw err;
  }
  return {
    core,
    started,
    async stop() {
      await core.stop();
      shared?.release();
    },
  };
}
