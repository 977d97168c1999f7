// One build for the three parts of the desktop app (electron-vite): main (with the store's and the AI's
// worker threads as more entries, emitted beside it as store-worker.js and ai-worker.js), the
// sandboxed preload (CommonJS: a sandboxed preload cannot be an ES module), and the React renderer,
// which browser mode serves from out/renderer.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: resolve('out/main'),
      rollupOptions: {
        input: {
          main: resolve('electron/main.ts'),
          'store-worker': resolve('bridge/store/worker.ts'),
          'ai-worker': resolve('bridge/ai/thread/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve('out/preload'),
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
