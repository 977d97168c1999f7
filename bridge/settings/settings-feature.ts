// Settings from the window, assembled: the saved file read into the live config before anything else is
// built (loadSavedSettings), then settings.get/set, which rebuild the AI for the next call and tell
// every window.
import type { CurrentProvider } from '../ai/current-provider';
import type { Log } from '../base/log';
import { ratesInUse } from '../calls/rates-in-use';
import type { CarrierRates } from '../calls/carrier-rates';
import type { Config } from '../config/config';
import type { PublicUrl } from '../reachability/public-url';
import { applySavedSettings, settingsHandlers } from './console-handlers';
import { SettingsFile, type SettingsSecrets } from './settings-file';

export interface SavedSettings {
  readonly file: SettingsFile;
  /** The config as the environment made it at start (never changed). */
  readonly startup: Config;
}

/** Layers the settings saved from the window over the environment's, in `config` itself (changed in place). */
export function loadSavedSettings(config: Config, secrets?: SettingsSecrets): SavedSettings {
  const file = new SettingsFile(config.dataDir, process.env, secrets);
  const startup: Config = { ...config };
  applySavedSettings({ file, startup, live: config });
  return { file, startup };
}

export interface SettingsFeatureDeps {
  readonly saved: SavedSettings;
  /** The config every module reads from. */
  readonly config: Config;
  readonly log: Log;
  readonly publicUrl: Pick<PublicUrl, 'get'>;
  readonly ai: CurrentProvider;
  readonly rates: CarrierRates;
  /** Something every window shows changed (the status bar names the AI). */
  readonly changed: () => void;
}

export class SettingsFeature {
  constructor(private readonly deps: SettingsFeatureDeps) {}

  handlers(): ReturnType<typeof settingsHandlers> {
    const { saved, config, log, publicUrl, ai, rates, changed } = this.deps;
    return settingsHandlers({
      file: saved.file,
      startup: saved.startup,
      live: config,
      log,
      publicUrl: publicUrl.get,
      providerName: () => ai.name,
      ratesInUse: () => ratesInUse(rates, config, ai.name),
      applied: () => {
        // The next call connects with the new provider, key, model, voice and instructions.
        ai.rebuild();
        changed();
      },
    });
  }
}
