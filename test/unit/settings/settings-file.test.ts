import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bridge/config/config';
import { SettingsFile } from '../../../bridge/settings/settings-file';

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

  it('in browser mode keeps a key typed in the window for this run only: never in a file', () => {
    const { dir, base, file } = setup();
    const next = file.update(base, { geminiApiKey: 'AIza-window-key', greeting: 'Karibu' });
    expect(next.geminiApiKey).toBe('AIza-window-key');
    expect(file.effective(base).geminiApiKey).toBe('AIza-window-key');
    for (const name of readdirSync(dir))
      expect(readFileSync(path.join(dir, name), 'utf8')).not.toContain('AIza');
    expect(file.view(next, 'https://x', 'gemini')).toMatchObject({
      secretStorage: 'this-run-only',
      secretsSet: { geminiApiKey: true },
    });
    // The next start has it no more: the window says so, and the environment is where keys last.
    expect(new SettingsFile(dir, {}).effective(base).geminiApiKey).toBeUndefined();
  });

  it('keeps a key the core was started with while other settings change, until it is removed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-settings-'));
    const base = loadConfig({ dataDir: dir, sautikitApiKey: 'sk_from_start' });
    const file = new SettingsFile(dir, {});
    expect(file.update(base, { dialTimeoutS: 25 }).sautikitApiKey).toBe('sk_from_start');
    expect(file.update(base, { sautikitApiKey: '' }).sautikitApiKey).toBeUndefined();
    expect(file.update(base, { greeting: 'Hi' }).sautikitApiKey).toBeUndefined();
  });

  it('still uses a key an earlier version saved in plain text, says so, and drops it from the file when replaced', () => {
    const { dir, base } = setup();
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ openaiApiKey: 'sk-old-plain', greeting: 'Hi' }),
    );
    const file = new SettingsFile(dir, {});
    expect(file.effective(base).openaiApiKey).toBe('sk-old-plain');
    expect(file.view(file.effective(base), 'https://x', 'openai').plainTextSecrets).toEqual(['openaiApiKey']);
    const next = file.update(base, { openaiApiKey: 'sk-new' });
    expect(next.openaiApiKey).toBe('sk-new');
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).not.toContain('sk-');
    expect(file.view(next, 'https://x', 'openai').plainTextSecrets).toEqual([]);
  });

  it('gives the window the bounds and choices of each setting, from the schema', () => {
    const { base, file } = setup();
    const view = file.view(base, 'https://x', 'gemini');
    expect(view.rules.queueMaxWaitS).toEqual({ min: 10, max: 1800 });
    expect(view.rules.dialTimeoutS).toEqual({ min: 5, max: 120 });
    expect(view.rules.language?.choices).toContainEqual({ value: 'sw-KE', label: 'Kiswahili (Kenya)' });
    expect(view.rules.greeting?.maxLength).toBe(500);
    expect(() => file.update(base, { language: 'klingon' })).toThrow(/language: must be one of en-KE, sw-KE/);
  });

  it('shows the built-in instructions the AI gets while its box is empty', () => {
    const { base, file } = setup();
    const next = file.update(base, { businessName: 'Duka Bora' });
    expect(file.view(next, 'https://x', 'gemini').builtInInstructions).toMatch(
      /answering phone calls for Duka Bora/,
    );
    const custom = file.update(base, { systemPrompt: 'Be brief.' });
    expect(file.view(custom, 'https://x', 'gemini').builtInInstructions).toMatch(/Duka Bora/);
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

  it('names every bad field at once, in plain words', () => {
    const { base, file } = setup();
    let fields: Readonly<Record<string, string>> | undefined;
    try {
      file.update(base, {
        greeting: '',
        queueMaxWaitS: 'soon',
        sentimentThreshold: 2,
        teamNumber: '12',
        outboundPerMinKesCents: 1.5,
        port: 80,
      });
    } catch (err) {
      fields = (err as { fields?: Record<string, string> }).fields;
    }
    expect(fields).toEqual({
      port: 'this setting cannot be changed from the window',
      queueMaxWaitS: 'must be a number',
      sentimentThreshold: 'must be at most -1',
      teamNumber: expect.stringContaining('0712 345 678') as unknown as string,
      outboundPerMinKesCents: 'must be a whole number',
    });
    // An empty greeting clears the saved one (back to the default), it is not an error.
    expect(file.effective(base).greeting).toBe(base.greeting);
  });

  it('lets the environment win over saved settings', () => {
    const { base, file } = setup({ GREETING: 'From env' });
    const cfg = file.update(base, { greeting: 'From window' });
    expect(cfg.greeting).toBe('From env');
  });
});
