// Secret settings set from the window go to the secret store (Electron: safeStorage) instead of
// settings.json; the environment still wins, and clearing one clears it at once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bridge/config/config';
import { SettingsFile, type SecretKey, type SettingsSecrets } from '../../../bridge/settings/settings-file';

function memorySecrets(
  initial: Partial<Record<SecretKey, string>> = {},
): SettingsSecrets & { values: Partial<Record<SecretKey, string>> } {
  const values = { ...initial };
  return {
    values,
    storage: 'os-keychain',
    load: () => ({ ...values }),
    save: (key, value) => {
      if (value === undefined) delete values[key];
      else values[key] = value;
    },
  };
}

const dirs: string[] = [];
function setup(env: NodeJS.ProcessEnv = {}, initial: Partial<Record<SecretKey, string>> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-settings-secrets-'));
  dirs.push(dir);
  const secrets = memorySecrets(initial);
  const base = loadConfig({ dataDir: dir, ...initial });
  return { dir, base, secrets, file: new SettingsFile(dir, env, secrets) };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SettingsFile with a secret store', () => {
  it('keeps keys out of settings.json and in the store, and applies them', () => {
    const { dir, base, secrets, file } = setup();
    const next = file.update(base, { openaiApiKey: 'sk-window', aiProvider: 'openai', greeting: 'Karibu' });
    expect(next.openaiApiKey).toBe('sk-window');
    expect(secrets.values).toEqual({ openaiApiKey: 'sk-window' });
    const saved = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(saved).not.toContain('sk-window');
    expect(saved).toContain('Karibu');
    expect(new SettingsFile(dir, {}, secrets).effective(base).openaiApiKey).toBe('sk-window');
  });

  it('clears a stored key at once, even one the app started with', () => {
    const { base, secrets, file } = setup({}, { geminiApiKey: 'stored-at-start' });
    expect(file.effective(base).geminiApiKey).toBe('stored-at-start');
    const next = file.update(base, { geminiApiKey: '' });
    expect(next.geminiApiKey).toBeUndefined();
    expect(secrets.values).toEqual({});
  });

  it('lets the environment win and validates before storing anything', () => {
    const { base, secrets, file } = setup({ GEMINI_API_KEY: 'from-env' });
    expect(file.update(base, { geminiApiKey: 'from-window' }).geminiApiKey).toBe('from-env');
    expect(() => file.update(base, { webhookSecret: 'ok-secret', dialTimeoutS: 1 })).toThrow(/dialTimeoutS/);
    expect(secrets.values.webhookSecret).toBeUndefined();
  });

  it('without a working keyring, refuses to store a key and says to use the environment', () => {
    const { base, secrets, file } = setup();
    Object.assign(secrets, { storage: 'unavailable' });
    expect(() => file.update(base, { geminiApiKey: 'AIza-x', greeting: 'Hi' })).toThrow(
      expect.objectContaining({
        code: 'SETTINGS_INVALID',
        fields: {
          geminiApiKey: expect.stringMatching(
            /keyring is not available\. Set GEMINI_API_KEY in the environment/,
          ),
        },
      }),
    );
    expect(secrets.values).toEqual({});
    expect(file.effective(base).greeting).not.toBe('Hi');
  });
});
