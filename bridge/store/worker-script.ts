// Where the store thread's code is (base/thread-script.ts finds it): from TypeScript source, worker.ts
// through tsx; built, `store-worker.js` beside the main bundle (electron-vite entry: bridge/store/worker.ts).
import type { Worker } from 'node:worker_threads';
import {
  builtFiles,
  resolveThreadScript,
  startThread,
  type ThreadEntry,
  type ThreadScript,
} from '../base/thread-script';

const STORE_WORKER: ThreadEntry = {
  builtName: 'store-worker',
  source: './worker.ts',
  missingCode: 'STORE_NO_WORKER',
};

/** The names the build may give the worker entry, looked for beside the bundle that holds this code. */
export const BUILT_WORKER_FILES = builtFiles(STORE_WORKER.builtName);

export type StoreWorkerScript = ThreadScript;

/**
 * Finds the worker for the module at `moduleUrl` (this file, or the bundle it was built into).
 * `override` is a path to a built worker script, for packagers that put it elsewhere.
 */
export function resolveStoreWorker(
  moduleUrl: string = import.meta.url,
  override?: string,
): StoreWorkerScript {
  return resolveThreadScript(STORE_WORKER, moduleUrl, override);
}

export function startStoreWorker(script: StoreWorkerScript, workerData: object): Worker {
  return startThread(script, workerData);
}
