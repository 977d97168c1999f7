// The desktop app's secrets (AI keys, the Sautikit API key, the webhook secret) encrypted with Electron's
// safeStorage (Keychain, DPAPI, libsecret/kwallet) in one 0600 file. They reach the core as settings
// when it starts; values are never logged, only which keys are set.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  SautiError,
  writePrivateJson,
  SECRET_KEYS,
  type Log,
  type SecretStorage,
  type SecretKey,
  type SettingsSecrets,
  type SecretCodec,
} from '../bridge/desktop';

export type Secrets = Partial<Record<SecretKey, string>>;

/** The part of Electron's safeStorage this file uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

interface VaultFile {
  readonly version: 1;
  readonly secrets: Secrets;
}

/** In Electron's userData folder; DATA_DIR/secrets.json is the core's own store of generated secrets. */
export const SECRETS_FILE_NAME = 'settings-secrets.json';

function isSecretKey(key: string): key is SecretKey {
  return (SECRET_KEYS as readonly string[]).includes(key);
}

export class SecretVault implements SettingsSecrets {
  private readonly file: string;
  private warnedWeak = false;

  constructor(
    dir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly log: Log,
  ) {
    this.file = path.join(dir, SECRETS_FILE_NAME);
  }

  /**
   * How well keys are kept here, for the window to say: Electron's safeStorage on Linux without a
   * keyring service (gnome-keyring, KWallet) only obfuscates ("basic_text"); with no encryption at all
   * nothing can be stored and keys belong in the environment.
   */
  get storage(): SecretStorage {
    if (!this.safeStorage.isEncryptionAvailable()) return 'unavailable';
    return this.safeStorage.getSelectedStorageBackend?.() === 'basic_text' ? 'obfuscated' : 'os-keychain';
  }

  /** Every stored secret that decrypts; one that does not (keyring reset) is skipped and logged by name. */
  load(): Secrets {
    const stored = this.read();
    const names = Object.keys(stored) as SecretKey[];
    if (names.length === 0) return {};
    if (!this.safeStorage.isEncryptionAvailable()) {
      this.log.warn(
        { code: 'SECRETS_UNAVAILABLE', keys: names },
        'stored secrets cannot be read: the system keyring is not available',
      );
      return {};
    }
    const out: Secrets = {};
    for (const key of names) {
      try {
        out[key] = this.safeStorage.decryptString(Buffer.from(stored[key] ?? '', 'base64'));
      } catch {
        this.log.warn(
          { code: 'SECRETS_UNREADABLE', key },
          'a stored secret could not be decrypted: set it again in Settings',
        );
      }
    }
    return out;
  }

  /** Stores a secret (or removes it with undefined / empty string). Throws SECRETS_UNAVAILABLE without a keyring. */
  save(key: SecretKey, value: string | undefined): void {
    if (!isSecretKey(key))
      throw new SautiError('SECRETS_UNKNOWN_KEY', `${String(key)} is not a secret setting`);
    const stored = { ...this.read() };
    if (value === undefined || value === '') {
      delete stored[key];
    } else {
      if (!this.safeStorage.isEncryptionAvailable()) {
        throw new SautiError(
          'SECRETS_UNAVAILABLE',
          'The system keyring is not available, so keys cannot be stored safely. Set them as environment variables instead.',
        );
      }
      this.warnIfWeak();
      stored[key] = this.safeStorage.encryptString(value).toString('base64');
    }
    writePrivateJson(this.file, { version: 1, secrets: stored } satisfies VaultFile, 2);
    this.log.info({ key, set: stored[key] !== undefined }, 'secret setting saved');
  }

  /** Which secrets are stored (never their values). */
  storedKeys(): SecretKey[] {
    return Object.keys(this.read()) as SecretKey[];
  }

  private warnIfWeak(): void {
    if (this.warnedWeak) return;
    const backend = this.safeStorage.getSelectedStorageBackend?.();
    if (backend === 'basic_text') {
      this.warnedWeak = true;
      this.log.warn(
        { code: 'SECRETS_WEAK_KEYRING', backend },
        'no desktop keyring found: secrets are only obfuscated on disk (install gnome-keyring or kwallet)',
      );
    }
  }

  private read(): Secrets {
    if (!existsSync(this.file)) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new SautiError(
        'SECRETS_FILE_INVALID',
        `${this.file} is not valid JSON: remove it and set the keys again`,
        {
          cause: err,
        },
      );
    }
    const secrets = (parsed as Partial<VaultFile> | null)?.secrets;
    if (!secrets || typeof secrets !== 'object') return {};
    const out: Secrets = {};
    for (const [key, value] of Object.entries(secrets)) {
      if (isSecretKey(key) && typeof value === 'string') out[key] = value;
    }
    return out;
  }
}

/** Settings input for the core: stored secrets under the environment, which always wins. */
export function withSecrets<T extends Record<string, unknown>>(input: T, secrets: Secrets): T {
  const merged: Record<string, unknown> = { ...secrets };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  return merged as T;
}

/**
 * safeStorage as the codec of the core's store of generated secrets (number signing secrets, the LAN
 * key, agent tokens); none (file permissions only, logged) when the system has no keyring.
 */
export function safeStorageCodec(safeStorage: SafeStorageLike, log: Log): SecretCodec | undefined {
  if (!safeStorage.isEncryptionAvailable()) {
    log.warn(
      { code: 'SECRETS_UNAVAILABLE' },
      'no system keyring: generated secrets are protected by file permissions only',
    );
    return undefined;
  }
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
