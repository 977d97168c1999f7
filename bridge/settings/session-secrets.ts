// Where browser mode keeps a key typed in Settings: in memory, for as long as the app runs. Plain Node
// has no keychain, and a key written beside the data (even encrypted, with its key in a 0600 file next
// to it) is readable by anyone who can read the data folder as this user: no real protection, so no
// file at all. A key meant to last is set in the environment, which always wins.
import type { SecretKey, SettingsSecrets } from './settings-file';

export function sessionSecrets(): SettingsSecrets {
  const values: Partial<Record<SecretKey, string>> = {};
  return {
    storage: 'this-run-only',
    load: () => ({ ...values }),
    save(key, value) {
      if (value === undefined || value === '') delete values[key];
      else values[key] = value;
    },
  };
}
