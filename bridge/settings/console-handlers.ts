// settings.get / settings.set for the window: the saved settings layered over the start-up config
// (environment always wins), validated with the field named in SETTINGS_INVALID, secrets reported only
// as set/unset. A change is copied into the live config object everyone reads from, so it applies to
// the next call without a restart.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RateInUseView } from '../api/contract';
import type { Config } from '../config/config';
import type { Log } from '../base/log';
import type { SettingsFile } from './settings-file';
import type { Handlers } from '../console/rpc';

export interface SettingsDeps {
  readonly file: SettingsFile;
  /** The config as the environment made it at start (never changed). */
  readonly startup: Config;
  /** The config the app reads from; changed in place. */
  readonly live: Config;
  readonly log: Log;
  readonly publicUrl: () => string;
  readonly providerName: () => string;
  /** After a change: rebuild what was built from the old settings (the AI provider). */
  readonly applied: (changedKeys: readonly string[]) => void;
  /** The prices the cost estimates use now (shown beside their settings). */
  readonly ratesInUse?: () => Readonly<Record<string, RateInUseView>>;
}

/** Applies the settings saved from the window (if any) to the live config at start. */
export function applySavedSettings(deps: Pick<SettingsDeps, 'file' | 'startup' | 'live'>): void {
  if (!existsSync(path.join(deps.startup.dataDir, 'settings.json'))) return;
  Object.assign(deps.live, deps.file.effective(deps.startup));
}

export function settingsHandlers(deps: SettingsDeps): Pick<Handlers, 'settings.get' | 'settings.set'> {
  const view = () => ({
    ...deps.file.view(deps.live, deps.publicUrl(), deps.providerName()),
    ratesInUse: deps.ratesInUse?.(),
  });
  return {
    'settings.get': () => view(),
    'settings.set': ({ values }) => {
      const next = deps.file.update(deps.startup, values);
      Object.assign(deps.live, next);
      const changedKeys = Object.keys(values);
      deps.log.info({ keys: changedKeys }, 'settings changed from the window');
      deps.applied(changedKeys);
      return view();
    },
  };
}
