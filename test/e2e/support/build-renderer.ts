// Builds the renderer for the end-to-end run into a folder the test's console server serves, the same
// way electron.vite.config.ts builds it for the app (root renderer/, React plugin, relative base).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function buildRenderer(outDir: string): Promise<string> {
  await build({
    root: path.join(repoRoot, 'renderer'),
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: false, minify: true },
  });
  return outDir;
}

// `tsx test/e2e/support/build-renderer.ts [outDir]` builds by hand (default out/renderer).
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const outDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'out', 'renderer'));
  buildRenderer(outDir).then(
    () => console.log(`renderer built into ${outDir}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
