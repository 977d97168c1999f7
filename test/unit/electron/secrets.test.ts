import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SautiError } from '../../../bridge/base/errors';
import {
  safeStorageCodec,
  SECRETS_FILE_NAME,
  SecretVault,
  withSecrets,
  type SafeStorageLike,
} from '../../../electron/secrets';
import { captureLog } from '../../harness/capture-log';

/** A stand-in for safeStorage: a reversible transform that never leaves the value readable on disk. */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(Buffer.from(`enc:${s}`, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b) => {
      const s = Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8');
      if (!s.startsWith('enc:'))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return s.slice(4);
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secret vault', () => {
  it('round-trips secrets through safeStorage into a 0600 file that never holds them in clear', () => {
    const { log, text } = captureLog();
    const vault = new SecretVault(dir, fakeSafeStorage(), log);
    vault.save('geminiApiKey', 'AIza-very-secret');
    vault.save('webhookSecret', 'whsec_abc123');
    const file = path.join(dir, SECRETS_FILE_NAME);
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('AIza-very-secret');
    expect(raw).not.toContain('whsec_abc123');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = new SecretVault(dir, fakeSafeStorage(), log);
    expect(again.load()).toEqual({ geminiApiKey: 'AIza-very-secret', webhookSecret: 'whsec_abc123' });
    expect(again.storedKeys().sort()).toEqual(['geminiApiKey', 'webhookSecret']);
    expect(text()).not.toContain('AIza-very-secret');
    expect(text()).not.toContain('whsec_abc123');
  });

  it('removes a secret with an empty value', () => {
    const vault = new SecretVault(dir, fakeSafeStorage(), captureLog().log);
    vault.save('openaiApiKey', 'sk-1');
    vault.save('openaiApiKey', '');
    expect(vault.load()).toEqual({});
  });

  it('refuses to store without a keyring, and says what to do instead', () => {
    const vault = new SecretVault(
      dir,
      fakeSafeStorage({ isEncryptionAvailable: () => false }),
      captureLog().log,
    );
    expect(() => vault.save('sautikitApiKey', 'sk_live')).toThrow(SautiError);
    expect(() => vault.save('sautikitApiKey', 'sk_live')).toThrow(/environment variables/);
  });

  it('refuses keys that are not secret settings', () => {
    const vault = new SecretVault(dir, fakeSafeStorage(), captureLog().log);
    expect(() => vault.save('consoleToken' as never, 'x')).toThrow(/not a secret setting/);
  });

  it('skips a secret that no longer decrypts and names it in the log', () => {
    const captured = captureLog();
    writeFileSync(
      path.join(dir, SECRETS_FILE_NAME),
      JSON.stringify({ version: 1, secrets: { geminiApiKey: Buffer.from('garbage').toString('base64') } }),
    );
    const vault = new SecretVault(dir, fakeSafeStorage(), captured.log);
    expect(vault.load()).toEqual({});
    expect(captured.lines.find((l) => l.code === 'SECRETS_UNREADABLE')).toMatchObject({
      key: 'geminiApiKey',
    });
  });

  it('warns once when Linux has no keyring (basic_text)', () => {
    const captured = captureLog();
    const vault = new SecretVault(
      dir,
      fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      captured.log,
    );
    vault.save('geminiApiKey', 'a');
    vault.save('openaiApiKey', 'b');
    expect(captured.lines.filter((l) => l.code === 'SECRETS_WEAK_KEYRING')).toHaveLength(1);
  });

  it('says how well it keeps keys: keychain, only obfuscated (basic_text), or not at all', () => {
    const log = captureLog().log;
    expect(new SecretVault(dir, fakeSafeStorage(), log).storage).toBe('os-keychain');
    expect(
      new SecretVault(dir, fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }), log).storage,
    ).toBe('obfuscated');
    expect(new SecretVault(dir, fakeSafeStorage({ isEncryptionAvailable: () => false }), log).storage).toBe(
      'unavailable',
    );
  });

  it('reports a corrupt file clearly', () => {
    writeFileSync(path.join(dir, SECRETS_FILE_NAME), '{nope');
    const vault = new SecretVault(dir, fakeSafeStorage(), captureLog().log);
    expect(() => vault.load()).toThrow(/not valid JSON/);
  });

  it('lets the environment win over stored secrets', () => {
    expect(
      withSecrets({ geminiApiKey: 'from-env', port: '9000' }, { geminiApiKey: 'stored', openaiApiKey: 'o' }),
    ).toEqual({
      geminiApiKey: 'from-env',
      openaiApiKey: 'o',
      port: '9000',
    });
  });

  it('seals the core\u02bcs generated secrets with safeStorage, or says it cannot', () => {
    const codec = safeStorageCodec(fakeSafeStorage(), captureLog().log);
    const sealed = codec!.encrypt('lan-private-key');
    expect(sealed.toString('utf8')).not.toContain('lan-private-key');
    expect(codec!.decrypt(sealed)).toBe('lan-private-key');
    const captured = captureLog();
    expect(
      safeStorageCodec(fakeSafeStorage({ isEncryptionAvailable: () => false }), captured.log),
    ).toBeUndefined();
    expect(captured.lines.find((l) => l.code === 'SECRETS_UNAVAILABLE')).toBeDefined();
  });
});
