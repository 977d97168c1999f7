// Settings changed from the window: kept in DATA_DIR/settings.json (mode 0600) and layered between
// the defaults and the environment, which always wins. Keys never go into that file: they go to the
// secret store the shell gives (the desktop app's keychain) or, in browser mode, stay in memory for
// this run (session-secrets.ts says why). Every bad value is refused at once, in plain words. Changes
// apply to the next call without a restart.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { buildInstructions } from '../ai/instructions';
import type { SecretStorage, SettingRule, SettingsView } from '../api/contract';
import {
  configFromEnv,
  configSchema,
  ENV_NAMES,
  loadConfig,
  type Config,
  type ConfigInput,
} from '../config/config';
import { SautiError } from '../base/errors';
import { CALL_LANGUAGES } from '../config/languages';
import { writePrivateJson } from '../base/private-json-file';
import { sessionSecrets } from './session-secrets';
import { problemsByKey } from '../config/settings-problems';

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
  'inboundPerMinKesCents',
  'aiInputPerMTokensKesCents',
  'aiOutputPerMTokensKesCents',
  'aiPerMinKesCents',
] as const satisfies readonly (keyof ConfigInput)[];

type EditableKey = (typeof EDITABLE_KEYS)[number];
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Where secret settings live instead of settings.json (Electron: sealed with safeStorage, electron/secrets.ts). */
export interface SettingsSecrets {
  /** How well the keys are kept, said in the window so nobody assumes more. */
  readonly storage: SecretStorage;
  load(): Partial<Record<SecretKey, string>>;
  save(key: SecretKey, value: string | undefined): void;
}

const isSecretKey = (key: string): key is SecretKey => (SECRET_KEYS as readonly string[]).includes(key);

export class SettingsFile {
  private readonly file: string;
  private saved: Partial<Record<EditableKey, unknown>>;
  private readonly rules: Readonly<Record<string, SettingRule>> = settingRules();
  /** Keys removed from the window this run: they no longer fall back to the start-up value. */
  private readonly clearedSecrets = new Set<SecretKey>();

  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly secrets: SettingsSecrets = sessionSecrets(),
  ) {
    this.file = path.join(dataDir, 'settings.json');
    this.saved = this.read();
  }

  /** Defaults ← saved settings ← environment; start-up values (ports, tokens) come from `base`. */
  effective(base: Config): Config {
    const fromEnv = configFromEnv(this.env) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...base };
    const stored = this.secrets.load();
    for (const key of EDITABLE_KEYS) {
      if (fromEnv[key] !== undefined) merged[key] = fromEnv[key];
      else if (isSecretKey(key)) {
        // A key an earlier version saved in plain text still works until it is replaced or removed;
        // with neither, the start-up value stays (a key given to the core at start) unless removed here.
        const kept = stored[key] ?? this.saved[key];
        if (kept !== undefined) merged[key] = kept;
        else if (this.clearedSecrets.has(key)) merged[key] = undefined;
      } else if (this.saved[key] !== undefined) merged[key] = this.saved[key];
    }
    return {
      ...loadConfig(merged as ConfigInput),
      consoleToken: base.consoleToken,
      mediaTokenSecret: base.mediaTokenSecret,
    };
  }

  /**
   * Validates and saves changes; an empty string clears a saved value. Throws SETTINGS_INVALID naming
   * every bad field (in `fields`, and in the message) and saves nothing then.
   */
  update(base: Config, values: Readonly<Record<string, unknown>>): Config {
    const next = { ...this.saved };
    const secretChanges = new Map<SecretKey, string | undefined>();
    const refused: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (!(EDITABLE_KEYS as readonly string[]).includes(key)) {
        refused[key] = 'this setting cannot be changed from the window';
      } else if (isSecretKey(key)) {
        const cleared = value === '' || value === null;
        if (!cleared && typeof value !== 'string') refused[key] = 'must be text';
        else if (!cleared && this.secrets.storage === 'unavailable')
          refused[key] =
            `cannot be stored: the system keyring is not available. Set ${ENV_NAMES[key]} in the environment instead`;
        else secretChanges.set(key, cleared ? undefined : value);
        // Never (again) in settings.json: a plain-text copy from an earlier version goes now.
        delete next[key];
      } else if (value === '' || value === null) delete next[key as EditableKey];
      else next[key as EditableKey] = value;
    }
    const candidate: Record<string, unknown> = { ...base, ...next };
    for (const [key, value] of secretChanges) if (value !== undefined) candidate[key] = value;
    const parsed = configSchema.safeParse(candidate);
    const problems = { ...refused, ...(parsed.success ? {} : problemsByKey(parsed.error)) };
    const keys = Object.keys(problems);
    if (keys.length > 0) {
      const list = keys.map((k) => `${k}: ${problems[k]}`).join('; ');
      throw new SautiError(
        'SETTINGS_INVALID',
        `Not saved: ${keys.length === 1 ? 'one setting needs' : `${keys.length} settings need`} fixing — ${list}`,
        { fields: problems },
      );
    }
    this.saved = next;
    this.write();
    for (const [key, value] of secretChanges) {
      this.secrets.save(key, value);
      if (value === undefined) this.clearedSecrets.add(key);
      else this.clearedSecrets.delete(key);
    }
    return this.effective(base);
  }

  view(config: Config, publicUrl: string, provider: string): SettingsView {
    const values: Record<string, SettingsView['values'][string]> = {};
    const secretsSet: Record<string, boolean> = {};
    const envSet = configFromEnv(this.env) as Record<string, unknown>;
    for (const key of EDITABLE_KEYS) {
      if (isSecretKey(key)) {
        secretsSet[key] = Boolean(config[key]);
        continue;
      }
      const v = config[key as keyof Config];
      values[key] = Array.isArray(v) ? [...(v as string[])] : (v as string | number | boolean | undefined);
    }
    for (const key of Object.keys(envSet)) values[`env:${ENV_NAMES[key as keyof typeof ENV_NAMES]}`] = true;
    return {
      values,
      secretsSet,
      publicUrl,
      provider,
      rules: this.rules,
      secretStorage: this.secrets.storage,
      plainTextSecrets: SECRET_KEYS.filter((key) => this.saved[key] !== undefined),
      builtInInstructions: buildInstructions({ ...config, systemPrompt: undefined }),
    };
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

interface JsonSchemaProperty {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly enum?: readonly unknown[];
}

/** The bounds and choices of each editable setting, read from the one schema (config.ts). */
function settingRules(): Record<string, SettingRule> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
  };
  const out: Record<string, SettingRule> = {};
  for (const key of EDITABLE_KEYS) {
    const p = schema.properties?.[key];
    if (!p) continue;
    const rule: { -readonly [K in keyof SettingRule]: SettingRule[K] } = {};
    if (typeof p.minimum === 'number') rule.min = p.minimum;
    if (typeof p.maximum === 'number' && p.maximum < Number.MAX_SAFE_INTEGER) rule.max = p.maximum;
    if (typeof p.maxLength === 'number') rule.maxLength = p.maxLength;
    if (p.enum)
      rule.choices = p.enum.map((v) => ({
        value: String(v),
        label:
          key === 'language' ? (CALL_LANGUAGES[v as keyof typeof CALL_LANGUAGES] ?? String(v)) : String(v),
      }));
    if (Object.keys(rule).length > 0) out[key] = rule;
  }
  return out;
}
