// One AI thread for the apps a test file starts one after another: the app's own providers run on it as
// they do in the app, without each test paying for a new thread to load the SDKs (about a second each,
// more under load). It stops a moment after its last app stopped (no test runner hook: the benchmarks
// start apps through the same harness).
import { AiThread } from '../../bridge/ai/thread/ai-thread';

const IDLE_STOP_MS = 2000;

let thread: AiThread | null = null;
let users = 0;
let idleTimer: NodeJS.Timeout | undefined;

/** The shared thread (its worker starts only if an app's AI uses it); `release` when the app stopped. */
export function useSharedAiThread(): { thread: AiThread; release: () => void } {
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
