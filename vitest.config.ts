import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The fake OpenAI Realtime speaks TLS (the official client dials wss: only), so test processes trust its
 * throwaway certificate — added to whatever NODE_EXTRA_CA_CERTS already names. Node reads the variable
 * at start-up, so it goes into the forked workers' env (`test.env`).
 */
function extraCaCerts(): string {
  const own = fileURLToPath(new URL('./test/fixtures/tls/fake-provider-cert.pem', import.meta.url));
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (!existing || !existsSync(existing)) return own;
  const pem = `${readFileSync(existing, 'utf8')}\n${readFileSync(own, 'utf8')}`;
  const bundle = path.join(
    os.tmpdir(),
    `sauti-test-ca-${createHash('sha256').update(pem).digest('hex').slice(0, 16)}.pem`,
  );
  if (!existsSync(bundle)) writeFileSync(bundle, pem);
  return bundle;
}

// Three projects, one run: `vitest run` runs them all; `--project unit` (or integration, e2e) runs one.
export default defineConfig({
  // The root tsconfig only references the two projects, so say the renderer's JSX transform here.
  esbuild: { jsx: 'automatic' },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: a single worker on a 2-core CI machine. Unit tests
    // compute, so one per CPU; integration tests mostly wait on sockets and real-time audio, so twice that.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    env: { NODE_EXTRA_CA_CERTS: extraCaCerts() },
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          maxWorkers: Math.max(4, os.availableParallelism()),
          // Workers differ per project, so the projects run one after another: unit, integration, e2e.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        // Real Chromium against the real core: one file at a time, with room for the browser to start.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
