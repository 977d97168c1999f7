// The window's state, assembled once from the console client and the browser's pieces (injected, so
// the whole model runs in tests without a DOM): stores, live sync, listen-in, the dev phone, notices.
import type { Agent, QueueState, StatusView } from '../api/contract';
import type { TransportStatus } from '../api/transport';
import type { ConsoleClient } from '../api/console-client';
import { ListenIn, type ListenAudioContext } from '../features/live/listen-in';
import { DevPhone, type DevPhoneDeps } from '../features/phone/dev-phone';
import { Headset } from '../features/live/headset';
import { DialogStore } from './state/dialogs';
import { ExternalStore } from '../shared/state/external-store';
import { LinkStore } from './state/link';
import { LiveCallsStore } from '../shared/calls/live-calls';
import { startLiveSync, type LiveStores } from './state/live-sync';
import { MeStore, type KeyValueStorage } from './state/me';
import { NoticeStore, type NoticeTimers } from './state/notices';
import { TakeOverStore } from '../features/live/take-over';
import { notifyAttention, type NotificationApi } from './attention-notifier';
import { RouteStore, type HashPlace } from './route';

export interface AppEnvironment {
  readonly place: HashPlace;
  readonly storage: KeyValueStorage | null;
  readonly timers: NoticeTimers;
  readonly createAudioContext: () => ListenAudioContext;
  readonly phone: Omit<DevPhoneDeps, 'client'>;
  readonly notifications: NotificationApi | null;
  readonly windowInFront: () => boolean;
  /** Wall-clock milliseconds (when the board went stale). */
  readonly now?: () => number;
  /** A page served by a team host's LAN listener: this window is a teammate's from the start. */
  readonly teamHostAddress?: string;
}

export interface AppModel {
  readonly client: ConsoleClient;
  readonly route: RouteStore;
  readonly stores: LiveStores;
  readonly listen: ListenIn;
  readonly phone: DevPhone;
  /** This window's headset on a live call ("Take over here"). */
  readonly headset: Headset;
  readonly notices: NoticeStore;
  readonly dialogs: DialogStore;
  readonly theme: ExternalStore<Theme>;
  readonly notifications: NotificationApi | null;
  dispose(): void;
}

export type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'sauti.theme';

export function createAppModel(client: ConsoleClient, env: AppEnvironment): AppModel {
  const stores: LiveStores = {
    connection: new ExternalStore<TransportStatus>(client.status),
    link: new LinkStore(client.status, { now: env.now ?? Date.now, teamHostAddress: env.teamHostAddress }),
    calls: new LiveCallsStore(),
    agents: new ExternalStore<readonly Agent[]>([]),
    queue: new ExternalStore<QueueState>({ waiting: 0, longestWaitMs: 0 }),
    status: new ExternalStore<StatusView | null>(null),
    takeOver: new TakeOverStore(),
    me: new MeStore(env.storage),
  };
  const route = new RouteStore(env.place);
  const notices = new NoticeStore(env.timers);
  const stored = env.storage?.getItem(THEME_KEY);
  const theme = new ExternalStore<Theme>(stored === 'light' || stored === 'dark' ? stored : 'system');
  const offTheme = theme.subscribe(() => env.storage?.setItem(THEME_KEY, theme.get()));
  const stopSync = startLiveSync(client, stores, (message) => notices.add(message, 'error'));
  const offAttention = stores.calls.onAttention((kind, call) =>
    notifyAttention(
      {
        api: env.notifications,
        windowInFront: env.windowInFront,
        open: (callId) => route.navigate({ screen: 'live', callId }),
      },
      kind,
      call,
    ),
  );
  const listen = new ListenIn(client, env.createAudioContext);
  const phone = new DevPhone({ client, ...env.phone });
  const headset = new Headset({ client, startAudio: env.phone.startAudio });
  return {
    client,
    route,
    stores,
    listen,
    phone,
    headset,
    notices,
    dialogs: new DialogStore(),
    theme,
    notifications: env.notifications,
    dispose() {
      offAttention();
      offTheme();
      stopSync();
      listen.dispose();
      headset.dispose();
      phone.hangUp();
      route.dispose();
    },
  };
}
