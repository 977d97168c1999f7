// The packaging config is checked with electron-builder's own schema (installers cannot be built here).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { APP_USER_MODEL_ID } from '../../../electron/lifecycle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  asarUnpack?: string[];
  files?: Array<string | { filter?: string[] }>;
  linux?: { target?: string[] };
  win?: { target?: string[] };
  mac?: { target?: string[]; extendInfo?: Record<string, string> };
}

async function load(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(dir: string, file: string, options: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml', () => {
  it('passes electron-builderʼs schema and targets every desktop', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.extendInfo?.NSMicrophoneUsageDescription).toMatch(/microphone/);
    // Windows notifications need the window's app user model id to be the installer's appId.
    expect(config.appId).toBe(APP_USER_MODEL_ID);
  });

  it('ships the built app only and keeps native modules out of the asar', async () => {
    const config = await load();
    const files = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    expect(files).toContain('out/**/*');
    expect(files.some((f) => /^(bridge|electron|renderer)\//.test(f))).toBe(false);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@ngrok/**']),
    );
  });
});
