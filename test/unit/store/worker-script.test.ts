// Where the store thread's code is found: from TypeScript source (tsx, vitest), beside a built bundle
// (electron-vite emits out/main/store-worker.js next to main.js), or not at all (a clear error).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import { StoreClient } from '../../../bridge/store/client';
import { resolveStoreWorker } from '../../../bridge/store/worker-script';
import { aiResolvedCall } from './call-script';
import { tempDir } from './test-db';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const storeDir = path.resolve(__dirname, '../../../bridge/store');

describe('resolveStoreWorker', () => {
  it('runs worker.ts through tsx when the code runs from TypeScript source', () => {
    const script = resolveStoreWorker(pathToFileURL(path.join(storeDir, 'worker-script.ts')).href);
    expect(script.kind).toBe('source');
    if (script.kind !== 'source') return;
    expect(fileURLToPath(script.entry)).toBe(path.join(storeDir, 'worker.ts'));
    expect(script.tsxApi).toMatch(/\/tsx\/dist\/esm\/api\/index\.mjs$/);
  });

  it('finds store-worker.js beside the built bundle, or one folder up from a chunk', () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    mkdirSync(path.join(tmp.dir, 'main', 'chunks'), { recursive: true });
    writeFileSync(path.join(tmp.dir, 'main', 'store-worker.js'), '');
    const beside = resolveStoreWorker(pathToFileURL(path.join(tmp.dir, 'main', 'main.js')).href);
    expect(beside).toEqual({
      kind: 'built',
      url: pathToFileURL(path.join(tmp.dir, 'main', 'store-worker.js')),
    });
    const fromChunk = resolveStoreWorker(
      pathToFileURL(path.join(tmp.dir, 'main', 'chunks', 'client-x.js')).href,
    );
    expect(fromChunk).toEqual(beside);
  });

  it('prefers the unpacked copy of a packaged app (asarUnpack) over the one inside app.asar', () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    mkdirSync(path.join(tmp.dir, 'app.asar', 'out', 'main'), { recursive: true });
    mkdirSync(path.join(tmp.dir, 'app.asar.unpacked', 'out', 'main'), { recursive: true });
    writeFileSync(path.join(tmp.dir, 'app.asar', 'out', 'main', 'store-worker.js'), '');
    writeFileSync(path.join(tmp.dir, 'app.asar.unpacked', 'out', 'main', 'store-worker.js'), '');
    expect(
      resolveStoreWorker(pathToFileURL(path.join(tmp.dir, 'app.asar', 'out', 'main', 'main.js')).href),
    ).toEqual({
      kind: 'built',
      url: pathToFileURL(path.join(tmp.dir, 'app.asar.unpacked', 'out', 'main', 'store-worker.js')),
    });
  });

  it('says what the build must emit when the worker is missing', () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    expect(() => resolveStoreWorker(pathToFileURL(path.join(tmp.dir, 'main.js')).href)).toThrow(
      expect.objectContaining({
        code: 'STORE_NO_WORKER',
        message: expect.stringMatching(/store-worker\.js beside/),
      }),
    );
  });

  it('a worker bundled as the build bundles it (ESM, better-sqlite3 external) runs the store', async () => {
    const tmp = tempDir();
    const outfile = path.join(tmp.dir, 'main', 'store-worker.js');
    await build({
      entryPoints: [path.join(storeDir, 'worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3'],
      logLevel: 'silent',
    });
    writeFileSync(path.join(tmp.dir, 'package.json'), '{"type":"module"}');
    // better-sqlite3 stays external and is found in node_modules beside the output, as in the app.
    mkdirSync(path.join(tmp.dir, 'node_modules'), { recursive: true });
    symlinkSync(
      path.resolve(__dirname, '../../../node_modules/better-sqlite3'),
      path.join(tmp.dir, 'node_modules', 'better-sqlite3'),
    );
    const script = resolveStoreWorker(pathToFileURL(path.join(tmp.dir, 'main', 'main.js')).href);
    expect(script.kind).toBe('built');

    const store = new StoreClient({
      dataDir: tmp.dir,
      log: createSilentLog(),
      clock: realClock,
      workerScript: outfile,
    });
    cleanups.push(async () => {
      await store.stop();
      tmp.remove();
    });
    await store.start();
    expect(store.status().ok).toBe(true);
    for (const e of aiResolvedCall('CA-built', Date.UTC(2026, 0, 5)).events) store.record(e);
    await store.flush();
    expect((await store.detail('CA-built')).call.outcome).toBe('ai-resolved');
  });
});
