// What the core is to its two entries (Electron's main process and `npm run serve`): what it is built
// with, what it answers, and what tests reach into. bridge/core.ts builds it.
import type { RealtimeProvider } from '../ai/provider';
import type { AiThread } from '../ai/thread/ai-thread';
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import type { SecretStore } from '../base/secret-store';
import type { CallRegistry } from '../calls/registry';
import type { Config } from '../config/config';
import type { Pipe } from '../console/pipe';
import type { AgentRepository } from '../domain/agent';
import type { HumanSideFeature } from '../human/human-side';
import type { Reachability, ReachabilityDeps } from '../reachability/reachability';
import type { SettingsSecrets } from '../settings/settings-file';
import type { StoreClient } from '../store/client';
import type { TeamFeature } from '../team/team-feature';

export interface CoreDeps {
  clock: Clock;
  log: Log;
  /** Builds the AI provider from settings; null when none is configured. */
  createProvider: (config: Config) => RealtimeProvider | null;
  /**
   * Opens the models' sessions on the AI thread (ai/thread/), which builds its providers from the
   * settings with the app's own createProvider: on only when `createProvider` is that one. An AiThread
   * given here is shared (tests hand every core of a file one thread) and left running at stop.
   */
  aiThread?: boolean | AiThread;
  /** Where the built renderer lives (browser mode). */
  rendererDir: string;
  /** Whether to start the loopback console server (browser mode); Electron uses MessagePorts. */
  consoleServer: boolean;
  /** Where the agent roster is kept (the store's agents table); in memory when absent. */
  agentRepository?: AgentRepository;
  /** Where generated secrets live (Electron: sealed with safeStorage); a 0600 file in DATA_DIR when absent. */
  secrets?: SecretStore;
  /** Where the AI keys, Sautikit key and webhook secret set from the window are kept (Electron: safeStorage); settings.json when absent. */
  settingsSecrets?: SettingsSecrets;
  /** Test seams for the tunnel providers (ngrok package, cloudflared process, HTTP). */
  tunnelSeams?: Partial<Pick<ReachabilityDeps, 'ngrokLoad' | 'spawnCloudflared' | 'fetch'>>;
}

export interface StartedCore {
  readonly publicUrl: string;
  readonly port: number;
  readonly consoleUrl: string | null;
  readonly consolePort: number | null;
}

export interface Core {
  readonly config: Config;
  readonly registry: CallRegistry;
  /** The public URL, the tunnel, the numbers pointed here. */
  readonly reachability: Reachability;
  /** Hosting teammates. */
  readonly team: TeamFeature;
  /** The agents, the hand-off route, the waiting line. */
  readonly human: HumanSideFeature;
  /** The call log (history, the agents table, its settings table). */
  readonly store: StoreClient;
  start(): Promise<StartedCore>;
  stop(): Promise<void>;
  attachConsole(pipe: Pipe, identity: { agentId?: string }): () => void;
}
