// React's view of an ExternalStore: re-renders when the snapshot changes.
import { useSyncExternalStore } from 'react';
import type { ReadableStore } from './external-store';

export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
