// What actions may read and do: the console, the stores, the route and a few UI affordances (dialogs,
// notices) that the window provides.
import type { Agent, LiveCall } from '../api/contract';
import type { ConsoleClient } from '../api/console-client';
import type { Route } from './route';
import type { ListenIn } from '../features/live/listen-in';
import type { Headset } from '../features/live/headset';
import type { TakeOverStore } from '../features/live/take-over';

export interface UiAffordances {
  openWhisper(callId: string): void;
  pickAgent(callId: string): void;
  confirm(message: string, confirmLabel: string): Promise<boolean>;
  notify(message: string, tone: 'info' | 'error'): void;
  focusSearch(): void;
  toggleHelp(): void;
}

export interface ActionContext {
  readonly client: ConsoleClient;
  readonly route: Route;
  readonly navigate: (route: Route) => void;
  /** The call in focus: selected on the live board, or open in its view. */
  readonly call: LiveCall | null;
  /** Live calls in board order, for moving the selection. */
  readonly board: readonly LiveCall[];
  readonly me: Agent | null;
  /** A teammate's window: what only the host may do is not offered (the core would refuse it). */
  readonly teammate: boolean;
  readonly takeOver: TakeOverStore;
  readonly listen: ListenIn;
  /** This window's headset ("Take over here"). */
  readonly headset: Headset;
  readonly ui: UiAffordances;
}
