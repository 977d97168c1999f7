// Where a worker thread's code is, in every way the app runs. From TypeScript source (tsx, vitest) the
// thread registers tsx itself and imports its .ts entry: Node 20 ignores `--import tsx` in a worker's
// execArgv for the entry module. Built (electron-vite), the build emits `<name>.js` beside the main
// bundle and the thread runs that. The store's thread and the AI thread are both found this way.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SautiError, type ErrorCode } from './errors';

export interface ThreadEntry {
  /** The built entry's name without extension (electron-vite main input), e.g. `store-worker`. */
  readonly builtName: string;
  /** The TypeScript entry, relative to the module that asks for it, e.g. `./worker.ts`. */
  readonly source: string;
  /** The error code when it cannot be found. */
  readonly missingCode: ErrorCode;
}

export type ThreadScript =
  | { readonly kind: 'built'; readonly url: URL }
  | { readonly kind: 'source'; readonly entry: URL; readonly tsxApi: string };

/** The names the build may give a worker entry. */
export function builtFiles(builtName: string): string[] {
  return ['.js', '.mjs', '.cjs'].map((ext) => `${builtName}${ext}`);
}

function tsxApiUrl(fromUrl: string, missingCode: ErrorCode): string {
  const require = createRequire(fromUrl);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = require(pkgFile) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const api = pkg.exports?.['./esm/api'];
  const file = typeof api === 'object' ? api.import?.default : undefined;
  if (!file)
    throw new SautiError(missingCode, 'tsx has no ./esm/api export: cannot run a worker thread from source');
  return new URL(file, pathToFileURL(pkgFile)).href;
}

/**
 * Finds `entry` for the module at `moduleUrl` (the asking file, or the bundle it was built into).
 * `override` is a path to a built worker script, for packagers that put it elsewhere.
 */
export function resolveThreadScript(entry: ThreadEntry, moduleUrl: string, override?: string): ThreadScript {
  if (override) return { kind: 'built', url: pathToFileURL(override) };
  if (/\.[cm]?ts$/.test(new URL(moduleUrl).pathname)) {
    return {
      kind: 'source',
      entry: new URL(entry.source, moduleUrl),
      tsxApi: tsxApiUrl(moduleUrl, entry.missingCode),
    };
  }
  for (const dir of ['./', '../']) {
    for (const name of builtFiles(entry.builtName)) {
      const file = fileURLToPath(new URL(`${dir}${name}`, moduleUrl));
      // Packaged with asarUnpack, the worker and its chunks sit in app.asar.unpacked: prefer real files.
      const unpacked = file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
      if (unpacked !== file && existsSync(unpacked)) return { kind: 'built', url: pathToFileURL(unpacked) };
      if (existsSync(file)) return { kind: 'built', url: pathToFileURL(file) };
    }
  }
  throw new SautiError(
    entry.missingCode,
    `A worker thread was not built: expected ${entry.builtName}.js beside ${fileURLToPath(moduleUrl)} ` +
      `(electron-vite main entry "${entry.builtName}")`,
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

export function startThread(script: ThreadScript, workerData: object): Worker {
  if (script.kind === 'built') return new Worker(script.url, { workerData });
  return new Worker(SOURCE_BOOTSTRAP, {
    eval: true,
    workerData: { ...workerData, __tsxApi: script.tsxApi, __entry: script.entry.href },
  });
}
