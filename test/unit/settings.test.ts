import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bridge/config';
import { SettingsFile } from '../../bridge/settings';

function setup(env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-settings-'));
  const base = loadConfig({ dataDir: dir });
  return { dir, base, file: new SettingsFile(dir, env) };
}

describe('SettingsFile', () => {
  it('saves changes with file mode 600 and applies them over defaults', () => {
    const { dir, base, file } = setup();
    const next = file.update(base, { greeting: 'Karibu!', openaiApiKey: 'sk-secret', aiProvider: 'openai' });
    expect(next.greeting).toBe('Karibu!');
    expect(next.aiProvider).toBe('openai');
    const saved = path.join(dir, 'settings.json');
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    expect(new SettingsFile(dir, {}).effective(base).greeting).toBe('Karibu!');
    expect(readFileSync(saved, 'utf8')).toContain('Karibu!');
  });

  it('never shows secrets, only whether they are set', () => {
    const { base, file } = setup();
    const cfg = file.update(base, { openaiApiKey: 'sk-secret' });
    const view = file.view(cfg, 'https://x', 'openai');
    expect(JSON.stringify(view)).not.toContain('sk-secret');
    expect(view.secretsSet.openaiApiKey).toBe(true);
    expect(view.secretsSet.geminiApiKey).toBe(false);
  });

  it('refuses invalid values naming the field, and keeps the previous ones', () => {
    const { base, file } = setup();
    file.update(base, { greeting: 'Hello' });
    expect(() => file.update(base, { dialTimeoutS: 1 })).toThrow(/dialTimeoutS/);
    expect(() => file.update(base, { port: 1 })).toThrow(/cannot be changed/);
    expect(file.effective(base).greeting).toBe('Hello');
  });

  it('lets the environment win over saved settings', () => {
    const { base, file } = setup({ GREETING: 'From env' });
    const cfg = file.update(base, { greeting: 'From window' });
    expect(cfg.greeting).toBe('From env');
  });
});
