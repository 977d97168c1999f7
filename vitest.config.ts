import { defineConfig } from 'vitest/config';

// Three projects, one run: `vitest run` runs them all; `--project unit` (or integration, e2e) runs one.
export default defineConfig({
  // The root tsconfig only references the two projects, so say the renderer's JSX transform here.
  esbuild: { jsx: 'automatic' },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'] },
      },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      {
        extends: true,
        // Real Chromium against the real core: one file at a time, with room for the browser to start.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
