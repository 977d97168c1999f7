// Settings changed from the window: kept in DATA_DIR/settings.json (mode 0600: it may hold keys in
// browser mode) and layered between the defaults and the environment, which always wins. Changes
// apply to the next call without a restart.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SettingsView } from './api/contract';
import { configFromEnv, configSchema, ENV_NAMES, loadConfig, type Config, type ConfigInput } from './config';
import { SautiError } from './errors';
import { writePrivateJson } from './private-json-file';

/** Settings that hold secrets: reported as set/unset, never sent back to the UI in clear. */
export const SECRET_KEYS = ['sautikitApiKey', 'webhookSecret', 'geminiApiKey', 'openaiApiKey'] as const;

/** Settings the window may change (the rest are start-up settings: ports, data dir, tokens). */
export const EDITABLE_KEYS = [
  'publicUrl',
  'sautikitApiBase',
  'sautikitApiKey',
  'webhookSecret',
  'aiProvider',
  'geminiApiKey',
  'geminiModel',
  'geminiVoice',
  'openaiApiKey',
  'openaiModel',
  'openaiVoice',
  'businessName',
  'systemPrompt',
  'greeting',
  'language',
  'escalationPhrases',
  'neverAiTopics',
  'sentimentThreshold',
  'handoffMessage',
  'unstaffedMessage',
  'apologyMessage',
  'dialTimeoutS',
  'queueMaxWaitS',
  'afterAgentLeaves',
  'aiHelpsWhileWaiting',
  'teamNumber',
  'carrierTransfer',
  'outboundPerMinKesCents',
  'billing',
  'logCallContent',
] as const satisfies readonly (keyof ConfigInput)[];

type EditableKey = (typeof EDITABLE_KEYS)[number];
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Where secret settings live instead of settings.json (Electron: sealed with safeStorage, electron/secrets.ts). */
export interface SettingsSecrets {
  load(): Partial<Record<SecretKey, string>>;
  save(key: SecretKey, value: string | undefined): void;
}

const isSecretKey = (key: string): key is SecretKey => (SECRET_KEYS as readonly string[]).includes(key);

export class SettingsFile {
  private readonly file: string;
  private saved: Partial<Record<EditableKey, unknown>>;

  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly secrets?: SettingsSecrets,
  ) {
    this.file = path.join(dataDir, 'settings.json');
    this.saved = this.read();
  }

  /** Defaults ← saved settings ← environment; start-up values (ports, tokens) come from `base`. */
  effective(base: Config): Config {
    const fromEnv = configFromEnv(this.env) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...base };
    const stored = this.secrets?.load() ?? {};
    for (const key of EDITABLE_KEYS) {
      if (fromEnv[key] !== undefined) merged[key] = fromEnv[key];
      else if (this.secrets && isSecretKey(key)) merged[key] = stored[key];
      else if (this.saved[key] !== undefined) merged[key] = this.saved[key];
    }
    return {
      ...loadConfig(merged as ConfigInput),
      consoleToken: base.consoleToken,
      mediaTokenSecret: base.mediaTokenSecret,
    };
  }

  /** Validates and saves changes; an empty string clears a saved value. Throws SETTINGS_INVALID naming the field. */
  update(base: Config, values: Readonly<Record<string, unknown>>): Config {
    const next = { ...this.saved };
    const secretChanges = new Map<SecretKey, unknown>();
    for (const [key, value] of Object.entries(values)) {
      if (!(EDITABLE_KEYS as readonly string[]).includes(key)) {
        throw new SautiError('SETTINGS_INVALID', `${key}: this setting cannot be changed from the window`);
      }
      if (this.secrets && isSecretKey(key))
        secretChanges.set(key, value === '' || value === null ? undefined : value);
      else if (value === '' || value === null) delete next[key as EditableKey];
      else next[key as EditableKey] = value;
    }
    const candidate: Record<string, unknown> = { ...base, ...next };
    for (const [key, value] of secretChanges) if (value !== undefined) candidate[key] = value;
    const parsed = configSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SautiError('SETTINGS_INVALID', `${String(issue.path[0])}: ${issue.message}`);
    }
    this.saved = next;
    this.write();
    for (const [key, value] of secretChanges) this.secrets?.save(key, value as string | undefined);
    return this.effective(base);
  }

  view(config: Config, publicUrl: string, provider: string): SettingsView {
    const values: Record<string, SettingsView['values'][string]> = {};
    const secretsSet: Record<string, boolean> = {};
    const envSet = configFromEnv(this.env) as Record<string, unknown>;
    for (const key of EDITABLE_KEYS) {
      if ((SECRET_KEYS as readonly string[]).includes(key)) {
        secretsSet[key] = Boolean(config[key as keyof Config]);
        continue;
      }
      const v = config[key as keyof Config];
      values[key] = Array.isArray(v) ? [...(v as string[])] : (v as string | number | boolean | undefined);
    }
    for (const key of Object.keys(envSet)) values[`env:${ENV_NAMES[key as keyof typeof ENV_NAMES]}`] = true;
    return { values, secretsSet, publicUrl, provider };
  }

  private read(): Partial<Record<EditableKey, unknown>> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Partial<Record<EditableKey, unknown>>)
        : {};
    } catch (err) {
      throw new SautiError('SETTINGS_UNREADABLE', `${this.file} is not valid JSON: fix or remove it`, {
        cause: err,
      });
    }
  }

  private write(): void {
    writePrivateJson(this.file, this.saved, 2);
  }
}
