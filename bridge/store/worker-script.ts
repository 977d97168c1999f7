// Where the store thread's code is, in every way the app runs. From TypeScript source (tsx, vitest)
// the thread registers tsx itself and imports worker.ts: Node 20 ignores `--import tsx` in a worker's
// execArgv for the entry module. Built (electron-vite), the build emits `store-worker.js` beside the
// main bundle (entry: bridge/store/worker.ts) and the thread runs that.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SautiError } from '../base/errors';

/** The names the build may give the worker entry, looked for beside the bundle that holds this code. */
export const BUILT_WORKER_FILES = ['store-worker.js', 'store-worker.mjs', 'store-worker.cjs'] as const;

export type StoreWorkerScript =
  | { readonly kind: 'built'; readonly url: URL }
  | { readonly kind: 'source'; readonly entry: URL; readonly tsxApi: string };

function tsxApiUrl(fromUrl: string): string {
  const require = createRequire(fromUrl);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = require(pkgFile) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const api = pkg.exports?.['./esm/api'];
  const file = typeof api === 'object' ? api.import?.default : undefined;
  if (!file)
    throw new SautiError(
      'STORE_NO_WORKER',
      'tsx has no ./esm/api export: cannot run the store thread from source',
    );
  return new URL(file, pathToFileURL(pkgFile)).href;
}

/**
 * Finds the worker for the module at `moduleUrl` (this file, or the bundle it was built into).
 * `override` is a path to a built worker script, for packagers that put it elsewhere.
 */
export function resolveStoreWorker(
  moduleUrl: string = import.meta.url,
  override?: string,
): StoreWorkerScript {
  if (override) return { kind: 'built', url: pathToFileURL(override) };
  if (/\.[cm]?ts$/.test(new URL(moduleUrl).pathname)) {
    return { kind: 'source', entry: new URL('./worker.ts', moduleUrl), tsxApi: tsxApiUrl(moduleUrl) };
  }
  for (const dir of ['./', '../']) {
    for (const name of BUILT_WORKER_FILES) {
      const file = fileURLToPath(new URL(`${dir}${name}`, moduleUrl));
      // Packaged with asarUnpack, the worker and its chunks sit in app.asar.unpacked: prefer real files.
      const unpacked = file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
      if (unpacked !== file && existsSync(unpacked)) return { kind: 'built', url: pathToFileURL(unpacked) };
      if (existsSync(file)) return { kind: 'built', url: pathToFileURL(file) };
    }
  }
  throw new SautiError(
    'STORE_NO_WORKER',
    `The store worker was not built: expected store-worker.js beside ${fileURLToPath(moduleUrl)} ` +
      '(electron-vite main entry "store-worker": bridge/store/worker.ts)',
  );
}

/**
 * Registers tsx in the new thread, then imports the TypeScript entry (both URLs come in workerData).
 * Dynamic imports only, so it runs whether the eval is read as CommonJS or, when the parent was started
 * with --input-type=module (inherited by workers), as a module.
 */
const SOURCE_BOOTSTRAP = `
import('node:worker_threads')
  .then(({ workerData }) => import(workerData.__tsxApi).then((tsx) => {
    tsx.register();
    return import(workerData.__entry);
  }))
  .catch((err) => { setImmediate(() => { throw err; }); });
`;

export function startStoreWorker(script: StoreWorkerScript, workerData: object): Worker {
  if (script.kind === 'built') return new Worker(script.url, { workerData });
  return new Worker(SOURCE_BOOTSTRAP, {
    eval: true,
    workerData: { ...workerData, __tsxApi: script.tsxApi, __entry: script.entry.href },
  });
}
