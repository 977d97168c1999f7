import { fileURLToPath } from 'node:url';
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
    // The fake OpenAI Realtime speaks TLS (the official client dials wss: only): test processes trust
    // its throwaway certificate. Node reads this at start-up, so it goes into the forked workers' env.
    env: {
      NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('./test/fixtures/tls/fake-provider-cert.pem', import.meta.url)),
    },
    reporters: ['default'],
  },
});
