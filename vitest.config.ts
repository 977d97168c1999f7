import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The root tsconfig only references the two projects, so say the renderer's JSX transform here.
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
