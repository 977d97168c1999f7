// settings.get / settings.set: validated with the field named, applied to the live config in place,
// secrets only as set/unset, the environment always winning, and saved settings applied at start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applySavedSettings, settingsHandlers } from '../../../bridge/settings/console-handlers';
import { loadConfig, type Config } from '../../../bridge/config/config';
import { createSilentLog } from '../../../bridge/base/log';
import { SettingsFile } from '../../../bridge/settings/settings-file';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(env: NodeJS.ProcessEnv = {}) {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-settings-'));
  const startup = loadConfig({ dataDir: dir, port: 0 });
  const live: Config = { ...startup };
  const file = new SettingsFile(dir, env);
  const applied: string[][] = [];
  const handlers = settingsHandlers({
    file,
    startup,
    live,
    log: createSilentLog(),
    publicUrl: () => 'https://sauti.example.org',
    providerName: () => 'gemini',
    applied: (keys) => applied.push([...keys]),
  });
  return { startup, live, handlers, applied };
}

describe('settings handlers', () => {
  it('applies a valid change to the live config and rebuilds what depends on it', async () => {
    const { live, handlers, applied } = setup();
    const view = await handlers['settings.set']({ values: { greeting: 'Karibu!', dialTimeoutS: 25 } });
    expect(live.greeting).toBe('Karibu!');
    expect(live.dialTimeoutS).toBe(25);
    expect(view.values.greeting).toBe('Karibu!');
    expect(applied).toEqual([['greeting', 'dialTimeoutS']]);
  });

  it('refuses every invalid value at once, naming each field in plain words, and changes nothing', () => {
    const { live, handlers, applied } = setup();
    expect(() =>
      handlers['settings.set']({ values: { dialTimeoutS: 2, queueMaxWaitS: 7200, greeting: 'Karibu' } }),
    ).toThrow(
      expect.objectContaining({
        code: 'SETTINGS_INVALID',
        message: expect.stringMatching(
          /^Not saved: 2 settings need fixing — dialTimeoutS: .*queueMaxWaitS: /,
        ),
        fields: {
          dialTimeoutS: 'must be at least 5 seconds',
          queueMaxWaitS: 'must be at most 1800 seconds (30 minutes)',
        },
      }),
    );
    expect(live.dialTimeoutS).toBe(20);
    expect(live.greeting).not.toBe('Karibu');
    expect(applied).toEqual([]);
  });

  it('never sends a secret back, only whether it is set', async () => {
    const { handlers } = setup();
    const view = await handlers['settings.set']({ values: { geminiApiKey: 'AIza-secret' } });
    expect(JSON.stringify(view)).not.toContain('AIza-secret');
    expect(view.secretsSet.geminiApiKey).toBe(true);
  });

  it('keeps the environment’s value and says so', async () => {
    const { live, handlers } = setup({ GREETING: 'From env' });
    await handlers['settings.set']({ values: { greeting: 'From window' } });
    expect(live.greeting).toBe('From env');
    const view = await handlers['settings.get']({});
    expect(view.values['env:GREETING']).toBe(true);
  });

  it('applies the saved settings at the next start', async () => {
    const first = setup();
    await first.handlers['settings.set']({ values: { businessName: 'Duka Bora' } });
    const startup = loadConfig({ dataDir: dir, port: 0 });
    const live: Config = { ...startup };
    applySavedSettings({ file: new SettingsFile(dir, {}), startup, live });
    expect(live.businessName).toBe('Duka Bora');
    expect(startup.businessName).toBe('our company');
  });
});
