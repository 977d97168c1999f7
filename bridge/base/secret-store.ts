// Secrets the app generates and keeps (number signing secrets, the LAN certificate key, agent tokens):
// one JSON file in DATA_DIR, mode 0600, each value optionally sealed by a codec — Electron passes
// safeStorage's encryptString/decryptString; plain Node (browser mode) keeps them file-protected only.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { SautiError } from './errors';
import { writePrivateJson } from './private-json-file';

export interface SecretCodec {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export function createFileSecretStore(
  dataDir: string,
  codec?: SecretCodec,
  fileName = 'secrets.json',
): SecretStore {
  const file = path.join(dataDir, fileName);
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch (err) {
      throw new SautiError(
        'SECRETS_UNREADABLE',
        `${file} is damaged: remove it and pair or point the number again`,
        { cause: err },
      );
    }
  };
  const write = (all: Record<string, string>) => writePrivateJson(file, all);
  const seal = (v: string) => (codec ? `sealed:${codec.encrypt(v).toString('base64')}` : `plain:${v}`);
  const open = (v: string) => {
    if (v.startsWith('sealed:')) {
      if (!codec)
        throw new SautiError(
          'SECRETS_SEALED',
          'These secrets were sealed by the desktop app and cannot be read here',
        );
      return codec.decrypt(Buffer.from(v.slice(7), 'base64'));
    }
    return v.startsWith('plain:') ? v.slice(6) : v;
  };
  return {
    get: (name) => {
      const v = read()[name];
      return v === undefined ? undefined : open(v);
    },
    set: (name, value) => write({ ...read(), [name]: seal(value) }),
    delete: (name) => {
      const all = read();
      if (!(name in all)) return;
      delete all[name];
      write(all);
    },
  };
}

/** A JSON record file in DATA_DIR (mode 0600) for state that is not secret but must survive restarts. */
export function createJsonRecord<T>(
  dataDir: string,
  fileName: string,
  empty: () => T,
): { readonly file: string; read(): T; write(value: T): void; setAside(): string } {
  const file = path.join(dataDir, fileName);
  return {
    file,
    read() {
      if (!existsSync(file)) return empty();
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as T;
      } catch (err) {
        throw new SautiError('RECORD_UNREADABLE', `${file} is damaged: fix or remove it`, { cause: err });
      }
    },
    write(value) {
      writePrivateJson(file, value, 2);
    },
    setAside() {
      const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, aside);
      return aside;
    },
  };
}
