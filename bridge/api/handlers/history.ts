// Console commands for the call log: thin calls to the store's reader (history, search, detail,
// export, daily stats) and writer (a caller's data-protection deletion). Arguments are already
// validated by the dispatcher against schemas.ts.
import type { StoreClient } from '../../store/client';
import type { Handlers } from '../rpc';

export type HistoryHandlers = Pick<
  Handlers,
  | 'history.list'
  | 'history.search'
  | 'history.detail'
  | 'history.export'
  | 'history.deleteCaller'
  | 'stats.daily'
>;

const DEFAULT_STATS_DAYS = 7;

export function historyHandlers(store: StoreClient): HistoryHandlers {
  return {
    'history.list': (args) => store.history(args),
    'history.search': (args) => store.search(args),
    'history.detail': ({ callId }) => store.detail(callId),
    'history.export': (args) => store.exportCalls(args),
    'history.deleteCaller': ({ number }) => store.deleteCaller(number),
    'stats.daily': ({ days }) => store.daily({ days: days ?? DEFAULT_STATS_DAYS }),
  };
}
